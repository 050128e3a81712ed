using System.Diagnostics;
using Akka.Actor;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using SinchActors.Auth;
using SinchActors.Diagnostics;
using SinchActors.Http;

namespace SinchActors.Requests;

/// <summary>
/// The result of one attempt: the response or the typed error to answer with, and <see cref="Result"/>, what
/// <see cref="RetryDecision.Decide"/> reads to choose between answering and trying again.
/// </summary>
internal sealed record AttemptOutcome(
    RequestEnvelope Envelope,
    AttemptResult Result,
    SinchResponse? Response,
    Exception? Error,
    IssuedCredential Credential);

/// <summary>
/// Sends one attempt of a request: a fresh HTTP message (the body stays bytes, so it can be sent again) through
/// a per-attempt timeout that never runs past the request's deadline (<see cref="AttemptTimeouts"/>), inside the
/// circuit breaker of its (host, project) once one exists (built on the first failure there, see
/// <see cref="Projects.BreakerPipelines"/>), over the runtime's shared handler, and reads the body up to the size cap.
/// Never throws: every result becomes an <see cref="AttemptOutcome"/>.
/// </summary>
internal sealed class HttpAttemptSender
{
    private static readonly ResiliencePropertyKey<RequestEnvelope> EnvelopeKey = new("sinch-actors.envelope");
    private static readonly TimeSpan MinimumAttemptTimeout = TimeSpan.FromMilliseconds(1);

    private readonly HttpMessageInvoker _invoker;
    private readonly SinchRequestSettings _settings;
    private readonly TimeProvider _time;
    private readonly Func<ResiliencePipeline<HttpAttemptResult>> _buildPipeline;
    private readonly AttemptTimeouts _timeouts;
    private readonly RuntimeHealth? _health;
    private readonly ConnectionGates _gates;

    public HttpAttemptSender(HttpMessageInvoker invoker, SinchRequestSettings settings, TimeProvider time, RuntimeHealth? health = null)
    {
        _invoker = invoker;
        _settings = settings;
        _time = time;
        _health = health;
        _gates = new ConnectionGates(settings.MaxConnectionsPerServer);
        _timeouts = new AttemptTimeouts(time);
        _buildPipeline = BuildPipeline;
    }

    /// <summary>
    /// Takes a turn at the host (waiting within the deadline) and sends the attempt, through the host's breaker when
    /// the project has one. One async method for the turn and the judging, so a warm attempt pays for two state
    /// machines in all (this one and <see cref="SendOnceAsync"/>'s).
    /// </summary>
    public async Task<AttemptOutcome> SendAsync(RequestEnvelope envelope, IssuedCredential credential)
    {
        var gate = _gates.For(envelope.Endpoint.Authority);
        if (!gate.Wait(0) && await WaitForTurnAsync(gate, envelope).ConfigureAwait(false) is { } notSent)
            return new AttemptOutcome(envelope, notSent.Result, null, notSent.Error, credential);
        // Started here, the span is current for the HTTP call (which propagates it) and no longer.
        Activity? activity = null;
        try
        {
            envelope.Completion.AttemptsSent = envelope.Attempt;
            activity = RequestTelemetry.StartAttempt(envelope.Completion.Activity, envelope.Request, envelope.Project.ProjectId,
                envelope.Attempt, envelope.Endpoint.Authority);
            Outcome<HttpAttemptResult> outcome;
            if (envelope.Project.Breakers.Find(envelope.Endpoint.Authority) is { } breaker)
                outcome = await ThroughBreakerAsync(breaker, envelope, credential).ConfigureAwait(false);
            else
            {
                outcome = await SendOnceAsync(envelope, credential).ConfigureAwait(false);
                // Sent before the host had a breaker: a failure builds it, and once it exists every such outcome counts,
                // successes too, or the attempts in flight when the first failures came would count only as failures.
                if (CountsAgainstCircuit(outcome) || envelope.Project.Breakers.Find(envelope.Endpoint.Authority) is not null)
                    await RecordAsync(envelope, outcome).ConfigureAwait(false);
            }
            var judged = Judge(envelope, credential, outcome);
            RequestTelemetry.AttemptCompleted(activity, judged.Response, judged.Error);
            return judged;
        }
        catch (Exception e)
        {
            RequestTelemetry.AttemptCompleted(activity, null, e);
            throw;
        }
        finally
        {
            gate.Release();
        }
    }

