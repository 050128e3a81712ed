using Akka.Actor;

namespace SinchActors.Auth;

/// <summary>
/// A key's secret and its rotation (<see cref="TokenManager.UpdateCredentials"/>): the verified credentials, and new
/// ones being verified with a token request until a token verifies them, the endpoint refuses them or their timeout
/// passes; whoever asked hears the outcome once. Owned by the key's token manager as a field used in place (a mutable
/// struct: an idle key pays no object for it).
/// </summary>
internal struct CredentialRotation(SinchCredentials verified)
{
    private Update? _update;
    private ICancelable? _timer;

    /// <summary>The credentials in use: those given at creation or the last ones verified.</summary>
    public SinchCredentials Verified { readonly get; private set; } = verified;

    /// <summary>The credentials being verified, or <c>null</c>.</summary>
    public readonly SinchCredentials? Pending => _update?.Credentials;

    /// <summary>The credentials the next token request uses: those being verified, else the verified ones.</summary>
    public readonly SinchCredentials Target => _update?.Credentials ?? Verified;

    /// <summary>Whether <paramref name="due"/> is the timeout of the update in progress (not of one it replaced).</summary>
    public readonly bool IsCurrent(TimedOut due) => ReferenceEquals(due.Update, _update);

    /// <summary>Starts verifying <paramref name="update"/>'s credentials, in place of an update in progress, whose watchers hear this one's outcome.</summary>
    /// <param name="update">The update.</param>
    /// <param name="self">Gets <see cref="TimedOut"/> when the update's timeout passes first.</param>
    /// <param name="scheduler">Schedules that timeout.</param>
    public void Begin(TokenManager.UpdateCredentials update, IActorRef self, IScheduler scheduler)
    {
        ArgumentNullException.ThrowIfNull(update.Credentials);
        var reportTo = _update?.ReportTo ?? [];
        if (update.ReportTo is { } watcher && !reportTo.Contains(watcher))
            reportTo = [.. reportTo, watcher];
        _update = new Update(update.Credentials, reportTo);
        _timer?.Cancel();
        _timer = update.Timeout is { } timeout
            ? scheduler.ScheduleTellOnceCancelable(timeout > TimeSpan.Zero ? timeout : TimeSpan.Zero, self, new TimedOut(_update), self)
            : null;
    }

    /// <summary>The credentials being verified produced a token: they are the key's from now on.</summary>
    public void Verify()
    {
        if (_update is not { } update)
            return;
        Verified = update.Credentials;
        End(new TokenManager.CredentialsVerified(update.Credentials));
    }

    /// <summary>The credentials being verified are not taken (<paramref name="error"/>): the verified ones stay.</summary>
    public void Refuse(SinchException error) => End(new TokenManager.CredentialsRefused(_update!.Credentials, error));

    /// <summary>Cancels the timeout of an update in progress (the manager stops).</summary>
    public readonly void CancelTimer() => _timer?.Cancel();

    private void End(object report)
    {
        foreach (var watcher in _update!.ReportTo)
            watcher.Tell(report);
        _update = null;
        _timer?.Cancel();
        _timer = null;
    }

    /// <summary>The verification of <see cref="Update"/> timed out, unless another update replaced it.</summary>
    internal sealed record TimedOut(Update Update);

    /// <summary>New credentials being verified and who wants to hear the outcome.</summary>
    internal sealed record Update(SinchCredentials Credentials, IActorRef[] ReportTo);
}
