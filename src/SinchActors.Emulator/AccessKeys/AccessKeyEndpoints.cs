using System.Globalization;
using Microsoft.AspNetCore.Http;
using SinchActors.Emulator.Http;
using SinchActors.Emulator.Projects;
using SinchActors.Emulator.Stats;

namespace SinchActors.Emulator.AccessKeys;

/// <summary>Access Keys API v1 at <c>/v1/projects/{projectId}/accessKeys[/{accessKeyId}]</c>. Auth is done by the request filter.</summary>
/// <param name="registry">The projects and keys.</param>
/// <param name="stats">Counts the keys created, by display name.</param>
/// <param name="maxKeysPerProject">Keys a project may hold before create answers 400.</param>
internal sealed class AccessKeyEndpoints(ProjectRegistry registry, EmulatorStats stats, int maxKeysPerProject)
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;

    public IResult List(HttpContext context, string projectId)
    {
        var query = context.Request.Query;
        var pageSize = DefaultPageSize;
        var pageSizeText = query["pageSize"].ToString();
        if (pageSizeText.Length > 0 && (!int.TryParse(pageSizeText, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
            return ApiErrors.Google(400, $"pageSize must be between 1 and {MaxPageSize}.");

        long from = 0;
        var pageToken = query["pageToken"].ToString();
        if (pageToken.Length > 0 && !long.TryParse(pageToken, NumberStyles.None, CultureInfo.InvariantCulture, out from))
            return ApiErrors.Google(400, "Invalid pageToken.");

        var keys = registry.Page(projectId, from, pageSize, out var next);
        var dtos = new AccessKeyDto[keys.Length];
        for (var i = 0; i < keys.Length; i++) dtos[i] = ToDto(keys[i]);
        var nextToken = next == 0 ? "" : next.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Json(new AccessKeyPageDto(dtos, nextToken), AccessKeysJsonContext.Default.AccessKeyPageDto);
    }

    public async Task<IResult> CreateAsync(HttpContext context, string projectId)
    {
        var input = await JsonBody.ReadAsync(context, AccessKeysJsonContext.Default.AccessKeyInput);
        if (input?.DisplayName is not { } displayName) return InvalidBody();
        var key = registry.AddKey(projectId, keyId: null, secret: null, displayName, maxKeysPerProject);
        if (key is null)
            return ApiErrors.Google(400, $"Project {projectId} already has the maximum of {maxKeysPerProject} access keys.");
        stats.Post(displayName);
        return TypedResults.Json(new CreatedAccessKeyDto(ToDto(key), key.Secret), AccessKeysJsonContext.Default.CreatedAccessKeyDto);
    }

    public IResult Get(string projectId, string accessKeyId) =>
        registry.TryGetKey(accessKeyId, out var key) && key.ProjectId == projectId
            ? TypedResults.Json(ToDto(key), AccessKeysJsonContext.Default.AccessKeyDto)
            : NotFound(accessKeyId);

    public async Task<IResult> UpdateAsync(HttpContext context, string projectId, string accessKeyId)
    {
        var input = await JsonBody.ReadAsync(context, AccessKeysJsonContext.Default.AccessKeyInput);
        if (input?.DisplayName is not { } displayName) return InvalidBody();
        var renamed = registry.Rename(projectId, accessKeyId, displayName);
        return renamed is null ? NotFound(accessKeyId) : TypedResults.Json(ToDto(renamed), AccessKeysJsonContext.Default.AccessKeyDto);
    }

    public IResult Delete(string projectId, string accessKeyId) =>
        registry.Remove(projectId, accessKeyId) ? TypedResults.Ok() : NotFound(accessKeyId);

    private static BytesResult InvalidBody() =>
        ApiErrors.Google(400, "Invalid JSON body: expected {\"displayName\":\"…\"}.");

    private static BytesResult NotFound(string accessKeyId) =>
        ApiErrors.Google(404, $"Access key {accessKeyId} not found.");

    private static AccessKeyDto ToDto(AccessKeyRecord key) =>
        new(key.KeyId, key.DisplayName, key.ProjectId, Rfc3339.Format(key.CreateTime), Rfc3339.Format(key.UpdateTime));
}
