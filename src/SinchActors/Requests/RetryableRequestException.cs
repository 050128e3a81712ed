using Akka.Actor;

namespace SinchActors.Requests;

/// <summary>
/// Thrown by a request worker when an attempt failed transiently. It carries the request's envelope because a
/// failing message is not redelivered: the pool's <see cref="RequestSupervisorStrategy"/> re-enqueues it.
/// </summary>
internal sealed class RetryableRequestException : Exception
{
    public RetryableRequestException(RequestEnvelope envelope, IActorRef pool, Exception cause, TimeSpan? retryAfter, bool immediately)
        : base($"Attempt {envelope.Attempt} of {envelope.Request.Method} {envelope.Request.Path} failed transiently.", cause)
    {
        Envelope = envelope;
        Pool = pool;
        RetryAfter = retryAfter;
        Immediately = immediately;
    }

    /// <summary>The request as its failed attempt was sent.</summary>
    public RequestEnvelope Envelope { get; }

    /// <summary>The pool the worker belongs to, where the retry is enqueued.</summary>
    public IActorRef Pool { get; }

    /// <summary>The server's Retry-After, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Retry at once, outside the back-off budget (after a 401, with the next token).</summary>
    public bool Immediately { get; }
}
