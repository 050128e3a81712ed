using System.Diagnostics;

namespace SinchActors.Auth;

/// <summary>
/// Access tokens on demand, for code that sets the <c>Authorization</c> header itself (a websocket, another SDK, a
/// proxy). Each token comes from its key's own token manager, the one the runtime's requests use: the same single
/// flight, budget and refresh, never a fetch of its own. Thread-safe.
/// </summary>
public interface ISinchTokens
{
    /// <summary>The token the project's access key serves now, fetched first when there is none usable.</summary>
    /// <param name="projectId">A registered project, or one the credentials provider knows.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="SinchUnknownProjectException">The project is not served.</exception>
    /// <exception cref="SinchAuthenticationException">The token endpoint refused the key, or Sinch keeps rejecting its tokens.</exception>
    /// <exception cref="SinchAuthUnavailableException">No token could be had within the default deadline.</exception>
    /// <exception cref="SinchShutdownException">The runtime is shutting down.</exception>
    /// <exception cref="InvalidOperationException">The project authenticates with HTTP Basic, which has no token.</exception>
    Task<SinchToken> GetTokenAsync(string projectId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reports that Sinch answered 401 to a call made with <paramref name="token"/>: it counts as the 401 a request
    /// worker would report (the key's manager replaces the token once, and its budget counts the rejection).
    /// </summary>
    /// <param name="token">The token Sinch rejected.</param>
    void ReportRejected(SinchToken token);
}

/// <summary>An access token of a Sinch access key. <see cref="ToString"/> hides the value.</summary>
public sealed class SinchToken
{
    internal SinchToken(IssuedCredential credential, string keyId, DateTimeOffset expiresAt)
    {
        Credential = credential;
        KeyId = keyId;
        ExpiresAt = expiresAt;
    }

    /// <summary>The token, to send as <c>Authorization: Bearer {Value}</c>. Never log it.</summary>
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public string Value => Credential.Authorization.Parameter!;

    /// <summary>
    /// When the runtime stops handing the token out: its lifetime less the safety margin that covers a call in
    /// transit. Do not send it later; ask again (the runtime renews it before then, at 80% of its lifetime).
    /// </summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>The access key the token belongs to.</summary>
    public string KeyId { get; }

    internal IssuedCredential Credential { get; }

    /// <summary>Describes the token without its value.</summary>
    public override string ToString() => $"SinchToken(key {KeyId}, expires {ExpiresAt:u}, value ***)";
}
