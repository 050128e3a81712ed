using Akka.Actor;
using SinchActors.Auth;

namespace SinchActors.Projects;

/// <summary>
/// <see cref="ISinchTokens"/>: asks the project's token manager for its credential, exactly as a request worker
/// does on a miss, so the token is the one the runtime's requests carry.
/// </summary>
internal sealed class SinchTokens(IProjectDirectory projects, TimeSpan timeout, TimeProvider time, CancellationToken stopAccepting) : ISinchTokens
{
    // The manager answers within the timeout it is given; this only guards against a manager that died.
    private static readonly TimeSpan AnswerGrace = TimeSpan.FromSeconds(1);

    public async Task<SinchToken> GetTokenAsync(string projectId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(projectId);
        cancellationToken.ThrowIfCancellationRequested();
        var project = await FindAsync(projectId, cancellationToken).ConfigureAwait(false);
        project.MarkUsed(); // a key whose tokens are taken is in use: not passivated
        object answer;
        try
        {
            answer = await project.TokenManager.Ask(new TokenManager.GetCredential(0, timeout) { ProjectId = projectId },
                timeout + AnswerGrace, cancellationToken).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            throw new SinchAuthUnavailableException(projectId, null);
        }
        return answer switch
        {
            TokenManager.CredentialGranted { Credential.Authorization.Scheme: "Basic" } => throw new InvalidOperationException(
                $"Project {projectId} authenticates with HTTP Basic (test only), which has no access token: give it an OAuth2 key."),
            TokenManager.CredentialGranted granted => ToToken(granted.Credential),
            TokenManager.CredentialFailed failed => throw failed.Error,
            _ => throw new InvalidOperationException($"Unexpected answer of the token manager: {answer.GetType().Name}."),
        };
    }

    public void ReportRejected(SinchToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Credential is { Issuer: { } issuer, Generation: > 0 } credential)
            issuer.Tell(new TokenManager.TokenRejected(credential.Generation), ActorRefs.NoSender);
    }

    private async Task<ProjectHandle> FindAsync(string projectId, CancellationToken cancellationToken)
    {
        if (stopAccepting.IsCancellationRequested)
            throw new SinchShutdownException(projectId);
        if (projects.TryGet(projectId, out var project))
            return project;
        if (projects.ShouldLookUp(projectId) && await projects.LookUpAsync(projectId, cancellationToken).ConfigureAwait(false) is { } error)
            throw error;
        return projects.TryGet(projectId, out project) ? project : throw new SinchUnknownProjectException(projectId);
    }

    private SinchToken ToToken(IssuedCredential credential) =>
        new(credential, credential.KeyId ?? "",
            time.GetUtcNow() + credential.UsableUntil.Remaining(time));
}
