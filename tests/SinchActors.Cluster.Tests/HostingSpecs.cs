using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SinchActors.Cluster.Configuration;
using SinchActors.Cluster.Hosting;
using SinchActors.Cluster.Sharding;
using SinchActors.Auth;
using SinchActors.Cluster.Wire;
using SinchActors.Emulator;
using SinchActors.Hosting;
using SinchActors.Requests;
using static SinchActors.Cluster.Tests.ClusterTokenSpecs;

namespace SinchActors.Cluster.Tests;

/// <summary><c>WithSinchActorsCluster</c> on a Generic Host: the hosted runtime's token managers become sharded entities.</summary>
public sealed class HostingSpecs
{
    [Fact]
    public async Task A_hosted_runtime_with_WithSinchActorsCluster_serves_calls_from_a_sharded_token_manager_and_manages_the_cluster_projects()
    {
        await using var emulator = await SinchEmulator.StartAsync();
        var key = emulator.SeedKey("hosted", "key-hosted", "secret-hosted");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Test" });
        builder.Services.AddSinchActors();
        builder.Services.AddSinchActorsCluster();
        builder.Services.AddAkka("hosted-cluster", akka => akka
            .AddHocon("akka.loglevel = WARNING", HoconAddMode.Prepend)
            .WithRemoting("127.0.0.1", 0)
            .WithClustering(new ClusterOptions { Roles = ["tokens"] })
            .WithSinchActorsCluster(cluster => cluster.Role = "tokens")
            .WithSinchActors(options =>
            {
                options.AddProject(key.ProjectId, key.KeyId, key.Secret, emulator.TokenUrl.ToString());
                options.Requests.BaseUrls["AccessKeys"] = emulator.BaseUrl.ToString();
            }));
        using var host = builder.Build();
        await host.StartAsync();
        var system = host.Services.GetRequiredService<ActorSystem>();
        var cluster = Akka.Cluster.Cluster.Get(system);
        await cluster.JoinAsync(cluster.SelfAddress).WaitAsync(ClusterNodes.Deadline);

        await host.Services.GetRequiredService<ISinchClient>().SendAsync(ListKeys("hosted")).WaitAsync(ClusterNodes.Deadline);

        var credentials = new SinchCredentials("hosted", key.KeyId, key.Secret, emulator.TokenUrl);
        var state = await ClusterSharding.Get(system).ShardRegion(SinchClusterSettings.Default.TypeName)
            .Ask<KeyState>(new KeyEnvelope(ShardedTokenManagers.EntityId(credentials), credentials, GetKeyState.Instance), ClusterNodes.Deadline);
        Assert.Equal(SinchActors.Auth.TokenManagerState.Serving, state.State);
        Assert.Equal(1, emulator.Stats.Tokens(key.KeyId).Issued);

        // ISinchProjects is the cluster's: a project added through it is in the replicated map and served.
        var added = emulator.SeedKey("hosted-added", "key-hosted-added", "secret-hosted-added");
        var projects = host.Services.GetRequiredService<SinchActors.Projects.ISinchProjects>();
        await projects.AddAsync(new SinchCredentials(added.ProjectId, added.KeyId, added.Secret, emulator.TokenUrl));
        Assert.IsType<SinchActors.Cluster.Projects.SinchClusterProjects>(projects);
        await host.Services.GetRequiredService<ISinchClient>().SendAsync(ListKeys("hosted-added")).WaitAsync(ClusterNodes.Deadline);
        await host.StopAsync();
    }
}
