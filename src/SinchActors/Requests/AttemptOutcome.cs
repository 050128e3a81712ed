using Akka.Actor;
using Polly.CircuitBreaker;
using Polly.Timeout;
using SinchActors.Auth;
using SinchActors.Http;

namespace SinchActors.Requests;

/// <summary>
/// The one shape of an attempt's outcome, from the sender to the decision: <see cref="Result"/>, what
/// <see cref="RetryDecision"/> classified and reads (to retry, and to count against the host's circuit), and the
/// response or the typed error to answer with. Built once, where the attempt ends, by <see cref="Answered"/> or
/// <see cref="Failed"/>: this file is how an HTTP answer or an exception becomes what the caller is told, apart from
/// how the attempt is sent (<see cref="HttpAttemptSender"/>).
/// </summary>
internal sealed record AttemptOutcome(
    RequestEnvelope Envelope,
    IssuedCredential Credential,
    AttemptResult Result,
    SinchResponse? Response,
    Exception? Error)
{
    /// <summary>
    /// An attempt that got an HTTP answer: the response, or the parsed API error; the issuer hears how its token was
    /// taken. An HttpClient caller gets the answer itself, whatever its status, so its response is handed over, not disposed.
    /// </summary>
    public static AttemptOutcome Answered(RequestEnvelope envelope, IssuedCredential credential, HttpResponseMessage response, byte[] body,
        int maxErrorBodyBytes, TimeProvider time)
    {
        var handOver = envelope.Message is not null ? response : null;
        using var disposed = handOver is null ? response : null;
        var request = envelope.Request;
        var status = (int)response.StatusCode;
        var result = new AttemptResult(status, RetryAfterHeader.Wait(response.Headers, time));
        var success = status is >= 200 and < 300;
        var answer = success || handOver is not null
            ? new SinchResponse(response.StatusCode, response.Headers, response.Content.Headers, body, envelope.Attempt)
                { ProjectId = envelope.Project.ProjectId, HttpMessage = handOver }
            : null;
        if (success)
        {
            credential.ReportAccepted();
            return new AttemptOutcome(envelope, credential, result, answer, null);
        }
        var apiError = SinchErrorParser.Parse(status, response.ReasonPhrase, body, request.Method,
            request.Path, envelope.Project.ProjectId, maxErrorBodyBytes,
            new ErrorContext(result.RetryAfter, RequestIdHeader.Read(response.Headers), envelope.Completion.TraceId));
        ReportToIssuer(credential, status, apiError);
        return new AttemptOutcome(envelope, credential, result, answer, apiError);
    }

    /// <summary>An attempt that got no HTTP answer, classified by <see cref="RetryDecision.Classify"/>.</summary>
    public static AttemptOutcome Failed(RequestEnvelope envelope, IssuedCredential credential, Exception error, TimeProvider time)
    {
        var result = RetryDecision.Classify(error, envelope.Completion.CancellationToken.IsCancellationRequested);
        return new AttemptOutcome(envelope, credential, result, null, ErrorFor(envelope, error, result.Failure, time));
    }

    /// <summary>
    /// Tells the credential's token manager how Sinch took it: every 401 (the manager replaces a generation at most
    /// once, and counts generations rejected before any call was accepted), and that it was accepted otherwise. The
    /// retry after a 401 reports it again (see <see cref="TokenManager.GetCredential.NewerThan"/>).
    /// </summary>
    private static void ReportToIssuer(IssuedCredential credential, int status, Exception apiError)
    {
        if (status != 401)
            credential.ReportAccepted();
        else
            credential.Issuer?.Tell(new TokenManager.TokenRejected(credential.Generation)
            {
                ApiMessage = apiError is SinchApiException api ? $"{api.Code} {api.ErrorMessage}".Trim() : null,
            });
    }

    private static Exception ErrorFor(RequestEnvelope envelope, Exception error, AttemptFailure failure, TimeProvider time) => error switch
    {
        SinchException => error,
        OperationCanceledException when envelope.Completion.CancellationToken.IsCancellationRequested => error,
        BrokenCircuitException broken => new SinchCircuitOpenException(envelope.Project.ProjectId, envelope.Endpoint.Authority, broken.RetryAfter, broken),
        // The deadline cut this attempt short: the previous attempt's failure says more than "timed out".
        TimeoutRejectedException when envelope.Remaining(time) <= TimeSpan.Zero => envelope.DeadlineExceeded(envelope.Attempt, envelope.LastError ?? error),
        _ => new SinchTransportException(envelope.Request.Method, envelope.Request.Path, envelope.Project.ProjectId,
            failure != AttemptFailure.NotSent, error),
    };
}
