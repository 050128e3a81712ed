using System.CommandLine;
using Akka.Configuration;
using Microsoft.Extensions.Logging;
using SinchActors.Auth;
using SinchActors.Cli.Cluster;
using SinchActors.Cli.Configuration;
using SinchActors.Cli.Load;
using SinchActors.Cli.Output;
using SinchActors.Emulator;
using SinchActors.Requests;

namespace SinchActors.Cli.Commands;

/// <summary>
/// <c>demo</c> (also the root command with no arguments): starts the embedded emulator with a fault profile,
/// registers projects of which some share a key, and runs the load engine against it: in this process, or over
/// cluster nodes in child processes (<c>--nodes N</c>, see <see cref="ClusterDemo"/>).
/// </summary>
internal static class DemoCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("demo", "Run a multi-project load against the embedded Sinch emulator (the default command)");
        Configure(command, console);
        return command;
    }

    /// <summary>Adds the demo's options and action to <paramref name="command"/> (the root command uses them too).</summary>
    public static void Configure(Command command, CliConsole console)
    {
        var load = new LoadOptions(defaultRequests: 20_000, defaultConcurrency: 128);
        var projects = OptionParsers.Int("--projects", "Projects to register (in groups of 4: a parent, two subprojects sharing its key, one alone)", 20, 1, 10_000);
        var faults = new Option<FaultProfile>("--faults")
        {
            Description = "Fault profile of the emulator: none, mild (5xx, 429 with Retry-After, spurious 401s) or chaos",
            DefaultValueFactory = _ => FaultProfile.Mild,
            HelpName = "none|mild|chaos",
        };
        var tokenTtl = OptionParsers.Int("--token-ttl", "Token lifetime in seconds, short so that tokens are refreshed during the run", 20, 2, 86_400);
        var nodes = OptionParsers.Int("--nodes", "Cluster nodes to spread the load over, each a process on 127.0.0.1; half-way the one hosting " +
            "the most token managers is killed (1: no cluster, the default; otherwise at least 3, so that the survivors keep a majority)", 1, 1, 9);
        nodes.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() == 2)
                result.AddError("--nodes must be 1, or 3 or more: after the kill the survivors must keep a majority");
        });
        var tls = new Option<bool>("--tls")
        {
            Description = "With --nodes: the nodes talk TLS (mutual, with a self-signed certificate made for the run and pinned by every node)",
        };
        var rollingRestart = new Option<bool>("--rolling-restart")
        {
            Description = "With --nodes: instead of the kill, restart every node gracefully (leave, then join again), one at a time, under load",
        };
        var config = new ConfigOptions();
        command.Add(projects);
        command.Add(nodes);
        command.Add(tls);
        command.Add(rollingRestart);
        command.Validators.Add(result =>
        {
            if (result.GetValue(nodes) > 1)
                return;
            foreach (var option in new[] { tls, rollingRestart }.Where(option => result.GetValue(option)))
                result.AddError($"{option.Name} needs a cluster: add --nodes 3");
        });
        load.AddTo(command);
        command.Add(faults);
        command.Add(tokenTtl);
        config.AddTo(command);

        command.SetAction((parse, _) => CommandRunner.RunAsync(console, () => RunAsync(console, config.Load(parse, console), new DemoSettings(
            parse.GetValue(projects), parse.GetValue(faults), TimeSpan.FromSeconds(parse.GetValue(tokenTtl)),
            new LoadPlan(parse.GetValue(load.Concurrency), parse.GetValue(load.Requests), parse.GetValue(load.Duration), LoadMix.Full,
                parse.GetValue(load.Seed), RatePerSecond: null, DrainTimeout: load.DrainTimeoutOf(parse)),
            parse.GetValue(nodes), config.Arguments(parse)) { Tls = parse.GetValue(tls), RollingRestart = parse.GetValue(rollingRestart) },
            parse.GetValue(load.Json))));
    }

    private static async Task<int> RunAsync(CliConsole console, CliSettings configuration, DemoSettings settings, bool json)
    {
        var topology = DemoTopology.Create(settings.Projects);
        await using var emulator = await SinchEmulator.StartAsync(new EmulatorOptions
        {
            TokenLifetime = settings.TokenLifetime,
            Faults = FaultProfiles.Settings(settings.Faults, settings.Plan.Seed, downProjectId: topology[^1].ProjectId),
            MinimumLogLevel = LogLevel.None,
        });
        DemoTopology.Seed(emulator, topology);
        var report = new LoadReport("demo", "embedded emulator", settings.Faults.ToString().ToLowerInvariant(),
            kind => FaultProfiles.IsExpected(settings.Faults, kind),
            topology.GroupBy(p => p.KeyId).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(p => p.ProjectId).ToList()),
            settings.TokenLifetime,
            () => ServerAnswers(emulator));
        if (settings.Nodes > 1)
        {
            var auth = TokenManagerSettings.FromConfig(configuration.ActorSystemConfig().GetConfig("sinch-actors.auth"));
            return await ClusterDemo.RunAsync(console, settings, auth, emulator, topology, report, json);
        }

        // The demo serves its own projects on the emulator; the configuration still sets retries, timeouts, limits.
        configuration.Options.Projects.Clear();
        foreach (var family in Enum.GetValues<SinchApiFamily>())
            configuration.Options.Requests.BaseUrls[family.ToString()] = emulator.BaseUrl.ToString();
        // Short demo tokens need no settings of their own: the safety margin scales with each token's lifetime.
        await using var runtime = await CliRuntime.StartAsync(configuration,
            projects: topology.Select(p => DemoTopology.Credentials(p, emulator.TokenUrl)));
        var projects = topology.Select(p => new LoadProject(p.ProjectId, p.ResidentKeyId)).ToList();
        // The emulator allows 10,000 keys per project; a couple of hundred keeps its list pages realistic.
        return await LoadRun.ExecuteAsync(console, settings.Plan, new LoadCalls(runtime.Client, maxCreatedKeysPerProject: 200),
            projects, runtime.TokenFetches, report, json);
    }

    /// <summary>The emulator's non-2xx API answers by status ("aborted" for cut connections).</summary>
    private static Dictionary<string, long> ServerAnswers(SinchEmulator emulator) =>
        emulator.Stats.Snapshot().ApiRequests.Values
            .SelectMany(byStatus => byStatus)
            .Where(s => s.Key is 0 or >= 300)
            .GroupBy(s => s.Key == 0 ? "aborted" : s.Key.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(s => s.Value));
}
