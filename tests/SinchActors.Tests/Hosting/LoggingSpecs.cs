using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SinchActors.Diagnostics;
using SinchActors.Requests;
using SinchActors.Tests.Requests;
using SinchActors.Api.AccessKeys;

namespace SinchActors.Tests.Hosting;

[Collection(HostingCollection.Name)]
public class LoggingSpecs(EmulatorFixture fixture)
{
    [Fact]
    public async Task Hosted_log_events_reach_microsoft_extensions_logging_with_stable_event_ids_and_no_secrets()
    {
        var project = fixture.NewProject("logging");
        var capture = new CapturingLoggerProvider();
        using var host = TestHost.Build(TestHost.Settings(fixture, project),
            akka => akka.ConfigureLoggers(loggers =>
            {
                loggers.LogLevel = Akka.Event.LogLevel.InfoLevel;
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            }),
            services: services => services.AddLogging(logging => logging.AddProvider(capture).SetMinimumLevel(LogLevel.Debug)));
        await host.StartAsync();

        await host.Services.GetRequiredService<ISinchClient>().AccessKeys.ListPageAsync(project.ProjectId).WaitAsync(TimeSpan.FromSeconds(15));
        await host.StopAsync();

        Assert.Contains(capture.Entries, e => e.Category == SinchActorsLogEvents.Category && e.EventId == SinchActorsLogEvents.Started);
        Assert.Contains(capture.Entries, e => e.Category == SinchActorsLogEvents.Category && e.EventId == SinchActorsLogEvents.Stopped);
        // The token manager logs through Akka; Akka.Hosting's bridge hands it to the host's loggers.
        Assert.Contains(capture.Entries, e => e.Message.Contains($"Key {project.KeyId}: token generation 1 fetched", StringComparison.Ordinal));
        Assert.DoesNotContain(capture.Entries, e => e.Message.Contains(project.KeySecret, StringComparison.Ordinal) || e.Message.Contains("Bearer", StringComparison.Ordinal));
    }
}
