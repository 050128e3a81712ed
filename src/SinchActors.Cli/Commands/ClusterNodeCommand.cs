using System.CommandLine;
using SinchActors.Cli.Cluster;
using SinchActors.Cli.Configuration;

namespace SinchActors.Cli.Commands;

/// <summary>The hidden <c>cluster-node</c> command: one node of <c>demo --nodes N</c> (see <see cref="ClusterNode"/>).</summary>
internal static class ClusterNodeCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command(ClusterNode.CommandName, "One node of 'demo --nodes N' (started by the demo; reads its commands from stdin)")
        {
            Hidden = true,
        };
        var config = new ConfigOptions();
        config.AddTo(command);
        command.SetAction((parse, _) => CommandRunner.RunAsync(console, () => ClusterNode.RunAsync(config.Load(parse, console), Console.In, console.Output)));
        return command;
    }
}
