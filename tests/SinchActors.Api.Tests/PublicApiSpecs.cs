using System.Reflection;
using PublicApiGenerator;

namespace SinchActors.Api.Tests;

/// <summary>
/// Each package's public API is pinned in <c>approved/{assembly}.approved.txt</c>: a change to the public surface fails
/// here until the approved file changes with it (see README.md of this project for the accept command).
/// </summary>
public sealed class PublicApiSpecs
{
    [Theory]
    [InlineData("SinchActors")]
    [InlineData("SinchActors.Cluster")]
    [InlineData("SinchActors.Emulator")]
    public void The_public_API_of_each_package_matches_its_approved_file(string assemblyName)
    {
        var assembly = Assembly.Load(assemblyName);

        var api = assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            IncludeAssemblyAttributes = false,
            // Compiler-generated, naming a state machine whose name changes with unrelated edits: not API.
            ExcludeAttributes = ["System.Runtime.CompilerServices.AsyncIteratorStateMachineAttribute", "System.Runtime.CompilerServices.AsyncStateMachineAttribute"],
        });

        ApprovedFile.Verify(assemblyName, api);
    }
}
