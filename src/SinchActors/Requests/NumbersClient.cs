using System.Globalization;
using System.Runtime.CompilerServices;
using SinchActors.Api.Numbers;

namespace SinchActors.Requests;

/// <summary>
/// Numbers API v1 active numbers (<c>numbers.api.sinch.com/v1/projects/{projectId}/activeNumbers</c>): list, get,
/// update and release the numbers a project rents. Every call goes through the <see cref="ISinchClient"/> pipeline;
/// failures are <see cref="SinchException"/>s.
/// </summary>
public sealed class NumbersClient
{
    private readonly ISinchClient _client;

    /// <summary>Creates the client on top of a <see cref="ISinchClient"/>.</summary>
    /// <param name="client">The client that sends the calls.</param>
    public NumbersClient(ISinchClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }

    /// <summary>Lists the project's numbers of a region and type, following <c>nextPageToken</c> page by page as they are enumerated.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="regionCode">The country, ISO 3166-1 alpha-2 (for example <c>US</c>).</param>
    /// <param name="type">The number type (<see cref="NumberTypes"/>).</param>
    /// <param name="filter">Page size and filters; <c>null</c> for every number of the region and type.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    public async IAsyncEnumerable<ActiveNumber> ListAsync(string projectId, string regionCode, string type, ActiveNumberFilter? filter = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? pageToken = null;
        do
        {
            var page = await ListPageAsync(projectId, regionCode, type, filter, pageToken, cancellationToken).ConfigureAwait(false);
            foreach (var number in page.ActiveNumbers)
                yield return number;
            pageToken = page.NextPageToken;
        } while (!string.IsNullOrEmpty(pageToken));
    }

    /// <summary>Gets one page of the project's numbers of a region and type.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="regionCode">The country, ISO 3166-1 alpha-2 (for example <c>US</c>).</param>
    /// <param name="type">The number type (<see cref="NumberTypes"/>).</param>
    /// <param name="filter">Page size and filters; <c>null</c> for none.</param>
    /// <param name="pageToken">The previous page's <see cref="ActiveNumberPage.NextPageToken"/>; <c>null</c> for the first page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<ActiveNumberPage> ListPageAsync(string projectId, string regionCode, string type, ActiveNumberFilter? filter = null,
        string? pageToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(regionCode);
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        if (filter?.PageSize is < 1 or > 1000)
            throw new ArgumentOutOfRangeException(nameof(filter), filter.PageSize, "ActiveNumberFilter.PageSize must be between 1 and 1000.");
        var query = new QueryBuilder();
        query.Add("regionCode", regionCode);
        query.Add("type", type);
        query.Add("pageSize", filter?.PageSize?.ToString(CultureInfo.InvariantCulture));
        query.Add("numberPattern.pattern", filter?.Pattern);
        query.Add("numberPattern.searchPattern", filter?.SearchPattern);
        foreach (var capability in filter?.Capabilities ?? [])
            query.Add("capabilities", capability);
        query.Add("orderBy", filter?.OrderBy);
        query.Add("pageToken", string.IsNullOrEmpty(pageToken) ? null : pageToken);
        var request = new SinchRequest(HttpMethod.Get, projectId, SinchApiFamily.Numbers, NumbersPath(projectId))
            { Query = query.Build(), Operation = "numbers.active.list" };
        return _client.SendAsync(request, NumbersJsonContext.Default.ActiveNumberPage, cancellationToken);
    }

    /// <summary>Gets one of the project's numbers.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="phoneNumber">The number, E.164.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<ActiveNumber> GetAsync(string projectId, string phoneNumber, CancellationToken cancellationToken = default) =>
        _client.SendAsync(NumberRequest(HttpMethod.Get, projectId, phoneNumber, "numbers.active.get"),
            NumbersJsonContext.Default.ActiveNumber, cancellationToken);

    /// <summary>Changes the fields set in <paramref name="update"/> (display name, SMS and voice setup, callback URL).</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="phoneNumber">The number, E.164.</param>
    /// <param name="update">The fields to change.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The number as changed.</returns>
    public Task<ActiveNumber> UpdateAsync(string projectId, string phoneNumber, UpdateActiveNumberRequest update,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var request = NumberRequest(HttpMethod.Patch, projectId, phoneNumber, "numbers.active.update")
            .WithJsonBody(update, NumbersJsonContext.Default.UpdateActiveNumberRequest);
        return _client.SendAsync(request, NumbersJsonContext.Default.ActiveNumber, cancellationToken);
    }

    /// <summary>Releases a number: its rental ends (<see cref="ActiveNumber.ExpireAt"/>). A POST: never sent again once it may have reached Sinch.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="phoneNumber">The number, E.164.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The released number.</returns>
    public Task<ActiveNumber> ReleaseAsync(string projectId, string phoneNumber, CancellationToken cancellationToken = default) =>
        _client.SendAsync(NumberRequest(HttpMethod.Post, projectId, phoneNumber, "numbers.active.release", ":release"),
            NumbersJsonContext.Default.ActiveNumber, cancellationToken);

    private static SinchRequest NumberRequest(HttpMethod method, string projectId, string phoneNumber, string operation, string suffix = "")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(phoneNumber);
        return new SinchRequest(method, projectId, SinchApiFamily.Numbers, $"{NumbersPath(projectId)}/{Uri.EscapeDataString(phoneNumber)}{suffix}")
            { Operation = operation };
    }

    private static string NumbersPath(string projectId)
    {
        ArgumentException.ThrowIfNullOrEmpty(projectId);
        return $"/v1/projects/{Uri.EscapeDataString(projectId)}/activeNumbers";
    }
}
