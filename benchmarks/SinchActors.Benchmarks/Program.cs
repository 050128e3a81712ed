using BenchmarkDotNet.Running;
using SinchActors.Benchmarks;

// Scenarios measure SinchActors against a baseline taken in the same run on the same emulator, and print ratios.
// "latency" hands over to BenchmarkDotNet; the others are load harnesses (BenchmarkDotNet measures one call at a time).
var scenario = args.Length > 0 ? args[0] : "all";
var rest = args.Skip(1).ToArray();
switch (scenario)
{
    case "throughput": await ThroughputScenario.RunAsync(BenchArgs.Parse(rest, ThroughputScenario.Defaults)); break;
    case "handler-throughput": await ThroughputScenario.RunAsync(BenchArgs.Parse(rest, ThroughputScenario.Defaults), handler: true); break;
    case "cold-storm": await ColdStormScenario.RunAsync(BenchArgs.Parse(rest)); break;
    case "idle-memory": await IdleMemoryScenario.RunAsync(BenchArgs.Parse(rest)); break;
    case "steady-state": await SteadyStateScenario.RunAsync(BenchArgs.Parse(rest, SteadyStateScenario.Defaults)); break;
    case "allocation": await AllocationScenario.RunAsync(BenchArgs.Parse(rest, AllocationScenario.Defaults)); break;
    case "charts": Charts.Draw(); break;
    case "allocation-types": await AllocationTypesScenario.RunAsync(BenchArgs.Parse(rest, AllocationTypesScenario.Defaults)); break;
    case "refresh-spread": await RefreshSpreadScenario.RunAsync(BenchArgs.Parse(rest)); break;
    case "refresh-wave": await RefreshWaveScenario.RunAsync(BenchArgs.Parse(rest, RefreshWaveScenario.Defaults)); break;
    case "watchdog": WatchdogCostScenario.Run(); break;
    case "retry-hop": await RetryHopScenario.RunAsync(BenchArgs.Parse(rest, RetryHopScenario.Defaults)); break;
    case "p8-cluster": await ClusterScenario.RunAsync(BenchArgs.Parse(rest, ClusterScenario.Defaults)); break;
    case "load-raw": await OneSideScenario.RunAsync(sinch: false, BenchArgs.Parse(rest)); break;
    case "load-sinch": await OneSideScenario.RunAsync(sinch: true, BenchArgs.Parse(rest)); break;
    case "all":
        var options = BenchArgs.Parse(rest);
        await ThroughputScenario.RunAsync(BenchArgs.Parse(rest, ThroughputScenario.Defaults));
        await ColdStormScenario.RunAsync(options);
        await IdleMemoryScenario.RunAsync(options);
        break;
    case "latency": BenchmarkRunner.Run<RequestLatencyBenchmarks>(args: rest); break;
    default:
        Console.Error.WriteLine("usage: SinchActors.Benchmarks [throughput|handler-throughput|cold-storm|steady-state|idle-memory|allocation|allocation-types|refresh-spread|refresh-wave|watchdog|retry-hop|p8-cluster|load-raw|load-sinch|all|latency|charts] [--seconds N] [--concurrency N] [--projects N] [--rounds N] [--calls N] [--lifetime N] [--threads N] [--whole-second-tokens 0|1]");
        return 2;
}
return 0;
