using SinchActors.Projects;
using SinchActors.Timing;

namespace SinchActors.Requests;

/// <summary>
/// A request on its way through the pool: everything needed to send any attempt of it and to answer it. Only one
/// place holds an envelope at a time (a mailbox, a worker's credential wait, an HTTP call, a retry timer), and a
/// retry travels as a new envelope with <see cref="Attempt"/> + 1.
/// </summary>
internal sealed record RequestEnvelope(
    SinchRequest Request,
    SinchEndpoint Endpoint,
    Uri Uri,
    ProjectHandle Project,
    RequestCompletion Completion,
    TimeSpan Deadline,
    MonotonicDeadline DeadlineAt)
{
    /// <summary>
    /// The caller's own message when the request came through an <c>HttpClient</c> (<c>SinchActorsHandler</c>): every
    /// attempt sends it, its headers and buffered content as they are, and the HTTP answer, any status, is handed back.
    /// </summary>
    public HttpRequestMessage? Message { get; init; }

    /// <summary>The attempt this envelope will send, 1 for the first.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>Back-off retries taken so far (the immediate retry after a 401 is not one).</summary>
    public int Retries { get; init; }

    /// <summary>Whether a 401 was already answered by fetching a fresh token; a second 401 is final.</summary>
    public bool TokenRefreshed { get; init; }

    /// <summary>
    /// The token generation Sinch rejected with 401, or 0. The retry waits for a newer one (see
    /// <see cref="Auth.TokenManager.GetCredential.NewerThan"/> for why asking so reports the rejection too).
    /// </summary>
    public long RejectedGeneration { get; init; }

    /// <summary>The token manager whose token Sinch rejected; generations count per manager, so a rotated project accepts any token of its new key.</summary>
    public Akka.Actor.IActorRef? RejectedBy { get; init; }

    /// <summary>Whether <paramref name="credential"/> may be sent: it is not the one Sinch just rejected.</summary>
    public bool Accepts(Auth.IssuedCredential credential) =>
        RejectedGeneration == 0 || credential.Issuer is not { } issuer || !issuer.Equals(RejectedBy) || credential.Generation > RejectedGeneration;

    /// <summary>Why the previous attempt failed, reported if the deadline passes before the next one.</summary>
    public Exception? LastError { get; init; }

    /// <summary>The time left until the deadline; zero or negative once it passed.</summary>
    public TimeSpan Remaining(TimeProvider time) => DeadlineAt.Remaining(time);

    /// <summary>The error to answer with once the deadline passed.</summary>
    /// <param name="attemptsSent">How many attempts went out.</param>
    /// <param name="lastCause">Why the last attempt failed, if one did.</param>
    public SinchDeadlineExceededException DeadlineExceeded(int attemptsSent, Exception? lastCause) =>
        new(Project.ProjectId, Deadline, attemptsSent, lastCause);
}
