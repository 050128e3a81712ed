using System.Text.Json.Serialization.Metadata;

namespace SinchActors.Requests;

/// <summary>
/// Calls Sinch REST APIs for any registered project. Thread-safe; every call ends exactly once with a response, a
/// <see cref="SinchException"/> or, when its token is cancelled, an <see cref="OperationCanceledException"/>.
/// </summary>
public interface ISinchClient
{
    /// <summary>Sends a request through the pipeline (token, retries, circuit breaker, limits).</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call; a cancelled call never completes with a result.</param>
    /// <returns>The 2xx response. Any other status is thrown as <see cref="SinchApiException"/>.</returns>
    Task<SinchResponse> SendAsync(SinchRequest request, CancellationToken cancellationToken = default);

    /// <summary>The typed Access Keys API v1 client.</summary>
    AccessKeysClient AccessKeys { get; }

    /// <summary>The typed SMS API v1 batches client.</summary>
    SmsClient Sms { get; }

    /// <summary>The typed Numbers API v1 active numbers client.</summary>
    NumbersClient Numbers { get; }
}

/// <summary>Typed calls on top of <see cref="ISinchClient.SendAsync"/>.</summary>
public static class SinchClientExtensions
{
    /// <summary>Sends a request and deserializes the response body with a source-generated contract.</summary>
    /// <typeparam name="T">The response body's type.</typeparam>
    /// <param name="client">The client.</param>
    /// <param name="request">The request.</param>
    /// <param name="responseType">The source-generated contract of <typeparamref name="T"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static async Task<T> SendAsync<T>(this ISinchClient client, SinchRequest request, JsonTypeInfo<T> responseType,
        CancellationToken cancellationToken = default)
    {
        var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return response.Deserialize(responseType);
    }
}
