using Akka.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SinchActors.Auth;
using SinchActors.Emulator;
using SinchActors.Hosting;

namespace SinchActors.Reliability.Tests.Infrastructure;

/// <summary>Generic Hosts running the runtime as an application does (<c>AddSinchActors</c> + <c>AddAkka</c> + <c>WithSinchActors</c>).</summary>
internal static class Hosts
{
    private static int _sequence;

    /// <summary>appsettings-style keys serving <paramref name="projects"/> with every API family on the emulator.</summary>
    public static Dictionary<string, string?> Settings(SinchEmulator emulator, params SinchCredentials[] projects)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Sinch:Requests:BaseUrls:AccessKeys"] = emulator.BaseUrl.ToString(),
            ["Sinch:Requests:BaseUrls:Sms"] = emulator.BaseUrl.ToString(),
        };
        for (var i = 0; i < projects.Length; i++)
        {
            settings[$"Sinch:Projects:{i}:ProjectId"] = projects[i].ProjectId;
            settings[$"Sinch:Projects:{i}:KeyId"] = projects[i].KeyId;
            settings[$"Sinch:Projects:{i}:KeySecret"] = projects[i].KeySecret;
            settings[$"Sinch:Projects:{i}:AuthUrl"] = projects[i].AuthUrl.ToString();
            settings[$"Sinch:Projects:{i}:Mode"] = projects[i].Mode.ToString();
        }
        return settings;
    }

    /// <summary>
    /// A host configured by <paramref name="settings"/>; Akka's log events go to <paramref name="logs"/> when given;
    /// <paramref name="hocon"/> adds to the actor system's configuration.
    /// </summary>
    public static IHost Build(IDictionary<string, string?> settings, ILoggerProvider? logs = null, string? hocon = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Test" });
        builder.Configuration.AddInMemoryCollection(settings);
        if (logs is not null)
            builder.Services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        builder.Services.AddSinchActors();
        builder.Services.AddAkka($"reliability-{Interlocked.Increment(ref _sequence)}", akka =>
        {
            akka.AddHocon("akka.loglevel = DEBUG", HoconAddMode.Prepend);
            if (hocon is not null)
                akka.AddHocon(hocon, HoconAddMode.Prepend);
            if (logs is not null)
                akka.ConfigureLoggers(loggers =>
                {
                    loggers.LogLevel = Akka.Event.LogLevel.DebugLevel;
                    loggers.ClearLoggers();
                    loggers.AddLoggerFactory();
                });
            akka.WithSinchActors();
        });
        return builder.Build();
    }
}
