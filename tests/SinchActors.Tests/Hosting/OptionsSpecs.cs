using Akka.Configuration;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SinchActors.Hosting;
using SinchActors.Tests.Requests;
using SinchActors.Api.AccessKeys;

namespace SinchActors.Tests.Hosting;

[Collection(HostingCollection.Name)]
public class OptionsSpecs(EmulatorFixture fixture)
{
    [Fact]
    public void Options_emit_only_the_values_set_and_the_reference_configuration_fills_the_rest()
    {
        var options = new SinchActorsOptions();
        options.Requests.Workers = 3;
        options.Requests.Http.ConnectTimeout = TimeSpan.FromMilliseconds(1500);
        options.Requests.BackoffBase = TimeSpan.FromMicroseconds(2500);
        options.Requests.BaseUrls["access-keys"] = "http://127.0.0.1:5000";
        options.ProjectRegistry.MaxConcurrentTokenFetches = 2;
        options.Telemetry.IncludeProjectTag = false;

        var config = options.ToConfig();

        Assert.Equal(3, config.GetInt("sinch-actors.requests.workers"));
        Assert.Equal(TimeSpan.FromMilliseconds(1500), config.GetTimeSpan("sinch-actors.requests.http.connect-timeout"));
        Assert.Equal(TimeSpan.FromMicroseconds(2500), config.GetTimeSpan("sinch-actors.requests.backoff-base"));
        Assert.Equal("http://127.0.0.1:5000", config.GetString("sinch-actors.requests.base-urls.access-keys"));
        Assert.Equal(2, config.GetInt("sinch-actors.projects.max-concurrent-token-fetches"));
        Assert.False(config.GetBoolean("sinch-actors.telemetry.include-project-tag"));
        Assert.False(config.HasPath("sinch-actors.requests.attempt-timeout"));
        Assert.False(config.HasPath("sinch-actors.auth"));
        Assert.True(new SinchActorsOptions().ToConfig().IsEmpty);
    }

    [Fact]
    public async Task Code_options_win_over_appsettings_which_win_over_hocon_and_the_reference_configuration()
    {
        var project = fixture.NewProject("precedence");
        var settings = TestHost.Settings(fixture, project);
        settings["Sinch:Requests:Workers"] = "3";
        settings["Sinch:Requests:AttemptTimeout"] = "00:00:07";
        settings["Sinch:Requests:MaxRetries"] = "5";
        var envProject = fixture.NewProject("precedence-env");
        settings["SINCH_PROJECT_ID"] = envProject.ProjectId;
        settings["SINCH_KEY_ID"] = envProject.KeyId;
        settings["SINCH_KEY_SECRET"] = envProject.KeySecret;
        settings["SINCH_AUTH_URL"] = envProject.AuthUrl.ToString();
        using var host = TestHost.Build(settings,
            akka => akka.AddHocon(ConfigurationFactory.ParseString("sinch-actors.requests { max-retries = 9, max-in-flight = 123 }"), HoconAddMode.Prepend),
            code: o => o.Requests.Workers = 2,
            services: services => services.AddSinchActors(o =>
            {
                o.Requests.Workers = 4;
                o.Requests.DefaultDeadline = TimeSpan.FromSeconds(12);
            }));
        await host.StartAsync();

        var runtime = host.Services.GetRequiredService<SinchRuntime>();
        Assert.Equal(2, runtime.Settings.Workers); // WithSinchActors code over AddSinchActors code
        Assert.Equal(TimeSpan.FromSeconds(12), runtime.Settings.DefaultDeadline); // AddSinchActors code
        Assert.Equal(TimeSpan.FromSeconds(7), runtime.Settings.AttemptTimeout); // appsettings
        Assert.Equal(5, runtime.Settings.MaxRetries); // appsettings over HOCON
        Assert.Equal(123, runtime.Settings.MaxInFlight); // HOCON
        Assert.Equal(TimeSpan.FromSeconds(10), runtime.Settings.BackoffMax); // reference
        Assert.Equal(2, runtime.Projects.Count); // the section is bound once though AddSinchActors ran twice
        Assert.True(runtime.Projects.Contains(project.ProjectId));
        Assert.True(runtime.Projects.Contains(envProject.ProjectId)); // SINCH_* variables
        await runtime.Client.AccessKeys.ListPageAsync(envProject.ProjectId).WaitAsync(TimeSpan.FromSeconds(15));
        await host.StopAsync();
    }

