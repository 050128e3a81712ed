using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace SinchActors.Emulator.Tests;

/// <summary>Small client-side helpers speaking the Sinch wire format to the emulator.</summary>
public static class Sinch
{
    private static int _sequence;

    /// <summary>A unique ID so tests sharing one emulator never collide.</summary>
    public static string NewId(string prefix) => $"{prefix}-{Interlocked.Increment(ref _sequence)}-{Guid.NewGuid():N}"[..(prefix.Length + 14)];

    public static AuthenticationHeaderValue Basic(string keyId, string secret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{keyId}:{secret}")));

    public static HttpRequestMessage TokenRequest(string keyId, string secret, string grantType = "client_credentials") =>
        new(HttpMethod.Post, "oauth2/token")
        {
            Headers = { Authorization = Basic(keyId, secret) },
            Content = new FormUrlEncodedContent([new("grant_type", grantType)]),
        };

    public static async Task<string> GetTokenAsync(this HttpClient client, string keyId, string secret)
    {
        using var response = await client.SendAsync(TokenRequest(keyId, secret));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return json.GetProperty("access_token").GetString()!;
    }

    public static HttpRequestMessage Bearer(HttpMethod method, string path, string token, object? body = null) =>
        new(method, path)
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
            Content = body is null ? null : JsonContent.Create(body),
        };

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>Awaits a condition with a deadline, checking it on a timer tick instead of sleeping a guessed time.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, int seconds = 10)
    {
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(5));
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for: {what}");
            await tick.WaitForNextTickAsync();
        }
    }

    /// <summary>
    /// Awaits <paramref name="signal"/> with a deadline, calling <paramref name="nudge"/> (say, moving a fake clock) each
    /// time it has not completed within a short wait.
    /// </summary>
    public static async Task CompletesAsync(Task signal, Action nudge, string what, int seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            nudge();
            try
            {
                await signal.WaitAsync(TimeSpan.FromMilliseconds(20));
                return;
            }
            catch (TimeoutException) when (!signal.IsCompleted)
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for: {what}");
            }
        }
    }
}
