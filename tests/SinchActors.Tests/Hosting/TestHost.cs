using Akka.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SinchActors.Auth;
using SinchActors.Hosting;
using SinchActors.Tests.Requests;

namespace SinchActors.Tests.Hosting;

/// <summary>Builds real Generic Hosts (<c>Host.CreateApplicationBuilder</c> + <c>AddAkka</c> + <c>WithSinchActors</c>) for the specs.</summary>
internal static class TestHost
{
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
