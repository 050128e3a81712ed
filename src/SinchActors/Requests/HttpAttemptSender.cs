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
/// The one shape of an attempt's outcome, from the sender to the decision: <see cref="Result"/>, what
/// <see cref="RetryDecision"/> classified and reads (to retry, and to count against the host's circuit), and the
/// response or the typed error to answer with. Built once, where the attempt ends.
/// </summary>
internal sealed record AttemptOutcome(
    RequestEnvelope Envelope,
    IssuedCredential Credential,
    AttemptResult Result,
    SinchResponse? Response,
    Exception? Error);

/// <summary>
/// Sends one attempt of a request: a fresh HTTP message (the body stays bytes, so it can be sent again) through
/// a per-attempt timeout that never runs past the request's deadline (<see cref="AttemptTimeouts"/>), inside the
/// circuit breaker of its (host, project) once one exists (built on the first failure there, see
/// <see cref="Projects.BreakerPipelines"/>), over the runtime's shared handler, and reads the body up to the size cap.
/// Never throws: every result becomes an <see cref="AttemptOutcome"/>, classified by <see cref="RetryDecision"/>.
/// </summary>
internal sealed class HttpAttemptSender
{
    private static readonly ResiliencePropertyKey<RequestEnvelope> EnvelopeKey = new("sinch-actors.envelope");
    private static readonly TimeSpan MinimumAttemptTimeout = TimeSpan.FromMilliseconds(1);

