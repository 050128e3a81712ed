using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SinchActors.Auth;
using SinchActors.Diagnostics;
using SinchActors.Emulator.Faults;
using SinchActors.Hosting;
using SinchActors.Testing;
using SinchActors.Tests.Requests;

namespace SinchActors.Tests.Diagnostics;

/// <summary>
/// The events operators alert on, each caused for real against the emulator and awaited: written with its stable ID,
/// name and level in <see cref="SinchActorsLogEvents.Category"/>, naming the key or project, never the secret. Those
/// from the token managers and the registry are written inside actors and still reach Microsoft.Extensions.Logging.
/// </summary>
public sealed class OperatorLogEventSpecs(EmulatorFixture fixture) : PipelineSpec(fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private SinchRuntime? _runtime;

    // Fault caught: a refused key logged without its event ID (or only to Akka's log), or with its secret.
    [Fact]
    public async Task A_key_the_token_endpoint_refuses_is_logged_as_key_refused_1101_at_error()
    {
        var project = Fixture.NewProject("log-refused");
        var refused = WithSecret(project, "not-the-secret");
        var log = Start(null, refused);

        await Assert.ThrowsAsync<SinchAuthenticationException>(() => _runtime!.Client.SendAsync(Get(project)).WaitAsync(Patience));

        var entry = await Written(log, SinchActorsLogEvents.KeyRefused, LogLevel.Error);
        Assert.Contains(project.KeyId, entry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-secret", entry.Message, StringComparison.Ordinal);
    }

    // Fault caught: failing token requests, or the recovery that resolves the alert, without their event IDs.
    [Fact]
    public async Task A_failing_token_request_is_logged_as_1102_and_the_next_token_as_recovered_1104()
    {
        var project = Fixture.NewProject("log-fetch-failed");
        var log = Start(o => (o.Auth.MinBackoff, o.Auth.MaxBackoff) = (TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(10)), project);
        Emulator.Faults.Add(new FaultRule { StatusCode = 503, Target = FaultTarget.Token, ProjectId = project.ProjectId, Count = 1 });

        await _runtime!.Client.SendAsync(Get(project)).WaitAsync(Patience);

        var failed = await Written(log, SinchActorsLogEvents.TokenFetchFailed, LogLevel.Warning);
        Assert.Contains(project.KeyId, failed.Message, StringComparison.Ordinal);
        Assert.Contains("503", failed.Message, StringComparison.Ordinal);
        await Written(log, SinchActorsLogEvents.TokenFetchRecovered, LogLevel.Information);
    }

    // Fault caught: a key whose every token the API rejects going unnoticed by operators.
    [Fact]
    public async Task Every_fresh_token_rejected_by_the_api_is_logged_as_tokens_rejected_by_api_1103_at_error()
    {
        var project = Fixture.NewProject("log-rejected");
        var log = Start(o => o.Auth.MinRefetchInterval = TimeSpan.FromMilliseconds(1), project);
        Inject(project, new FaultRule { Kind = FaultKind.Unauthorized });

        // Each call sees a 401 and its retry's 401 with a fresh token; the limit (3 in a row) is reached by the second.
        for (var i = 0; i < 3; i++)
            await Assert.ThrowsAnyAsync<SinchException>(() => _runtime!.Client.SendAsync(Get(project)).WaitAsync(Patience));

        var entry = await Written(log, SinchActorsLogEvents.TokensRejectedByApi, LogLevel.Error);
        Assert.Contains(project.KeyId, entry.Message, StringComparison.Ordinal);
    }

    // Fault caught: a circuit opening or closing without an event (a bare health-state change).
    [Fact]
    public async Task A_circuit_opening_and_closing_are_logged_as_1201_and_1202_naming_the_project()
    {
        var project = Fixture.NewProject("log-circuit");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var log = Start(o =>
        {
            o.TimeProvider = time;
            o.Requests.MaxRetries = 0;
            o.Requests.CircuitBreaker.MinimumThroughput = 2;
            o.Requests.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(30);
        }, project);
        Inject(project, new FaultRule { StatusCode = 500 });
        for (var i = 0; i < 2; i++)
            await Assert.ThrowsAsync<SinchApiException>(() => _runtime!.Client.SendAsync(Get(project)).WaitAsync(Patience));

        var opened = await Written(log, SinchActorsLogEvents.CircuitOpened, LogLevel.Warning);
        Assert.Contains(project.ProjectId, opened.Message, StringComparison.Ordinal);
        Assert.Contains(Emulator.BaseUrl.Authority, opened.Message, StringComparison.Ordinal);
        Assert.False(log.First(SinchActorsLogEvents.CircuitClosed).IsCompleted);

        Emulator.Faults.Clear();
        time.Advance(TimeSpan.FromSeconds(31));
        await _runtime!.Client.SendAsync(Get(project)).WaitAsync(Patience);
        await Written(log, SinchActorsLogEvents.CircuitClosed, LogLevel.Information);
    }

    // Fault caught: secret rotations verified or refused without their events (the registry logs them from its actor).
    [Fact]
    public async Task A_refused_secret_update_is_logged_as_1302_and_a_verified_one_as_secret_rotated_1301()
    {
        var project = Fixture.NewProject("log-secret");
        var log = Start(null, project);
        await _runtime!.Client.SendAsync(Get(project)).WaitAsync(Patience);

        await Assert.ThrowsAsync<SinchAuthenticationException>(() => _runtime.Projects.UpdateAsync(WithSecret(project, "wrong-secret")).WaitAsync(Patience));
        var failed = await Written(log, SinchActorsLogEvents.SecretRotationFailed, LogLevel.Warning);
        Assert.Contains(project.KeyId, failed.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret", failed.Message, StringComparison.Ordinal);
        Assert.False(log.First(SinchActorsLogEvents.SecretRotated).IsCompleted);

        // A key added with a wrong secret is fixed by updating it to the right one.
        var mistyped = Fixture.NewProject("log-secret-fixed");
        await _runtime.Projects.AddAsync(WithSecret(mistyped, "typo")).WaitAsync(Patience);
        await _runtime.Projects.UpdateAsync(mistyped).WaitAsync(Patience);
        var rotated = await Written(log, SinchActorsLogEvents.SecretRotated, LogLevel.Information);
        Assert.Contains(mistyped.KeyId, rotated.Message, StringComparison.Ordinal);
    }

    // Fault caught: a project's move to another key, or its failure, without an event.
    [Fact]
    public async Task A_move_to_a_key_that_works_is_logged_as_key_rotated_1303_and_to_one_that_does_not_as_1304()
    {
        var project = Fixture.NewProject("log-key");
        var log = Start(null, project);
        var next = Emulator.SeedKey(project.ProjectId, $"next-{project.KeyId}", $"secret-{Guid.NewGuid():N}");

        await Assert.ThrowsAsync<SinchAuthenticationException>(() => _runtime!.Projects.UpdateAsync(
            new SinchCredentials(project.ProjectId, $"unknown-{project.KeyId}", "no-such-secret", Emulator.TokenUrl)).WaitAsync(Patience));
        var failed = await Written(log, SinchActorsLogEvents.KeyRotationFailed, LogLevel.Warning);
        Assert.Contains(project.ProjectId, failed.Message, StringComparison.Ordinal);
        Assert.False(log.First(SinchActorsLogEvents.KeyRotated).IsCompleted);

        await _runtime!.Projects.UpdateAsync(new SinchCredentials(project.ProjectId, next.KeyId, next.Secret, Emulator.TokenUrl)).WaitAsync(Patience);
        var rotated = await Written(log, SinchActorsLogEvents.KeyRotated, LogLevel.Information);
        Assert.Contains(next.KeyId, rotated.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(next.Secret, rotated.Message, StringComparison.Ordinal);
    }

    private LogEventProbe Start(Action<SinchActorsOptions>? configure, params SinchCredentials[] projects)
    {
        var log = new LogEventProbe(SinchActorsLogEvents.Category);
        var options = new SinchActorsOptions { LoggerFactory = new LoggerFactory([log]) };
        configure?.Invoke(options);
        _runtime = StartRuntimeWith(options, projects);
        return log;
    }

    private SinchCredentials WithSecret(SinchCredentials project, string secret) => new(project.ProjectId, project.KeyId, secret, Emulator.TokenUrl);

    private static async Task<LogEventProbe.Entry> Written(LogEventProbe log, EventId id, LogLevel level)
    {
        var entry = await log.First(id).WaitAsync(Patience);
        Assert.Equal((id.Id, id.Name, level), (entry.Id.Id, entry.Id.Name, entry.Level));
        return entry;
    }
}
