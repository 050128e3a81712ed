using Akka.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SinchActors.Auth;
using SinchActors.Emulator.Faults;
using SinchActors.Hosting;
using SinchActors.Requests;
using SinchActors.Tests.Requests;

namespace SinchActors.Tests.Hosting;

/// <summary>
/// Builds real Generic Hosts (<c>Host.CreateApplicationBuilder</c> + <c>AddAkka</c> + <c>WithSinchActors</c>) and
/// standalone options for the hosting specs, all against the emulator.
/// </summary>
internal static class TestHost
{
    /// <summary>Options serving <paramref name="projects"/> with the Access Keys API on the emulator.</summary>
    public static SinchActorsOptions Options(EmulatorFixture fixture, params SinchCredentials[] projects)
    {
        var options = new SinchActorsOptions { RequestPoolName = $"sinch-requests-{Interlocked.Increment(ref _sequence)}" };
        foreach (var project in projects)
            options.AddProject(project.ProjectId, project.KeyId, project.KeySecret, project.AuthUrl.ToString());
        options.Requests.BaseUrls["AccessKeys"] = fixture.Emulator.BaseUrl.ToString();
        return options;
    }

    /// <summary>Lists <paramref name="project"/>'s access keys.</summary>
    public static SinchRequest Get(SinchCredentials project) =>
        new(HttpMethod.Get, project.ProjectId, SinchApiFamily.AccessKeys, $"/v1/projects/{project.ProjectId}/accessKeys");

    /// <summary>Injects a fault into the Access Keys API of <paramref name="project"/> only.</summary>
    public static void Inject(EmulatorFixture fixture, SinchCredentials project, FaultRule rule) =>
        fixture.Emulator.Faults.Add(rule with { ProjectId = project.ProjectId, Target = FaultTarget.AccessKeys });

    private static int _sequence;

    /// <summary>appsettings-style keys that serve <paramref name="project"/> with every API family on the emulator.</summary>
    public static Dictionary<string, string?> Settings(EmulatorFixture fixture, SinchCredentials project) => new()
    {
        ["Sinch:Projects:0:ProjectId"] = project.ProjectId,
        ["Sinch:Projects:0:KeyId"] = project.KeyId,
        ["Sinch:Projects:0:KeySecret"] = project.KeySecret,
        ["Sinch:Projects:0:AuthUrl"] = project.AuthUrl.ToString(),
        ["Sinch:Requests:BaseUrls:AccessKeys"] = fixture.Emulator.BaseUrl.ToString(),
        ["Sinch:Requests:BaseUrls:Sms"] = fixture.Emulator.BaseUrl.ToString(),
    };

    /// <summary>
    /// A host registered with <c>AddSinchActors</c> alone (no <c>AddAkka</c>): SinchActors runs its own actor system.
    /// <paramref name="settings"/> stand in for appsettings.json and the environment.
    /// </summary>
    public static IHost BuildAlone(IDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Test" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSinchActors();
        services?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>A host with <paramref name="settings"/> as its configuration (standing in for appsettings.json and the environment).</summary>
    public static IHost Build(IDictionary<string, string?> settings, Action<AkkaConfigurationBuilder>? akka = null,
        Action<SinchActorsOptions>? code = null, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Test" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSinchActors();
        services?.Invoke(builder.Services);
        builder.Services.AddAkka($"hosting-{Interlocked.Increment(ref _sequence)}", akkaBuilder =>
        {
            akkaBuilder.AddHocon("akka.loglevel = WARNING", HoconAddMode.Prepend);
            if (code is null)
                akkaBuilder.WithSinchActors();
            else
                akkaBuilder.WithSinchActors(code);
            akka?.Invoke(akkaBuilder);
        });
        return builder.Build();
    }
}
