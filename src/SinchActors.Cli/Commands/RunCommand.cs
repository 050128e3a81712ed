using System.CommandLine;
using SinchActors.Cli.Configuration;
using SinchActors.Cli.Load;
using SinchActors.Cli.Output;

namespace SinchActors.Cli.Commands;

/// <summary>
/// <c>run</c>: the demo's load engine against a configured target (a real account, or a standalone emulator),
/// read-only by default and rate-capped, so it is safe to point at production keys.
/// </summary>
internal static class RunCommand
{
    // Sinch documents tokens of one hour; against a real target the CLI cannot know better in advance.
    private static readonly TimeSpan RealTokenLifetime = TimeSpan.FromHours(1);

    public static Command Create(CliConsole console)
    {
        var command = new Command("run", "Run the load engine against the configured target: read-only Access Keys calls by default, rate-capped");
        var target = new TargetOptions();
        var load = new LoadOptions(defaultRequests: 100, defaultConcurrency: 4);
        var rate = OptionParsers.Positive("--rate", "Most calls started per second", 10);
        var writes = new Option<bool>("--writes")
        {
            Description = "Also create, rename and delete access keys (at most 3 per project at a time, all deleted at the end)",
        };
        target.AddTo(command);
        load.AddTo(command);
        command.Add(rate);
        command.Add(writes);

        command.SetAction((parse, _) => CommandRunner.RunAsync(console, async () =>
        {
            var settings = target.Load(parse, console);
            var plan = new LoadPlan(parse.GetValue(load.Concurrency), parse.GetValue(load.Requests), parse.GetValue(load.Duration),
                parse.GetValue(writes) ? LoadMix.AccessKeysReadWrite : LoadMix.ReadOnly, parse.GetValue(load.Seed), parse.GetValue(rate),
                DrainTimeout: load.DrainTimeoutOf(parse));

            await using var runtime = await CliRuntime.StartAsync(settings);
            var configured = settings.Options.Projects;
            var report = new LoadReport("run", settings.Options.Requests.BaseUrls.Values.FirstOrDefault() ?? "Sinch", "none (real target)",
                RunVerdict.RealTargetMayCause,
                configured.GroupBy(p => p.KeyId!).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(p => p.ProjectId!).ToList()),
                RealTokenLifetime, ServerAnswers: () => null);
            var projects = configured.Select(p => new LoadProject(p.ProjectId!, p.KeyId!)).ToList();
            var calls = new LoadCalls(runtime.Client, maxCreatedKeysPerProject: 3);
            var exitCode = await LoadRun.ExecuteAsync(console, plan, calls, projects, runtime.TokenFetches, report, parse.GetValue(load.Json));
            foreach (var project in projects)
                await calls.DeleteCreatedKeysAsync(project, CancellationToken.None);
            return exitCode;
        }));
        return command;
    }
}
