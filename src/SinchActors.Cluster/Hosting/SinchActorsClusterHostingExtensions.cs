using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SinchActors.Cluster.Configuration;
using SinchActors.Cluster.Projects;
using SinchActors.Cluster.Wire;
using SinchActors.Projects;
using SinchActors.Hosting;

namespace SinchActors.Cluster.Hosting;

/// <summary>
/// Cluster mode for Akka.Hosting users: <c>WithSinchActorsCluster</c> next to <c>WithClustering</c> (Akka.Cluster.Hosting)
/// and <c>WithSinchActors</c> (SinchActors) on every node; <see cref="AddSinchActorsCluster"/> next to <c>AddSinchActors</c>.
/// </summary>
public static class SinchActorsClusterHostingExtensions
{
    /// <summary>
    /// Makes <see cref="ISinchProjects"/> the cluster's projects (<see cref="SinchClusterProjects"/>): adding, rotating
    /// and removing a project through it takes effect on every node. Call after <c>AddSinchActors</c>.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddSinchActorsCluster(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(sp => new SinchClusterProjects(sp.GetRequiredService<SinchRuntime>()));
        services.Replace(ServiceDescriptor.Singleton<ISinchProjects>(sp => sp.GetRequiredService<SinchClusterProjects>()));
        return services;
    }

    /// <summary>
    /// Runs the token managers of the host's SinchActors runtime as sharded entities, one per access key in the
    /// cluster (on the nodes with <see cref="SinchClusterOptions.Role"/> when set; the others reach them through a
    /// shard-region proxy), pushes credentials to the nodes that use them and binds the wire messages to
    /// <see cref="SinchClusterSerializer"/>. The options set are prepended to the actor system's configuration, the
    /// reference configuration appended. The host must also configure clustering (<c>WithClustering</c>), including its
    /// downing (see <c>hocon/sinch-actors-cluster.conf</c>): this sets nothing under <c>akka.cluster</c>.
    /// </summary>
    /// <param name="builder">The Akka builder.</param>
    /// <param name="configure">Sets the values that win over the configuration's <c>sinch-actors.cluster</c>; none when null.</param>
    /// <returns><paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentException">An option is out of range; the message names its configuration key.</exception>
    public static AkkaConfigurationBuilder WithSinchActorsCluster(this AkkaConfigurationBuilder builder, Action<SinchClusterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new SinchClusterOptions();
        configure?.Invoke(options);
        builder.AddHocon(options.ToConfig(), HoconAddMode.Prepend);
        builder.AddHocon(SinchClusterConfig.Reference.WithFallback(SinchClusterSerializer.Config), HoconAddMode.Append);
        builder.AddSetup(SinchCluster.Setup(options));
        return builder;
    }
}
