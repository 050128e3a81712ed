using System.Text;
using SinchActors.Api.AccessKeys;
using SinchActors.Emulator.Faults;
using SinchActors.Requests;

namespace SinchActors.Tests.Requests;

/// <summary>
/// Whatever a server answers, a caller sees a response or a <see cref="SinchException"/>: generated and mutated
/// bodies across statuses, seeded so a failure can be replayed.
/// </summary>
public class OddBodyFuzzSpecs(EmulatorFixture fixture) : PipelineSpec(fixture)
{
    private const int Seed = 20261201;

    private static readonly string[] Seeds =
    [
        "", " ", "{}", "[]", "null", "true", "42", "\"text\"", "<html><body><h1>502 Bad Gateway</h1></body></html>",
        """{"error":{"code":404,"message":"Key gone","status":"NOT_FOUND","details":[{"a":1}]}}""",
        """{"error":{"code":{"x":1},"message":{"nested":"object"},"status":[1],"details":"a string"}}""",
        """{"error":{"details":{"not":"an array"}}}""", """{"error":[1,2,3]}""", """{"error":null,"message":7}""",
        """{"errorCode":{},"message":[],"reference":{"r":1},"status":true}""", """{"code":[],"text":{}}""",
        """{"type":1,"title":{},"detail":[]}""", """{"error":"invalid_client","error_description":{"x":1}}""",
        """{"keys":[{"keyId":1}],"nextPageToken":{},"totalSize":"many"}""", """{"keys":"none"}""",
        """{"keyId":"k","keySecret":"one-time-secret","projectId":7}""", "{\"a\":1,}", "{/* comment */}",
        "{\"error\":{\"message\":\"\\ud800\"}}", "{\"n\":1e999999}", "{\"error\":{\"code\":123456789012345678901234567890}}",
        new string('[', 2000), "{" + string.Concat(Enumerable.Repeat("\"a\":{", 300)) + "}", "\uFEFF{\"error\":{}}", "{\"é\":\"ü\u0000\"}",
    ];

    private static readonly int[] Statuses = [200, 201, 400, 401, 403, 404, 408, 409, 422, 429, 500, 502, 503, 504];

    [Fact]
    public void The_error_parser_never_throws_whatever_the_bytes()
    {
        var random = new Random(Seed);
        for (var i = 0; i < 20_000; i++)
        {
            var body = i % 2 == 0 ? Encoding.UTF8.GetBytes(Mutate(random)) : RandomBytes(random);
            var error = SinchErrorParser.Parse(Statuses[random.Next(Statuses.Length)], random.Next(4) == 0 ? null : "Reason", body,
                "GET", "/v1/x", "p", maxRawBodyBytes: random.Next(0, 300));
            Assert.NotNull(error.ErrorMessage);
            Assert.NotNull(error.RawBody);
        }
    }

    [Fact]
    public async Task Thousands_of_odd_answers_end_in_a_response_or_a_sinch_exception_and_the_runtime_serves_normally_afterwards()
    {
        const int Lanes = 4, PerLane = 400;
        var projects = Enumerable.Range(0, Lanes).Select(_ => Fixture.NewProject("fuzz")).ToArray();
        // About one answer in fourteen is a 401, which withdraws the token: with the production floor between
        // rejection-driven refetches (5 s) and fetch budget (12 a minute) each would stall its lane for seconds. What
        // is fuzzed here is the answer, not the pacing (TokenManagerSpecs pins that), so the pacing is lifted.
        var runtime = StartRuntime(o =>
        {
            o.Requests.MaxRetries = 0;
            o.Auth.MinRefetchInterval = TimeSpan.Zero;
            o.Auth.FetchBudgetBurst = Lanes * PerLane;
        }, projects);
        var outcomes = new int[3]; // response, typed error, anything else

        await Task.WhenAll(projects.Select((project, lane) => Task.Run(async () =>
        {
            var random = new Random(Seed + lane);
            for (var i = 0; i < PerLane; i++)
            {
                var status = Statuses[random.Next(Statuses.Length)];
                Inject(project, new FaultRule
                {
                    StatusCode = status, Count = 1, Body = FaultBody.Raw, RawBody = Mutate(random),
                    ContentType = random.Next(3) == 0 ? "text/html" : "application/json",
                });
                try
                {
                    await runtime.Client.SendAsync(Get(project), AccessKeysJsonContext.Default.AccessKeyPage).WaitAsync(TimeSpan.FromSeconds(20));
                    Interlocked.Increment(ref outcomes[0]);
                }
                catch (SinchException)
                {
                    Interlocked.Increment(ref outcomes[1]);
                }
                catch (Exception e)
                {
                    Interlocked.Increment(ref outcomes[2]);
                    Assert.Fail($"lane {lane}, call {i}, status {status}: {e.GetType().Name}: {e.Message}");
                }
            }
        })));

        Assert.Equal(0, outcomes[2]);
        Assert.Equal(Lanes * PerLane, outcomes[0] + outcomes[1]);
        Assert.InRange(outcomes[1], Lanes * PerLane / 2 + 1, Lanes * PerLane); // most answers were odd: typed errors
        foreach (var project in projects)
            Assert.NotNull(await runtime.Client.AccessKeys.ListPageAsync(project.ProjectId).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, runtime.InFlight);
    }

    /// <summary>A seed, truncated, spliced or with characters flipped, inserted or removed.</summary>
    private static string Mutate(Random random)
    {
        var body = new StringBuilder(Seeds[random.Next(Seeds.Length)]);
        const string alphabet = "{}[]\":,0123456789.-+eEtrufalsn \\/abcxyz\u00e9\u4e2d";
        for (var edits = random.Next(0, 4); edits > 0 && body.Length > 0; edits--)
        {
            var at = random.Next(body.Length);
            switch (random.Next(5))
            {
                case 0: body.Length = at; break; // truncated
                case 1: body[at] = alphabet[random.Next(alphabet.Length)]; break;
                case 2: body.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                case 3: body.Remove(at, 1); break;
                default: body.Insert(at, Seeds[random.Next(Seeds.Length)]); break;
            }
        }
        return body.ToString();
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 200)];
        random.NextBytes(bytes);
        if (bytes.Length > 0 && random.Next(2) == 0)
            bytes[0] = (byte)'{';
        return bytes;
    }
}
