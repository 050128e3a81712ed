using Akka.Actor;

namespace SinchActors.Requests;

/// <summary>
/// The <see cref="ISinchClient"/> facade: admits the request through the <see cref="RequestIntake"/> and hands it to
/// the worker pool, like the actor-native path; returns the task its completion answers. No Ask, no temporary
/// actor per call.
/// </summary>
internal sealed class SinchClient : ISinchClient
{
    private readonly RequestIntake _intake;
    private readonly IActorRef _pool;

    public SinchClient(RequestIntake intake, IActorRef pool)
    {
        _intake = intake;
        _pool = pool;
        AccessKeys = new AccessKeysClient(this);
        Sms = new SmsClient(this);
        Numbers = new NumbersClient(this);
    }

    public AccessKeysClient AccessKeys { get; }

    public SmsClient Sms { get; }

    public NumbersClient Numbers { get; }

    public Task<SinchResponse> SendAsync(SinchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (cancellationToken.IsCancellationRequested)
            return Task.FromCanceled<SinchResponse>(cancellationToken);
        var completion = new TaskRequestCompletion();
        if (_intake.Admit(request, completion, cancellationToken) is { } envelope)
            _pool.Tell(envelope);
        return completion.Task;
    }

    /// <summary>
    /// Sends an <c>HttpClient</c>'s request for <paramref name="projectId"/> through the same pipeline, to its own
    /// absolute URI with its own headers and (already buffered) content; the answer's <see cref="SinchResponse.HttpMessage"/>
    /// is the HTTP answer, whatever its status. Failures without a final HTTP answer are thrown as by <see cref="SendAsync"/>.
    /// </summary>
    internal Task<SinchResponse> ExchangeAsync(string projectId, HttpRequestMessage message, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
            return Task.FromCanceled<SinchResponse>(cancellationToken);
        var uri = message.RequestUri!;
        // Describes the call for errors, idempotency and telemetry; the message itself is what is sent.
        var request = new SinchRequest(message.Method.Method, projectId, uri, uri.AbsolutePath);
        var completion = new TaskRequestCompletion();
        if (_intake.Admit(request, completion, cancellationToken, message) is { } envelope)
            _pool.Tell(envelope);
        return completion.Task;
    }
}