    private async ValueTask<Outcome<HttpAttemptResult>> ThroughBreakerAsync(
        ResiliencePipeline<HttpAttemptResult> breaker, RequestEnvelope envelope, IssuedCredential credential)
    {
        var context = Context(envelope);
        try
        {
            return await breaker.ExecuteOutcomeAsync(static (_, state) => state.Sender.SendOnceAsync(state.Envelope, state.Credential),
                context, (Sender: this, Envelope: envelope, Credential: credential)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>A Polly context for the breaker: the circuit's state changes read the envelope (which (host, project) they concern).</summary>
    private static ResilienceContext Context(RequestEnvelope envelope)
    {
        var context = ResilienceContextPool.Shared.Get(envelope.Completion.CancellationToken);
        context.Properties.Set(EnvelopeKey, envelope);
        return context;
    }

    /// <summary>
    /// Waits, within the request's deadline, for a turn at the host; the attempt timeout has not started. <c>null</c>
    /// once the turn is taken; otherwise why the attempt was never sent.
    /// </summary>
    private async Task<(AttemptResult Result, Exception Error)?> WaitForTurnAsync(SemaphoreSlim gate, RequestEnvelope envelope)
    {
        var cancellation = envelope.Completion.CancellationToken;
        try
        {
            var remaining = envelope.Remaining(_time);
            if (remaining > TimeSpan.Zero && await gate.WaitAsync(remaining, cancellation).ConfigureAwait(false))
                return null;
            return (AttemptResult.Failed(AttemptFailure.NotSent), envelope.DeadlineExceeded(envelope.Attempt - 1, envelope.LastError));
        }
        catch (OperationCanceledException e) when (cancellation.IsCancellationRequested)
        {
            return (AttemptResult.Failed(AttemptFailure.Final), e);
        }
    }

    /// <summary>
    /// The attempt's timeout: <see cref="SinchRequestSettings.AttemptTimeout"/>, never past the request's deadline.
    /// An almost spent deadline still gets a tiny one (it ends the attempt as a timeout, as a spent deadline should).
    /// </summary>
    private TimeSpan AttemptTimeout(RequestEnvelope envelope)
    {
        var remaining = envelope.Remaining(_time);
        var timeout = remaining < _settings.AttemptTimeout ? remaining : _settings.AttemptTimeout;
        return timeout > MinimumAttemptTimeout ? timeout : MinimumAttemptTimeout;
    }

    /// <summary>
    /// Counts the outcome of an attempt sent without a breaker in its host's breaker, building it on the first failure,
    /// as if the attempt had gone through it (the outcome is passed through unchanged; an open circuit ignores it).
    /// </summary>
    private async ValueTask RecordAsync(RequestEnvelope envelope, Outcome<HttpAttemptResult> outcome)
    {
        var breaker = envelope.Project.Breakers.GetOrAdd(envelope.Endpoint.Authority, _buildPipeline);
        var context = Context(envelope);
        try
        {
            await breaker.ExecuteOutcomeAsync(static (_, recorded) => ValueTask.FromResult(recorded), context, outcome).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private ResiliencePipeline<HttpAttemptResult> BuildPipeline()
    {
        var health = _health;
        return new ResiliencePipelineBuilder<HttpAttemptResult> { TimeProvider = _time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpAttemptResult>
            {
                FailureRatio = _settings.BreakerFailureRatio,
                MinimumThroughput = _settings.BreakerMinimumThroughput,
                SamplingDuration = _settings.BreakerSamplingDuration,
                BreakDuration = _settings.BreakerBreakDuration,
                ShouldHandle = static args => ValueTask.FromResult(CountsAgainstCircuit(args.Outcome)),
                OnOpened = args =>
                {
                    if (health is not null && args.Context.Properties.TryGetValue(EnvelopeKey, out var envelope))
                        health.CircuitOpened(envelope.Endpoint.Authority, envelope.Project.ProjectId);
                    return ValueTask.CompletedTask;
                },
                OnClosed = args =>
                {
                    if (health is not null && args.Context.Properties.TryGetValue(EnvelopeKey, out var envelope))
                        health.CircuitClosed(envelope.Endpoint.Authority, envelope.Project.ProjectId);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>Server trouble counts; throttling, client errors and the caller's cancellation do not.</summary>
    private static bool CountsAgainstCircuit(Outcome<HttpAttemptResult> outcome) =>
        outcome.Exception is HttpRequestException or TimeoutRejectedException or IOException ||
        outcome.Result.Response is { StatusCode: >= System.Net.HttpStatusCode.InternalServerError };

    /// <summary>
    /// One HTTP exchange within the attempt's timeout. A timeout that fired (not the caller's cancellation) comes out
    /// as Polly's <see cref="TimeoutRejectedException"/>, which the breaker counts and <see cref="Classify"/> reads.
    /// </summary>
    private async ValueTask<Outcome<HttpAttemptResult>> SendOnceAsync(RequestEnvelope envelope, IssuedCredential credential)
    {
        var timeout = AttemptTimeout(envelope);
        var lease = _timeouts.Start(timeout, envelope.Completion.CancellationToken);
        // The caller's own message (HttpClient path) is sent as it is, again on a retry (its content is buffered), and stays theirs.
        var message = envelope.Message ?? NewMessage(envelope.Request, envelope.Uri);
        try
        {
            message.Headers.Authorization = credential.Authorization;
            var response = await _invoker.SendAsync(message, lease.Token).ConfigureAwait(false);
            try
            {
                // An HttpClient caller gets the response itself: its body stays in its content, buffered.
                var body = (envelope.Message is null
                               ? await CappedBody.ReadAsync(response.Content, _settings.MaxResponseBytes, lease.Token).ConfigureAwait(false)
                               : await CappedBody.BufferAsync(response, _settings.MaxResponseBytes, lease.Token).ConfigureAwait(false))
                           ?? throw TooLarge(_settings.MaxResponseBytes, envelope);
                return Outcome.FromResult(new HttpAttemptResult(response, body));
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }
        catch (OperationCanceledException e) when (lease.TimedOut)
        {
            return Outcome.FromException<HttpAttemptResult>(
                new TimeoutRejectedException($"The attempt did not complete within its timeout of {timeout}.", timeout, e));
        }
        catch (Exception e)
        {
            return Outcome.FromException<HttpAttemptResult>(e);
        }
        finally
        {
            _timeouts.End(lease);
            if (envelope.Message is null)
                message.Dispose();
        }
    }

    private static HttpRequestMessage NewMessage(SinchRequest request, Uri uri)
    {
        var message = new HttpRequestMessage(request.HttpMethod, uri);
        if (request.Body.Length > 0)
        {
            message.Content = new ReadOnlyMemoryContent(request.Body);
            // A raw value, not a shared MediaTypeHeaderValue: those are mutable, and parsing one per POST is waste.
            message.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        }
        return message;
    }

    private static SinchResponseTooLargeException TooLarge(long limit, RequestEnvelope envelope) =>
        new(limit, envelope.Request.Method, envelope.Request.Path, envelope.Project.ProjectId);

    private AttemptOutcome Judge(RequestEnvelope envelope, IssuedCredential credential, Outcome<HttpAttemptResult> outcome)
    {
        var request = envelope.Request;
        if (outcome.Exception is { } error)
        {
            var failure = Classify(envelope, error);
            return new AttemptOutcome(envelope, AttemptResult.Failed(failure), null, ErrorFor(envelope, error, failure), credential);
        }

        var (response, body) = outcome.Result;
        // An HttpClient caller gets the answer itself, whatever its status.
        var handOver = envelope.Message is not null ? response : null;
        using var disposed = handOver is null ? response : null;
        var status = (int)response.StatusCode;
        var result = new AttemptResult(status, RetryAfterHeader.Wait(response.Headers, _time));
        var success = status is >= 200 and < 300;
        var answer = success || handOver is not null
            ? new SinchResponse(response.StatusCode, response.Headers, response.Content.Headers, body, envelope.Attempt)
                { ProjectId = envelope.Project.ProjectId, HttpMessage = handOver }
            : null;
        if (success)
        {
            credential.ReportAccepted();
            return new AttemptOutcome(envelope, result, answer, null, credential);
        }
        var apiError = SinchErrorParser.Parse(status, response.ReasonPhrase, outcome.Result.Body, request.Method,
            request.Path, envelope.Project.ProjectId, _settings.MaxErrorBodyBytes,
            new ErrorContext(result.RetryAfter, RequestIdHeader.Read(response.Headers), envelope.Completion.TraceId));
        ReportToIssuer(credential, status, apiError);
        return new AttemptOutcome(envelope, result, answer, apiError, credential);
    }

    /// <summary>
    /// Tells the credential's token manager how Sinch took it: every 401 (the manager replaces a generation at most
    /// once, and counts generations rejected before any call was accepted), and that it was accepted otherwise.
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

    /// <summary>What a failure without an HTTP answer says about whether the request reached the server.</summary>
    internal static AttemptFailure Classify(RequestEnvelope envelope, Exception error) => error switch
    {
        SinchException or BrokenCircuitException => AttemptFailure.Final,
        OperationCanceledException when envelope.Completion.CancellationToken.IsCancellationRequested => AttemptFailure.Final,
        TimeoutRejectedException => AttemptFailure.MaybeSent,
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } => AttemptFailure.NotSent,
        // SocketsHttpHandler's connect-timeout: no connection was made, so nothing was sent.
        OperationCanceledException { InnerException: TimeoutException } => AttemptFailure.NotSent,
        HttpRequestException or IOException => AttemptFailure.MaybeSent,
        _ => AttemptFailure.Final,
    };

    private Exception ErrorFor(RequestEnvelope envelope, Exception error, AttemptFailure failure) => error switch
    {
        SinchException => error,
        OperationCanceledException when envelope.Completion.CancellationToken.IsCancellationRequested => error,
        BrokenCircuitException broken => new SinchCircuitOpenException(envelope.Project.ProjectId, envelope.Endpoint.Authority, broken.RetryAfter, broken),
        // The deadline cut this attempt short: the previous attempt's failure says more than "timed out".
        TimeoutRejectedException when envelope.Remaining(_time) <= TimeSpan.Zero => envelope.DeadlineExceeded(envelope.Attempt, envelope.LastError ?? error),
        _ => new SinchTransportException(envelope.Request.Method, envelope.Request.Path, envelope.Project.ProjectId,
            failure != AttemptFailure.NotSent, error),
    };
}
