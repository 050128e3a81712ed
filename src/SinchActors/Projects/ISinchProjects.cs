using SinchActors.Auth;

namespace SinchActors.Projects;

/// <summary>
/// The projects a <see cref="Hosting.SinchRuntime"/> serves, changeable while it runs. Projects that use the same access key
/// (the same token endpoint and key ID, for example subprojects using their parent's key) share one token.
/// </summary>
public interface ISinchProjects
{
    /// <summary>Projects registered now (added, or found by the credentials provider).</summary>
    int Count { get; }

    /// <summary>Whether requests for <paramref name="projectId"/> are served without a provider lookup.</summary>
    /// <param name="projectId">The project ID.</param>
    bool Contains(string projectId);

    /// <summary>
    /// Registers a project. No token is fetched until its first request. Adding a project with a key already in use
    /// by another project shares that key's token; a different secret for the same key replaces the key's secret.
    /// </summary>
    /// <param name="credentials">The project's credentials.</param>
    /// <param name="cancellationToken">Stops waiting (the project may still be added).</param>
    /// <exception cref="ArgumentException">The project is already registered.</exception>
    Task AddAsync(SinchCredentials credentials, CancellationToken cancellationToken = default);

    /// <summary>
    /// Rotates a project's credentials. The current token keeps serving requests until a token for the new
    /// credentials arrives, so there is no gap; the task completes then. A refused new key fails the task with
    /// <see cref="SinchAuthenticationException"/> while the old token keeps serving until it expires (same key ID) or
    /// for as long as the old key works (another key ID: the project stays on it).
    /// </summary>
    /// <param name="credentials">The new credentials; their project must be registered.</param>
    /// <param name="cancellationToken">Stops waiting (the update still applies).</param>
    /// <exception cref="SinchUnknownProjectException">The project is not registered.</exception>
    /// <exception cref="SinchAuthenticationException">The token endpoint refused the new key.</exception>
    /// <exception cref="SinchAuthUnavailableException">No token for the new key within <see cref="ProjectRegistrySettings.UpdateTimeout"/>.</exception>
    Task UpdateAsync(SinchCredentials credentials, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes a project: requests already admitted finish; new ones fail with
    /// <see cref="SinchUnknownProjectException"/>; once its requests are done and no other project uses its key, the
    /// key's token is dropped.
    /// </summary>
    /// <param name="projectId">The project ID.</param>
    /// <param name="cancellationToken">Stops waiting (the project may still be removed).</param>
    /// <returns>Whether the project was registered.</returns>
    Task<bool> RemoveAsync(string projectId, CancellationToken cancellationToken = default);
}
