using SinchActors.Auth;

namespace SinchActors.Projects;

/// <summary>
/// Finds the credentials of a project that was not registered up front, for example in the application's tenant
/// database. The runtime asks once per unknown project however many requests for it arrive together, registers
/// what it gets, and remembers a "no such project" answer for
/// <see cref="ProjectRegistrySettings.UnknownProjectCacheDuration"/>.
/// </summary>
public interface ISinchCredentialsProvider
{
    /// <summary>Looks up a project's credentials.</summary>
    /// <param name="projectId">The project a request named.</param>
    /// <param name="cancellationToken">Fires after <see cref="ProjectRegistrySettings.LookupTimeout"/> or at shutdown.</param>
    /// <returns>The project's credentials (whose <see cref="SinchCredentials.ProjectId"/> must be <paramref name="projectId"/>),
    /// or <c>null</c> when there is no such project.</returns>
    ValueTask<SinchCredentials?> GetCredentialsAsync(string projectId, CancellationToken cancellationToken);
}
