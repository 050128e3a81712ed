using System.Net;
using Akka.Actor;
using Microsoft.Extensions.Configuration;
using SinchActors.Auth;
using SinchActors.Emulator;
using SinchActors.Emulator.Faults;
using SinchActors.Hosting;
using SinchActors.Reliability.Tests.Infrastructure;
using SinchActors.Requests;
using SinchActors.Api.AccessKeys;

namespace SinchActors.Reliability.Tests;

/// <summary>
/// R3 bad input, table-driven: every bad identifier, URL, answer body and setting reaches the runtime the way a
/// user's would (bound configuration, a request, a message, the server's answer) and ends in the runtime's typed
/// error naming the input; the running runtime then serves the next request normally.
/// </summary>
public sealed class BadInputSuite : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly string OverLong = new('p', 129);
    private SinchEmulator _emulator = null!;
    private ActorSystem _system = null!;
    private SinchRuntime _runtime = null!;
    private SinchCredentials _healthy = null!;

    public async Task InitializeAsync()
    {
        _emulator = await SinchEmulator.StartAsync();
        _system = ActorSystem.Create("bad-input", "akka.loglevel = ERROR");
        _healthy = Tenants.Seed(_emulator, "healthy");
        var options = new SinchActorsOptions
        {
            Requests = { BackoffBase = TimeSpan.FromMilliseconds(1), BackoffMax = TimeSpan.FromMilliseconds(5) },
        }.OnEmulator(_emulator).AddProject(_healthy);
        _runtime = await SinchRuntime.CreateAsync(_system, options);
    }

    public async Task DisposeAsync()
    {
        await _runtime.DisposeAsync();
        await _system.Terminate();
        await _emulator.DisposeAsync();
    }

    public static TheoryData<string, string?> BadIdentifiers => new()
    {
        { "ProjectId", null }, { "ProjectId", "" }, { "ProjectId", "   " }, { "ProjectId", OverLong }, { "ProjectId", "pro\u0007ject" },
        { "KeyId", null }, { "KeyId", "" }, { "KeyId", "\t" }, { "KeyId", OverLong }, { "KeyId", "key\nid" }, { "KeyId", "key:id" },
        { "KeySecret", null }, { "KeySecret", "" }, { "KeySecret", " " }, { "KeySecret", new string('s', 513) }, { "KeySecret", "sec\u0000ret" },
    };

    // The identifiers come in as a user's configuration does (bound from Sinch:Projects), so they reach the runtime's
    // validation rather than the SinchCredentials constructor a test would call.
    [Theory]
    [MemberData(nameof(BadIdentifiers))]
    public async Task A_bad_configured_identifier_fails_the_runtime_start_naming_its_key_not_its_value_and_the_running_runtime_serves_on(
        string field, string? value)
    {
        var options = Bound(new()
        {
            ["Sinch:Projects:0:ProjectId"] = field == "ProjectId" ? value : "project",
            ["Sinch:Projects:0:KeyId"] = field == "KeyId" ? value : "key",
            ["Sinch:Projects:0:KeySecret"] = field == "KeySecret" ? value : "secret",
        });

        var error = await Assert.ThrowsAsync<SinchConfigurationException>(() => SinchRuntime.CreateAsync(_system, options));

        Assert.Contains(error.Problems, problem => problem.StartsWith($"Sinch:Projects:0:{field}", StringComparison.Ordinal));
        if (!string.IsNullOrWhiteSpace(value))
            Assert.DoesNotContain(value, error.Message, StringComparison.Ordinal);
        await ServesNextRequest();
    }

    public static TheoryData<string> BadRequestProjects => new() { "   ", OverLong, "pro\u0007ject", "no-such-project" };

    [Theory]
    [MemberData(nameof(BadRequestProjects))]
    public async Task A_request_for_a_bad_or_unknown_project_id_fails_with_a_typed_error_naming_it_and_the_runtime_serves_on(string projectId)
    {
        var request = new SinchRequest(HttpMethod.Get, projectId, SinchApiFamily.AccessKeys, "/v1/projects/x/accessKeys");

        var error = await Assert.ThrowsAnyAsync<SinchException>(() => _runtime.Client.SendAsync(request).WaitAsync(Patience));

        Assert.Equal(projectId, error.ProjectId);
        await ServesNextRequest();
    }

    // A SinchRequest without a project ID cannot be built (its constructor refuses it); what reaches the runtime is a
    // request message without a request.
    [Fact]
    public async Task A_request_message_without_a_request_is_answered_with_an_argument_error_naming_it_and_the_runtime_serves_on()
    {
        var answer = await _runtime.RequestPool.Ask<SinchRequestFailed>(new SendSinchRequest("no-request", null!), Patience);

        Assert.Equal("no-request", answer.CorrelationId);
        Assert.Equal(nameof(SendSinchRequest.Request), Assert.IsType<ArgumentNullException>(answer.Error).ParamName);
        await ServesNextRequest();
    }

    public static TheoryData<string> BadAuthUrls => new()
    {
        "/oauth2/token",                        // relative
        "http://auth.example.com/oauth2/token", // plain http off this machine
        "ftp://auth.example.com/oauth2/token",
        "https://user:pass@auth.example.com/oauth2/token",
    };

    [Theory]
    [MemberData(nameof(BadAuthUrls))]
    public async Task A_relative_non_https_or_credential_carrying_configured_auth_url_fails_the_runtime_start_naming_its_key(string url)
    {
        var options = Bound(new()
        {
            ["Sinch:Projects:0:ProjectId"] = "project", ["Sinch:Projects:0:KeyId"] = "key", ["Sinch:Projects:0:KeySecret"] = "secret",
            ["Sinch:Projects:0:AuthUrl"] = url,
        });

        var error = await Assert.ThrowsAsync<SinchConfigurationException>(() => SinchRuntime.CreateAsync(_system, options));

        Assert.Contains(error.Problems, problem => problem.StartsWith("Sinch:Projects:0:AuthUrl", StringComparison.Ordinal));
        Assert.DoesNotContain("user:pass", error.Message, StringComparison.Ordinal);
        await ServesNextRequest();
    }

    public static TheoryData<string, string, string> BadConfiguredUrls => new()
    {
        { "AuthUrl", "not a url", "AuthUrl" },
        { "AuthUrl", "/relative/token", "AuthUrl" }, // named as the project's AuthUrl, which inherits it
        { "BaseUrls", "not a url", "Sinch:Requests:BaseUrls:AccessKeys" },
    };

    [Theory]
    [MemberData(nameof(BadConfiguredUrls))]
    public async Task A_malformed_or_relative_configured_url_is_a_configuration_error_naming_the_setting(string setting, string url, string key)
    {
        var options = new SinchActorsOptions().AddProject("project", "key", "secret");
        if (setting == "AuthUrl")
            options.AuthUrl = url;
        else
            options.Requests.BaseUrls["AccessKeys"] = url;

        var error = await Assert.ThrowsAsync<SinchConfigurationException>(() => SinchRuntime.StartAsync(options));

        Assert.Contains(error.Problems, problem => problem.StartsWith("Sinch:", StringComparison.Ordinal) && problem.Contains(key, StringComparison.Ordinal));
        await ServesNextRequest();
    }

    [Theory]
    [InlineData("http://api.example.com/")]
    [InlineData("/relative")]
    public async Task A_non_https_or_relative_api_base_url_is_a_configuration_error_naming_the_setting(string url)
    {
        var options = new SinchActorsOptions().AddProject("project", "key", "secret");
        options.Requests.BaseUrls["AccessKeys"] = url;

        var error = await Assert.ThrowsAsync<SinchConfigurationException>(() => SinchRuntime.StartAsync(options));

        Assert.Contains(error.Problems, problem => problem.StartsWith("Sinch:Requests:BaseUrls:AccessKeys", StringComparison.Ordinal));
        await ServesNextRequest();
    }

    /// <summary>Odd bodies: none, an HTML error page, JSON cut short, and JSON of the wrong shape.</summary>
    public static TheoryData<int, string, string> OddErrorAnswers()
    {
        var data = new TheoryData<int, string, string>();
        foreach (var status in new[] { 400, 404, 500, 503 })
        foreach (var (body, contentType) in OddBodies)
            data.Add(status, body, contentType);
        return data;
    }

    private static readonly (string Body, string ContentType)[] OddBodies =
    [
        ("", "application/json"),
        ("<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html"),
        ("{\"error\":{\"code\":40", "application/json"),
        ("{\"error\":[1,2,3],\"code\":\"x\",\"message\":42}", "application/json"),
    ];

    [Theory]
    [MemberData(nameof(OddErrorAnswers))]
    public async Task An_error_status_with_an_odd_body_is_an_api_error_with_that_status_naming_the_project(int status, string body, string contentType)
    {
        var project = Tenants.Seed(_emulator, $"odd-{status}");
        await AddProject(project);
        Answer(project, status, body, contentType);

        var error = await Assert.ThrowsAsync<SinchApiException>(() => _runtime.Client.SendAsync(Tenants.ListKeys(project)).WaitAsync(Patience));

        Assert.Equal(status, error.StatusCode);
        Assert.Equal(project.ProjectId, error.ProjectId);
        await ServesNextRequest();
    }

    public static TheoryData<string, string> OddSuccessAnswers()
    {
        var data = new TheoryData<string, string>();
        foreach (var (body, contentType) in OddBodies)
            data.Add(body, contentType);
        data.Add("{\"accessKeys\":\"not a list\",\"nextPageToken\":7}", "application/json");
        return data;
    }

    [Theory]
    [MemberData(nameof(OddSuccessAnswers))]
    public async Task A_2xx_with_an_odd_body_is_returned_as_is_by_the_generic_call(string body, string contentType)
    {
        var project = Tenants.Seed(_emulator, "odd-2xx-raw");
        await AddProject(project);
        Answer(project, 200, body, contentType);

        var response = await _runtime.Client.SendAsync(Tenants.ListKeys(project)).WaitAsync(Patience);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, System.Text.Encoding.UTF8.GetString(response.Body));
        await ServesNextRequest();
    }

    /// <summary>The odd 2xx bodies a typed call cannot read (an object of unknown fields is a valid, empty page).</summary>
    public static TheoryData<string, string> UnreadableSuccessAnswers()
    {
        var data = new TheoryData<string, string>();
        foreach (var row in OddSuccessAnswers())
        {
            var (body, contentType) = ((string)row[0], (string)row[1]);
            if (!body.StartsWith("{\"error\"", StringComparison.Ordinal))
                data.Add(body, contentType);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(UnreadableSuccessAnswers))]
    public async Task A_2xx_with_a_body_the_typed_call_cannot_read_is_a_typed_error_naming_the_project(string body, string contentType)
    {
        var project = Tenants.Seed(_emulator, "odd-2xx-typed");
        await AddProject(project);
        Answer(project, 200, body, contentType);

        var error = await Assert.ThrowsAnyAsync<SinchException>(() => _runtime.Client.AccessKeys.ListPageAsync(project.ProjectId).WaitAsync(Patience));

        Assert.Equal(project.ProjectId, error.ProjectId);
        await ServesNextRequest();
    }

    public static TheoryData<string, string, string> SettingsOutOfRange => new()
    {
        { "Requests:Workers", "0", "sinch-actors.requests.workers" },
        { "Requests:MaxRetries", "-1", "sinch-actors.requests.max-retries" },
        { "Requests:AttemptTimeout", "00:00:00", "sinch-actors.requests.attempt-timeout" },
        { "Requests:BackoffMax", "00:00:00.001", "sinch-actors.requests.backoff-max" }, // below the default back-off base
        { "Requests:CircuitBreaker:FailureRatio", "1.5", "sinch-actors.requests.circuit-breaker.failure-ratio" },
        { "Auth:RefreshFraction", "1.2", "sinch-actors.auth.refresh-fraction" },
        { "Auth:SafetyMargin", "-00:00:01", "sinch-actors.auth.safety-margin" },
        { "ProjectRegistry:MaxConcurrentTokenFetches", "0", "sinch-actors.projects.max-concurrent-token-fetches" },
    };

    [Theory]
    [MemberData(nameof(SettingsOutOfRange))]
    public async Task A_configured_setting_out_of_range_fails_the_runtime_start_naming_both_its_keys_and_the_running_runtime_serves_on(
        string setting, string value, string hoconKey)
    {
        var options = Bound(new() { [$"Sinch:{setting}"] = value });

        var error = await Assert.ThrowsAsync<SinchConfigurationException>(() => SinchRuntime.CreateAsync(_system, options));

        Assert.Contains(error.Problems, problem => problem.Contains($"Sinch:{setting}", StringComparison.Ordinal) && problem.Contains(hoconKey, StringComparison.Ordinal));
        await ServesNextRequest();
    }

    /// <summary>Options bound from <paramref name="settings"/> as a host binds its configuration, with actor names of their own.</summary>
    private static SinchActorsOptions Bound(Dictionary<string, string?> settings)
    {
        var n = Interlocked.Increment(ref _bound);
        var options = new SinchActorsOptions { RequestPoolName = $"bound-pool-{n}", ProjectRegistryName = $"bound-registry-{n}" };
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(SinchActorsOptions.SectionName).Bind(options);
        return options;
    }

    private static int _bound;

    private Task AddProject(SinchCredentials project) => _runtime.Projects.AddAsync(project).WaitAsync(Patience);

    private void Answer(SinchCredentials project, int status, string body, string contentType) =>
        _emulator.Faults.Add(new FaultRule
        {
            Target = FaultTarget.AccessKeys, ProjectId = project.ProjectId, StatusCode = status,
            Body = FaultBody.Raw, RawBody = body, ContentType = contentType,
        });

    private async Task ServesNextRequest()
    {
        var response = await _runtime.Client.SendAsync(Tenants.ListKeys(_healthy)).WaitAsync(Patience);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
