using Akka.Actor;
using SinchActors.Api.AccessKeys;
using SinchActors.Projects;

namespace SinchActors.Requests;

/// <summary>
/// The <see cref="ISinchClient"/> facade: admits the request and returns the task its completion answers. No
/// actor, Ask or extra task per call.
/// </summary>
/// <remarks>
/// The worker pool is the control plane: it waits for tokens, judges retryable outcomes and lets its supervisor
/// schedule the retries. A first attempt whose project already holds a usable token needs none of that, so it
/// starts right here, with the same <see cref="AttemptRunner"/> a worker uses, and skips the mailbox hop. Its final
/// outcome answers the request directly; a retryable one goes to the pool, like a worker's own. Everything else (a
/// missing or expiring token) is handed to the pool.
/// </remarks>
internal sealed class SinchClient : ISinchClient
{
    private readonly RequestIntake _intake;
    private readonly IActorRef _pool;
    private readonly HttpAttemptSender _sender;
    private readonly TimeProvider _time;

    public SinchClient(RequestIntake intake, IActorRef pool, HttpAttemptSender sender, TimeProvider time)
    {
        _intake = intake;
        _pool = pool;
        _sender = sender;
        _time = time;
        AccessKeys = new AccessKeysClient(this);
    }

    public AccessKeysClient AccessKeys { get; }

    public Task<SinchResponse> SendAsync(SinchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (cancellationToken.IsCancellationRequested)
            return Task.FromCanceled<SinchResponse>(cancellationToken);
        var project = _intake.Find(request, out var needsLookup);
        if (needsLookup)
            return SendAfterLookupAsync(request, cancellationToken);
        return Admit(request, project, cancellationToken);
    }

    private Task<SinchResponse> Admit(SinchRequest request, ProjectHandle? project, CancellationToken cancellationToken)
    {
        var completion = new TaskRequestCompletion();
        if (_intake.TryAdmit(request, project, completion) is { } envelope)
        {
            completion.ObserveCancellation(cancellationToken);
            Start(envelope);
        }
        return completion.Task;
    }

    /// <summary>Sends the first attempt at once when the token is warm (the checks a worker makes first); else the pool does.</summary>
    private void Start(RequestEnvelope envelope)
    {
        if (envelope.Completion.IsCompleted)
            return; // cancelled while being admitted
        var binding = envelope.Project.Binding;
        if (envelope.Remaining(_time) > TimeSpan.Zero && binding.Slot.TryGet(out var credential) && envelope.Accepts(credential))
            _ = AttemptRunner.RunAsync(_sender, envelope, credential, _pool);
        else
            _pool.Tell(envelope);
    }

    /// <summary>The first requests of a project the credentials provider may know: only they pay for the lookup.</summary>
    private async Task<SinchResponse> SendAfterLookupAsync(SinchRequest request, CancellationToken cancellationToken)
    {
        if (await _intake.LookUpAsync(request, cancellationToken).ConfigureAwait(false) is { } error)
            throw error;
        var project = _intake.Find(request, out _);
        return await Admit(request, project, cancellationToken).ConfigureAwait(false);
    }
}