    [Fact]
    public async Task Invalid_configuration_fails_the_host_at_start_naming_each_key_and_problem_without_the_secret()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Sinch:Projects:0:ProjectId"] = "p1",
            ["Sinch:Projects:0:KeyId"] = "k1",
            ["Sinch:Projects:1:ProjectId"] = "p2",
            ["Sinch:Projects:1:KeyId"] = "k2",
            ["Sinch:Projects:1:KeySecret"] = " very-secret-value",
            ["Sinch:Requests:Workers"] = "0",
            ["Sinch:Auth:RefreshFraction"] = "1.5",
            ["Sinch:Requests:BaseUrls:Telepathy"] = "http://localhost",
            ["SINCH_PROJECT_ID"] = "from-env",
        };
        using var host = TestHost.Build(settings);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Sinch:Projects:0:KeySecret is required.", error.Failures);
        Assert.Contains("Sinch:Projects:1:KeySecret: The value must not start or end with whitespace.", error.Failures);
        Assert.Contains("SINCH_KEY_ID is required.", error.Failures);
        Assert.Contains("SINCH_KEY_SECRET is required.", error.Failures);
        Assert.Contains("Sinch:Requests:Workers / sinch-actors.requests.workers must be at least 1 (is 0).", error.Failures);
        Assert.Contains(error.Failures, f => f.StartsWith("Sinch:Requests:BaseUrls:Telepathy: 'Telepathy' is not an API family", StringComparison.Ordinal));
        Assert.DoesNotContain("very-secret-value", error.Message);
    }

    [Fact]
    public async Task Invalid_code_options_given_to_WithSinchActors_fail_the_host_start()
    {
        var project = fixture.NewProject("invalid-code");
        using var host = TestHost.Build(TestHost.Settings(fixture, project), code: o => o.Requests.MaxRetries = -1);

        var invalid = await Assert.ThrowsAsync<SinchConfigurationException>(() => host.StartAsync());

        Assert.Equal(["Sinch:Requests:MaxRetries / sinch-actors.requests.max-retries must not be negative (is -1)."], invalid.Problems);
    }

    [Fact]
    public void Standalone_options_are_validated_with_the_same_messages_including_every_settings_section()
    {
        var options = new SinchActorsOptions().AddProject("p", "k", "s", authUrl: "http://example.com/token");
        options.Auth.RefreshFraction = 1.5;
        options.ProjectRegistry.MaxConcurrentTokenFetches = 0;
        options.Shutdown.DrainTimeout = TimeSpan.FromSeconds(-1);

        var problems = options.Validate();

        Assert.Contains("Sinch:Projects:0:AuthUrl: The auth URL must use https (http only for loopback hosts).", problems);
        Assert.Contains("Sinch:Shutdown:DrainTimeout / sinch-actors.shutdown.drain-timeout must not be negative.", problems);
        options.Shutdown.DrainTimeout = TimeSpan.FromSeconds(1);
        problems = options.Validate();
        Assert.Contains("Sinch:Auth:RefreshFraction / sinch-actors.auth.refresh-fraction must be between 0 and 1 (is 1.5).", problems);
        Assert.Contains("Sinch:ProjectRegistry:MaxConcurrentTokenFetches / sinch-actors.projects.max-concurrent-token-fetches must be positive (is 0).", problems);
        using var system = Akka.Actor.ActorSystem.Create("standalone-invalid", "akka.loglevel = OFF");
        var error = Assert.Throws<SinchConfigurationException>(() => SinchRuntime.Create(system, options));
        Assert.Equal(problems, error.Problems);
    }

    [Fact]
    public async Task Without_a_host_the_same_options_start_a_runtime_on_an_existing_actor_system()
    {
        var project = fixture.NewProject("standalone");
        var options = new SinchActorsOptions().AddProject(project.ProjectId, project.KeyId, project.KeySecret, project.AuthUrl.ToString());
        options.Requests.BaseUrls["AccessKeys"] = fixture.Emulator.BaseUrl.ToString();
        options.Requests.Workers = 2;
        using var system = Akka.Actor.ActorSystem.Create("standalone", "akka.loglevel = WARNING");

        await using var runtime = await SinchRuntime.CreateAsync(system, options);

        Assert.Equal(2, runtime.Settings.Workers);
        var page = await runtime.Client.AccessKeys.ListPageAsync(project.ProjectId).WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Single(page.AccessKeys);
    }

    [Fact]
    public async Task Without_any_actor_system_the_runtime_starts_one_of_its_own_and_terminates_it_when_disposed()
    {
        var project = fixture.NewProject("own-system");
        var options = TestHost.Options(fixture, project);

        var runtime = await SinchRuntime.StartAsync(options);
        await runtime.Client.AccessKeys.ListPageAsync(project.ProjectId).WaitAsync(TimeSpan.FromSeconds(15));
        await runtime.DisposeAsync();

        Assert.Equal("sinch-actors", runtime.ActorSystem.Name);
        await runtime.ActorSystem.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(15));
        await Assert.ThrowsAsync<SinchConfigurationException>(() => SinchRuntime.StartAsync(new SinchActorsOptions().AddProject("p", "k", "")));
    }
}
