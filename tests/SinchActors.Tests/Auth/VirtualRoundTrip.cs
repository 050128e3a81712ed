using SinchActors.Auth;

namespace SinchActors.Tests.Auth;

/// <summary>
/// A token client whose answers take a round trip of virtual time: each request reaches the emulator at once (real
/// HTTP, while virtual time stands still), and its answer is held until the spec releases it, once the virtual clock
/// has passed the send plus <c>latency</c>. So the server issues a token at the moment it was asked, and the manager
/// only hears of it a round trip later, as over a real network; and no answer lands while the spec moves time. With no
/// latency answers pass straight through, and the spec can still await them.
/// </summary>
internal sealed class VirtualRoundTrip(ITokenClient inner, TimeProvider clock, TimeSpan latency) : ITokenClient
{
    private readonly object _gate = new();
    private readonly List<InFlight> _inFlight = [];
    private int _sent;
    private TaskCompletionSource _nextSent = NewSignal();

    /// <summary>Token requests sent.</summary>
    public int Sent
    {
        get
        {
            lock (_gate)
                return _sent;
        }
    }

    /// <summary>Requests whose answer the manager has not been given yet.</summary>
    public int Unreleased
    {
        get
        {
            lock (_gate)
                return _inFlight.Count;
        }
    }

    /// <summary>Completes when the next token request is sent.</summary>
    public Task NextSent
    {
        get
        {
            lock (_gate)
                return _nextSent.Task;
        }
    }

    public Task<TokenGrant> FetchAsync(SinchCredentials credentials, CancellationToken cancellationToken)
    {
        var arrival = new TaskCompletionSource<TokenGrant>(TaskCreationOptions.RunContinuationsAsynchronously);
        cancellationToken.Register(() => arrival.TrySetCanceled(cancellationToken)); // the fetch timed out or its manager stopped
        var answer = inner.FetchAsync(credentials, cancellationToken);
        if (latency == TimeSpan.Zero)
            answer.ContinueWith(done => Complete(arrival, done), TaskScheduler.Default);
        TaskCompletionSource sent;
        lock (_gate)
        {
            _inFlight.Add(new InFlight(clock.GetUtcNow() + latency, answer, arrival));
            _sent++;
            (sent, _nextSent) = (_nextSent, NewSignal());
        }
        sent.SetResult();
        return arrival.Task;
    }

    /// <summary>Completes once every request sent so far has its answer from the server (or failed).</summary>
    public Task AnsweredAsync()
    {
        Task[] answers;
        lock (_gate)
            answers = _inFlight.Select(f => f.Answer).ToArray();
        return Task.WhenAll(answers).ContinueWith(static _ => { }, TaskScheduler.Default);
    }

    /// <summary>Gives the managers the answers whose round trip has passed on the virtual clock; returns how many.</summary>
    public int ReleaseDue()
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            var due = _inFlight.Where(f => f.DueAt <= now && f.Answer.IsCompleted || f.Arrival.Task.IsCompleted).ToList();
            foreach (var flight in due)
            {
                _inFlight.Remove(flight);
                Complete(flight.Arrival, flight.Answer);
            }
            return due.Count;
        }
    }

    private static void Complete(TaskCompletionSource<TokenGrant> arrival, Task<TokenGrant> answer)
    {
        if (answer.IsCompletedSuccessfully)
            arrival.TrySetResult(answer.Result);
        else
            arrival.TrySetException(answer.Exception?.InnerExceptions ?? [new OperationCanceledException()]);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed record InFlight(DateTimeOffset DueAt, Task<TokenGrant> Answer, TaskCompletionSource<TokenGrant> Arrival);
}
