using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SinchActors.Auth;
using SinchActors.Emulator;
using SinchActors.Emulator.Faults;
using SinchActors.Projects;
using SinchActors.Reliability.Tests.Infrastructure;
using SinchActors.Requests;
using Xunit.Abstractions;
using SinchActors.Api.AccessKeys;

namespace SinchActors.Reliability.Tests;

/// <summary>
/// R4 secret scan: representative load through the hosted runtime (successes, retried and final failures, a refused
/// key, a key rotation, a Basic-mode key) while every log line, activity tag and metric tag is captured; no key
/// secret (nor its Basic header value or other encodings) and no access token appears in any of them, nor in any
/// exception's message or <c>ToString()</c>.
/// </summary>
public sealed class SecretScanSuite(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private SinchEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await SinchEmulator.StartAsync();

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task No_key_secret_or_access_token_appears_in_logs_exceptions_activity_or_metric_tags()
    {
        var good = Tenants.Seed(_emulator, "scan");
        var faulty = Tenants.Seed(_emulator, "scan-faulty");
        var basic = Tenants.Seed(_emulator, "scan-basic", SinchAuthMode.Basic);
        var refused = Tenants.Seed(_emulator, "scan-refused");
        var wrongSecret = $"wrong-{Guid.NewGuid():N}";
        var refusedConfigured = new SinchCredentials(refused.ProjectId, refused.KeyId, wrongSecret, refused.AuthUrl);
        using var capture = new Capture();
        var texts = capture.Texts;
        using var host = Hosts.Build(Hosts.Settings(_emulator, good, faulty, basic, refusedConfigured), capture);
        await host.StartAsync();
        var client = host.Services.GetRequiredService<ISinchClient>();
        var projects = host.Services.GetRequiredService<ISinchProjects>();
        _emulator.Faults.Add(new FaultRule { Target = FaultTarget.AccessKeys, ProjectId = faulty.ProjectId, StatusCode = 500, Probability = 0.5 });
        _emulator.Faults.Add(new FaultRule { Kind = FaultKind.Unauthorized, Target = FaultTarget.AccessKeys, ProjectId = good.ProjectId, Probability = 0.1 });

        async Task Run(Func<Task> call)
        {
            try
            {
                await call().WaitAsync(Patience);
            }
            catch (Exception e)
            {
                texts.Enqueue($"exception {e.Message}");
                texts.Enqueue($"exception {e}");
            }
        }

        // Twenty rounds at once: what is scanned is everything they write, not their order.
        await Task.WhenAll(Enumerable.Range(0, 20).SelectMany(_ => new[]
        {
            Run(() => client.SendAsync(Tenants.ListKeys(good))),
            Run(() => client.SendAsync(Tenants.ListKeys(faulty))),
            Run(() => client.SendAsync(Tenants.ListKeys(refused))),
        }));
        await Run(() => client.SendAsync(Tenants.ListKeys(basic)));
        // The rotation needs its create to succeed: a spurious 401 on both the call and its one retry with a fresh
        // token (1 in 100 at 10%) would fail it, which is allowed behaviour and not what this suite scans for.
        _emulator.Faults.Clear();
        var created = await client.AccessKeys.CreateAsync(good.ProjectId, "rotation").WaitAsync(Patience);
        texts.Enqueue($"created {created}");
        var rotated = new SinchCredentials(good.ProjectId, created.AccessKey.AccessKeyId!, created.Secret, good.AuthUrl);
        await projects.UpdateAsync(rotated).WaitAsync(Patience);
        await Run(() => client.SendAsync(Tenants.ListKeys(good)));
        await Run(() => projects.UpdateAsync(new SinchCredentials(good.ProjectId, good.KeyId, wrongSecret, good.AuthUrl)));
        await Run(() => client.SendAsync(Tenants.ListKeys(good)));
        texts.Enqueue($"credentials {good} {rotated} {basic} {refusedConfigured}");
        await host.StopAsync();

        string[] keySecrets = [good.KeySecret, faulty.KeySecret, basic.KeySecret, refused.KeySecret, wrongSecret, created.Secret];
        string[] keyIds = [good.KeyId, faulty.KeyId, basic.KeyId, refused.KeyId, created.AccessKey.AccessKeyId!];
        // A secret can leak as itself or encoded: in the Basic header (base64 of key ID:secret, for any key it was
        // configured with), in base64, URL-encoded or JSON-escaped; the Basic values really sent are scanned for too.
        string[] secrets =
        [
            .. keySecrets, .. capture.BearerTokens.Keys, .. capture.BasicCredentials.Keys,
            .. keyIds.SelectMany(keyId => keySecrets.Select(secret => Base64($"{keyId}:{secret}"))),
            .. keySecrets.SelectMany(secret => new[] { Base64(secret), Uri.EscapeDataString(secret), JsonEncodedText.Encode(secret).ToString() }),
        ];
        secrets = secrets.Distinct(StringComparer.Ordinal).ToArray();
        output.WriteLine($"R4 secret scan: {texts.Count} texts ({capture.LogLines} log lines, {capture.Tags} metric tags) searched for " +
                         $"{secrets.Length} secrets and their encodings ({capture.BearerTokens.Count} access tokens, {capture.BasicCredentials.Count} Basic credentials sent)");
        Assert.InRange(capture.BearerTokens.Count, 2, int.MaxValue); // the access tokens sent were captured, else the scan is empty
        Assert.Contains(Base64($"{basic.KeyId}:{basic.KeySecret}"), capture.BasicCredentials.Keys); // so were the Basic credentials
        Assert.True(capture.LogLines > 20, $"only {capture.LogLines} log lines were captured");
        Assert.Contains(texts, text => text.StartsWith("exception", StringComparison.Ordinal));
        Assert.Contains(texts, text => text.StartsWith("activity", StringComparison.Ordinal));
        foreach (var secret in secrets)
            Assert.DoesNotContain(texts, text => text.Contains(secret, StringComparison.Ordinal));
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
