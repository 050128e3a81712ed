using SinchActors.Timing;

namespace SinchActors.Auth;

/// <summary>
/// How a token's scheduled refresh is treated, the one place it is decided. The refresh (one per token issued, at the
/// moment <see cref="TokenLifetime.Schedule"/> sets) is what keeps a key's token valid without a caller ever waiting,
/// so it:
/// <list type="bullet">
/// <item>is outside the key's <see cref="FetchBudget"/> and its refetch floor (<see cref="IsOutsideBudget"/>): every
/// lifetime from <c>min-lifetime</c> is refreshed in time, and a key still sends at most one refresh per token;</item>
/// <item>goes ahead of other keys' first fetches at the runtime's token-request cap (<see cref="GoesAhead"/>);</item>
/// <item>is sent by the first caller to find it due when its timer is late (<see cref="IsLate"/>), as a token under
/// 2 s waits for its second;</item>
/// <item>replaces a 401's refetch held back by <c>min-refetch-interval</c> (<see cref="Replaces"/>): it brings the
/// replacement, so a short token is not left to expire meanwhile.</item>
/// </list>
/// </summary>
internal static class RefreshPolicy
{
    /// <summary>Whether a request for <paramref name="cause"/> passes the fetch budget without spending from it.</summary>
    public static bool IsOutsideBudget(FetchCause cause) => cause == FetchCause.Refresh;

    /// <summary>Whether a request for <paramref name="cause"/> goes ahead of others at the runtime's token-request cap.</summary>
    public static bool GoesAhead(FetchCause cause) => cause == FetchCause.Refresh;

    /// <summary>Whether a refresh due at <paramref name="refreshAt"/> is late now on the manager's <paramref name="clock"/>.</summary>
    public static bool IsLate(MonotonicDeadline refreshAt, TimeProvider clock) => refreshAt.HasPassed(clock);

    /// <summary>Whether a due refresh starts now in place of a request scheduled for <paramref name="scheduled"/>.</summary>
    public static bool Replaces(FetchCause scheduled) => scheduled == FetchCause.Rejection;
}
