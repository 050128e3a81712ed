using System.Reflection;
using Xunit.Abstractions;

namespace SinchActors.Api.Tests;

/// <summary>
/// The namespaces (folders) of each package depend one way: no namespace uses, directly or through others, a namespace
/// that uses it. A failure lists every edge on a cycle with one use that causes it.
/// </summary>
public sealed class NamespaceDependencySpecs(ITestOutputHelper output)
{
    [Theory]
    [InlineData("SinchActors")]
    [InlineData("SinchActors.Cluster")]
    [InlineData("SinchActors.Emulator")]
    [InlineData("SinchActors.Emulator.Host")]
    [InlineData("sinch-actors")]
    public void The_namespaces_of_each_package_depend_one_way(string assemblyName)
    {
        var edges = NamespaceDependencies.Edges(Assembly.Load(assemblyName));
        foreach (var ((from, to), cause) in edges.OrderBy(e => e.Key.From, StringComparer.Ordinal).ThenBy(e => e.Key.To, StringComparer.Ordinal))
            output.WriteLine($"{from} -> {to} ({cause})");

        var cyclic = NamespaceDependencies.CyclicEdges(edges);

        Assert.Empty(cyclic); // each item is an edge on a cycle with one use that causes it
    }

    [Fact]
    public void A_cycle_is_reported_by_its_edges_and_their_causes()
    {
        var edges = new Dictionary<(string From, string To), string>
        {
            [("A", "B")] = "X uses Y",
            [("B", "A")] = "Y uses X",
            [("B", "C")] = "Y uses Z",
        };

        Assert.Equal(["A -> B (X uses Y)", "B -> A (Y uses X)"], NamespaceDependencies.CyclicEdges(edges));
    }
}
