using System.Runtime.CompilerServices;
using SinchActors.Api.AccessKeys;

namespace SinchActors.Requests;

/// <summary>
/// Access Keys API v1 (<c>account.api.sinch.com</c>): list, create, get, rename and delete a project's keys.
/// Every call goes through the <see cref="ISinchClient"/> pipeline; failures are <see cref="SinchException"/>s.
/// </summary>
public sealed class AccessKeysClient
{
    private readonly ISinchClient _client;

    /// <summary>Creates the client on top of a <see cref="ISinchClient"/>.</summary>
    /// <param name="client">The client that sends the calls.</param>
    public AccessKeysClient(ISinchClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }

    /// <summary>Lists all keys of a project, following <c>nextPageToken</c> page by page as they are enumerated.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="pageSize">Keys per request, 1 to 1000.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    public async IAsyncEnumerable<AccessKey> ListAsync(string projectId, int pageSize = 100,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? pageToken = null;
        do
        {
            var page = await ListPageAsync(projectId, pageSize, pageToken, cancellationToken).ConfigureAwait(false);
            foreach (var key in page.AccessKeys)
                yield return key;
            pageToken = page.NextPageToken;
        } while (!string.IsNullOrEmpty(pageToken));
    }

    /// <summary>Gets one page of a project's keys.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="pageSize">Keys per page, 1 to 1000; <c>null</c> for the API's default (100).</param>
    /// <param name="pageToken">The previous page's <see cref="AccessKeyPage.NextPageToken"/>; <c>null</c> for the first page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<AccessKeyPage> ListPageAsync(string projectId, int? pageSize = null, string? pageToken = null,
        CancellationToken cancellationToken = default)
    {
        if (pageSize is < 1 or > 1000)
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, "The page size must be between 1 and 1000.");
        var query = pageSize is { } size ? $"pageSize={size}" : null;
        if (!string.IsNullOrEmpty(pageToken))
            query = (query is null ? "" : query + "&") + "pageToken=" + Uri.EscapeDataString(pageToken);
        var request = new SinchRequest(HttpMethod.Get, projectId, SinchApiFamily.AccessKeys, KeysPath(projectId)) { Query = query, Operation = "access_keys.list" };
        return _client.SendAsync(request, AccessKeysJsonContext.Default.AccessKeyPage, cancellationToken);
    }

    /// <summary>Creates a key. The result holds its secret, which is never returned again.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="displayName">The new key's display name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<CreatedAccessKey> CreateAsync(string projectId, string displayName, CancellationToken cancellationToken = default)
    {
        var request = new SinchRequest(HttpMethod.Post, projectId, SinchApiFamily.AccessKeys, KeysPath(projectId)) { Operation = "access_keys.create" }
            .WithJsonBody(new AccessKeyDisplayName(displayName), AccessKeysJsonContext.Default.AccessKeyDisplayName);
        return _client.SendAsync(request, AccessKeysJsonContext.Default.CreatedAccessKey, cancellationToken);
    }

    /// <summary>Gets one key.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="accessKeyId">The key ID.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<AccessKey> GetAsync(string projectId, string accessKeyId, CancellationToken cancellationToken = default) =>
        _client.SendAsync(new SinchRequest(HttpMethod.Get, projectId, SinchApiFamily.AccessKeys, KeyPath(projectId, accessKeyId)) { Operation = "access_keys.get" },
            AccessKeysJsonContext.Default.AccessKey, cancellationToken);

    /// <summary>Changes a key's display name.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="accessKeyId">The key ID.</param>
    /// <param name="displayName">The new display name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<AccessKey> UpdateDisplayNameAsync(string projectId, string accessKeyId, string displayName,
        CancellationToken cancellationToken = default)
    {
        var request = new SinchRequest(HttpMethod.Patch, projectId, SinchApiFamily.AccessKeys, KeyPath(projectId, accessKeyId)) { Operation = "access_keys.update" }
            .WithJsonBody(new AccessKeyDisplayName(displayName), AccessKeysJsonContext.Default.AccessKeyDisplayName);
        return _client.SendAsync(request, AccessKeysJsonContext.Default.AccessKey, cancellationToken);
    }

    /// <summary>Deletes a key; a key may delete itself, even the project's last one.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="accessKeyId">The key ID.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task DeleteAsync(string projectId, string accessKeyId, CancellationToken cancellationToken = default) =>
        _client.SendAsync(new SinchRequest(HttpMethod.Delete, projectId, SinchApiFamily.AccessKeys, KeyPath(projectId, accessKeyId)) { Operation = "access_keys.delete" },
            cancellationToken);

    private static string KeysPath(string projectId) => $"/v1/projects/{Uri.EscapeDataString(projectId)}/accessKeys";

    private static string KeyPath(string projectId, string accessKeyId) =>
        $"{KeysPath(projectId)}/{Uri.EscapeDataString(accessKeyId)}";
}
