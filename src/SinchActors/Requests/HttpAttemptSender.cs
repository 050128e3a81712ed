using System.Diagnostics;
using Polly;
using Polly.Timeout;
using SinchActors.Auth;
using SinchActors.Diagnostics;
using SinchActors.Http;

namespace SinchActors.Requests;

/// <summary>
/// Sends one attempt of a request: a fresh HTTP message (the body stays bytes, so it can be sent again) through
/// a per-attempt timeout that never runs past the request's deadline (<see cref="AttemptTimeouts"/>), inside the
/// circuit breaker of its (host, project) once one exists (built on the first failure there, see
/// <see cref="Projects.BreakerPipelines"/>), over the runtime's shared handler, and reads the body up to the size cap.
/// Never throws: every result becomes an <see cref="AttemptOutcome"/>, classified by <see cref="RetryDecision"/>.
/// This file is the send itself (the turn at the host, the timeout, the exchange and the body); the breaker around it
/// is in HttpAttemptSender.Breaker.cs, and how its end becomes an outcome in AttemptOutcome.cs.
/// </summary>
internal sealed partial class HttpAttemptSender
{
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
            return Outcome.FromResult(AttemptOutcome.Failed(envelope, credential,
                new TimeoutRejectedException($"The attempt did not complete within its timeout of {timeout}.", timeout, e), _time));
        }
        catch (Exception e)
        {
            return Outcome.FromResult(AttemptOutcome.Failed(envelope, credential, e, _time));
        }
        finally
        {
            _timeouts.End(lease);
            if (envelope.Message is null)
                message.Dispose();
        }
        return Outcome.FromResult(AttemptOutcome.Answered(envelope, credential, response, body, _settings.MaxErrorBodyBytes, _time));
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

}