    private readonly HttpMessageInvoker _invoker;
    private readonly SinchRequestSettings _settings;
    private readonly TimeProvider _time;
    private readonly Func<ResiliencePipeline> _buildPipeline;
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
        if (!gate.Wait(0) && await WaitForTurnAsync(gate, envelope, credential).ConfigureAwait(false) is { } notSent)
            return notSent;
        // Started here, the span is current for the HTTP call (which propagates it) and no longer.
        Activity? activity = null;
        try
        {
            envelope.Completion.AttemptsSent = envelope.Attempt;
            activity = RequestTelemetry.StartAttempt(envelope.Completion.Activity, envelope.Request, envelope.Project.ProjectId,
                envelope.Attempt, envelope.Endpoint.Authority);
            AttemptOutcome outcome;
            if (envelope.Project.Breakers.Find(envelope.Endpoint.Authority) is { } breaker)
                outcome = await ThroughBreakerAsync(breaker, envelope, credential).ConfigureAwait(false);
            else
            {
                outcome = (await SendOnceAsync(envelope, credential).ConfigureAwait(false)).Result!;
                // Sent before the host had a breaker: a failure builds it, and once it exists every such outcome counts,
                // successes too, or the attempts in flight when the first failures came would count only as failures.
                if (RetryDecision.CountsAgainstCircuit(outcome.Result) || envelope.Project.Breakers.Find(envelope.Endpoint.Authority) is not null)
                    await RecordAsync(envelope, outcome).ConfigureAwait(false);
            }
            RequestTelemetry.AttemptCompleted(activity, outcome.Response, outcome.Error);
            return outcome;
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

    private async ValueTask<AttemptOutcome> ThroughBreakerAsync(ResiliencePipeline breaker, RequestEnvelope envelope, IssuedCredential credential)
    {
        var context = Context(envelope);
        try
        {
            var outcome = await breaker.ExecuteOutcomeAsync(static (_, state) => state.Sender.SendOnceAsync(state.Envelope, state.Credential),
                context, (Sender: this, Envelope: envelope, Credential: credential)).ConfigureAwait(false);
            // The attempt always ends in a result: an exception here is the breaker's own (the circuit is open), or a bug.
            if (outcome.Exception is BrokenCircuitException broken)
                return Failed(envelope, credential, broken);
            outcome.ThrowIfException();
            return outcome.Result!;
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
    private async Task<AttemptOutcome?> WaitForTurnAsync(SemaphoreSlim gate, RequestEnvelope envelope, IssuedCredential credential)
    {
        var cancellation = envelope.Completion.CancellationToken;
        try
        {
            var remaining = envelope.Remaining(_time);
            if (remaining > TimeSpan.Zero && await gate.WaitAsync(remaining, cancellation).ConfigureAwait(false))
                return null;
            return new AttemptOutcome(envelope, credential, AttemptResult.Failed(AttemptFailure.NotSent), null,
                envelope.DeadlineExceeded(envelope.Attempt - 1, envelope.LastError));
        }
        catch (OperationCanceledException e) when (cancellation.IsCancellationRequested)
        {
            return new AttemptOutcome(envelope, credential, AttemptResult.Failed(AttemptFailure.Final), null, e);
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
    private async ValueTask RecordAsync(RequestEnvelope envelope, AttemptOutcome outcome)
    {
        var breaker = envelope.Project.Breakers.GetOrAdd(envelope.Endpoint.Authority, _buildPipeline);
        var context = Context(envelope);
        try
        {
            await breaker.ExecuteOutcomeAsync(static (_, recorded) => ValueTask.FromResult(Outcome.FromResult(recorded)), context, outcome).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private ResiliencePipeline BuildPipeline()
    {
        var health = _health;
        return new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = _settings.BreakerFailureRatio,
                MinimumThroughput = _settings.BreakerMinimumThroughput,
                SamplingDuration = _settings.BreakerSamplingDuration,
                BreakDuration = _settings.BreakerBreakDuration,
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Result is AttemptOutcome outcome && RetryDecision.CountsAgainstCircuit(outcome.Result)),
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

    /// <summary>
    /// One HTTP exchange within the attempt's timeout, judged where it ends. A timeout that fired (not the caller's
    /// cancellation) becomes Polly's <see cref="TimeoutRejectedException"/>, which <see cref="RetryDecision.Classify"/>
    /// reads. Always a result: the breaker sees only its own exceptions.
    /// </summary>
    private async ValueTask<Outcome<AttemptOutcome>> SendOnceAsync(RequestEnvelope envelope, IssuedCredential credential)
    {
        var timeout = AttemptTimeout(envelope);
        var lease = _timeouts.Start(timeout, envelope.Completion.CancellationToken);
        // The caller's own message (HttpClient path) is sent as it is, again on a retry (its content is buffered), and stays theirs.
        var message = envelope.Message ?? NewMessage(envelope.Request, envelope.Uri);
        HttpResponseMessage response;
        byte[] body;
        try
        {
            message.Headers.Authorization = credential.Authorization;
            response = await _invoker.SendAsync(message, lease.Token).ConfigureAwait(false);
            try
            {
                // An HttpClient caller gets the response itself: its body stays in its content, buffered.
                body = (envelope.Message is null
                           ? await CappedBody.ReadAsync(response.Content, _settings.MaxResponseBytes, lease.Token).ConfigureAwait(false)
                           : await CappedBody.BufferAsync(response, _settings.MaxResponseBytes, lease.Token).ConfigureAwait(false))
                       ?? throw TooLarge(_settings.MaxResponseBytes, envelope);
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }
        catch (OperationCanceledException e) when (lease.TimedOut)
        {
            return Outcome.FromResult(Failed(envelope, credential,
                new TimeoutRejectedException($"The attempt did not complete within its timeout of {timeout}.", timeout, e)));
        }
        catch (Exception e)
        {
            return Outcome.FromResult(Failed(envelope, credential, e));
        }
        finally
        {
            _timeouts.End(lease);
            if (envelope.Message is null)
                message.Dispose();
        }
        return Outcome.FromResult(Answered(envelope, credential, response, body));
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

    /// <summary>
    /// An attempt that got an HTTP answer: the response, or the parsed API error; the issuer hears how its token was
    /// taken. An HttpClient caller gets the answer itself, whatever its status, so its response is handed over, not disposed.
    /// </summary>
    private AttemptOutcome Answered(RequestEnvelope envelope, IssuedCredential credential, HttpResponseMessage response, byte[] body)
    {
        var handOver = envelope.Message is not null ? response : null;
        using var disposed = handOver is null ? response : null;
        var request = envelope.Request;
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
            return new AttemptOutcome(envelope, credential, result, answer, null);
        }
        var apiError = SinchErrorParser.Parse(status, response.ReasonPhrase, body, request.Method,
            request.Path, envelope.Project.ProjectId, _settings.MaxErrorBodyBytes,
            new ErrorContext(result.RetryAfter, RequestIdHeader.Read(response.Headers), envelope.Completion.TraceId));
        ReportToIssuer(credential, status, apiError);
        return new AttemptOutcome(envelope, credential, result, answer, apiError);
    }

    /// <summary>An attempt that got no HTTP answer, classified by <see cref="RetryDecision.Classify"/>.</summary>
    private AttemptOutcome Failed(RequestEnvelope envelope, IssuedCredential credential, Exception error)
    {
        var result = RetryDecision.Classify(error, envelope.Completion.CancellationToken.IsCancellationRequested);
        return new AttemptOutcome(envelope, credential, result, null, ErrorFor(envelope, error, result.Failure));
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
