using SinchActors.Api.AccessKeys;
using SinchActors.Api.Sms;
using SinchActors.Requests;

namespace SinchActors.Cli.Load;

/// <summary>
/// Sends one <see cref="LoadOperation"/> for a project through <see cref="ISinchClient.SendAsync"/>, with the typed
/// clients' models and requests (sent here rather than through the typed clients, so the run can read
/// <see cref="SinchResponse.Attempts"/>). Rename and delete only touch keys the run created; without one they create
/// a key instead.
/// </summary>
internal sealed class LoadCalls(ISinchClient client, int maxCreatedKeysPerProject)
{
    private static readonly SendSmsRequest Sms = new() { From = "12345", To = ["+46700000001"], Body = "Hello from sinch-actors" };

    /// <summary>Deletes the keys the run created and still holds (after a run against a real account).</summary>
    public async Task DeleteCreatedKeysAsync(LoadProject project, CancellationToken ct)
    {
        while (project.TryTakeCreatedKey(out var keyId))
            await client.SendAsync(Key(HttpMethod.Delete, project, keyId), ct);
    }

    /// <returns>The operation actually sent and its attempts.</returns>
    public async Task<(LoadOperation Sent, int Attempts)> SendAsync(LoadOperation operation, LoadProject project, CancellationToken ct)
    {
        // Keep each project's key count bounded (a real project allows 10 keys): at the cap, a create becomes a delete.
        if (operation == LoadOperation.CreateKey && project.CreatedKeyCount >= maxCreatedKeysPerProject)
            operation = LoadOperation.DeleteKey;
        switch (operation)
        {
            case LoadOperation.ListKeys:
                return (operation, (await client.SendAsync(Keys(HttpMethod.Get, project) with { Query = "pageSize=100" }, ct)).Attempts);
            case LoadOperation.GetKey:
                return (operation, (await client.SendAsync(Key(HttpMethod.Get, project, project.ResidentKeyId), ct)).Attempts);
            case LoadOperation.SendSms:
                var sent = await client.SendAsync(SmsClient.SendRequest(project.ProjectId, Sms), ct);
                sent.Deserialize(SmsJsonContext.Default.SmsBatch);
                return (operation, sent.Attempts);
            case LoadOperation.UpdateKey or LoadOperation.DeleteKey when project.TryTakeCreatedKey(out var keyId):
                return (operation, await ChangeAsync(operation, project, keyId, ct));
            default:
                return (LoadOperation.CreateKey, await CreateAsync(project, ct));
        }
    }

    private async Task<int> CreateAsync(LoadProject project, CancellationToken ct)
    {
        var request = Keys(HttpMethod.Post, project)
            .WithJsonBody(new AccessKeyDisplayName(project.NextDisplayName()), AccessKeysJsonContext.Default.AccessKeyDisplayName);
        var response = await client.SendAsync(request, ct);
        project.ReturnCreatedKey(response.Deserialize(AccessKeysJsonContext.Default.CreatedAccessKey).AccessKey.AccessKeyId);
        return response.Attempts;
    }

    private async Task<int> ChangeAsync(LoadOperation operation, LoadProject project, string keyId, CancellationToken ct)
    {
        if (operation == LoadOperation.DeleteKey)
        {
            // Gone or not, the key is no longer the run's to use: a failed DELETE may have been processed.
            return (await client.SendAsync(Key(HttpMethod.Delete, project, keyId), ct)).Attempts;
        }

        try
        {
            var rename = Key(HttpMethod.Patch, project, keyId)
                .WithJsonBody(new AccessKeyDisplayName(project.NextDisplayName()), AccessKeysJsonContext.Default.AccessKeyDisplayName);
            return (await client.SendAsync(rename, ct)).Attempts;
        }
        finally
        {
            project.ReturnCreatedKey(keyId);
        }
    }

    private static SinchRequest Keys(HttpMethod method, LoadProject project) =>
        new(method, project.ProjectId, SinchApiFamily.AccessKeys, $"/v1/projects/{Uri.EscapeDataString(project.ProjectId)}/accessKeys");

    private static SinchRequest Key(HttpMethod method, LoadProject project, string keyId) =>
        new(method, project.ProjectId, SinchApiFamily.AccessKeys,
            $"/v1/projects/{Uri.EscapeDataString(project.ProjectId)}/accessKeys/{Uri.EscapeDataString(keyId)}");
}
