using Polly;
using Polly.CircuitBreaker;
using SinchActors.Auth;

namespace SinchActors.Requests;

// The circuit breaker around an attempt, apart from the send itself: a (host, project) gets its Polly breaker on its
// first failure (Projects.BreakerPipelines), so a healthy host's attempts pay for no pipeline; once it exists every
// attempt goes through it, and the outcome of an attempt sent just before is recorded in it as if it had.
internal sealed partial class HttpAttemptSender
{
    private static readonly ResiliencePropertyKey<RequestEnvelope> EnvelopeKey = new("sinch-actors.envelope");

    private async ValueTask<AttemptOutcome> ThroughBreakerAsync(ResiliencePipeline breaker, RequestEnvelope envelope, IssuedCredential credential)
    {
        var context = Context(envelope);
        try
        {
            var outcome = await breaker.ExecuteOutcomeAsync(static (_, state) => state.Sender.SendOnceAsync(state.Envelope, state.Credential),
                context, (Sender: this, Envelope: envelope, Credential: credential)).ConfigureAwait(false);
            // The attempt always ends in a result: an exception here is the breaker's own (the circuit is open), or a bug.
            if (outcome.Exception is BrokenCircuitException broken)
                return AttemptOutcome.Failed(envelope, credential, broken, _time);
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
}
