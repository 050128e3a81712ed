using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SinchActors.Http;

namespace SinchActors.Auth;

/// <summary>
/// The OAuth 2.0 client-credentials client of Sinch's token endpoint. Stateless and thread-safe: one instance,
/// built on the runtime's shared HTTP handler, serves every token manager.
/// </summary>
internal sealed class TokenClient : ITokenClient
{
    // Far beyond any lifetime the token manager uses (it caps them at max-lifetime); keeps TimeSpan from overflowing.
    private const double MaxSeconds = 1e9;

    // Token answers are a few hundred bytes; a bigger body is an error page or a wrong URL.
    private const int MaxBodyBytes = 64 * 1024;

    private static readonly MediaTypeHeaderValue FormContentType = new("application/x-www-form-urlencoded");

    private readonly HttpMessageInvoker _http;
    private readonly TimeSpan _fetchTimeout;
    private readonly TimeProvider _time;

    /// <summary>Creates the client.</summary>
    /// <param name="http">The caller's shared invoker (an <see cref="HttpClient"/> or one over a shared handler); not disposed here.</param>
    /// <param name="fetchTimeout">How long one request may take; <see cref="TokenManagerSettings.FetchTimeout"/>.</param>
    /// <param name="timeProvider">The clock a <c>Retry-After</c> date is measured on when the answer has no <c>Date</c>; the system clock when <c>null</c>.</param>
    public TokenClient(HttpMessageInvoker http, TimeSpan fetchTimeout, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(fetchTimeout, TimeSpan.Zero);
        _http = http;
        _fetchTimeout = fetchTimeout;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public async Task<TokenGrant> FetchAsync(SinchCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var (projectId, keyId) = (credentials.ProjectId, credentials.KeyId);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_fetchTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, credentials.AuthUrl)
        {
            Content = new ByteArrayContent("grant_type=client_credentials"u8.ToArray()) { Headers = { ContentType = FormContentType } },
        };
        request.Headers.Authorization = credentials.BasicAuthorization;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        try
        {
            using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            var body = await CappedBody.ReadAsync(response.Content, MaxBodyBytes, timeout.Token).ConfigureAwait(false)
                       ?? throw new SinchTokenEndpointException(projectId, TokenFailureKind.TooLarge,
                           $"HTTP {(int)response.StatusCode} with an answer larger than {MaxBodyBytes} bytes", (int)response.StatusCode, keyId: keyId);
            return response.IsSuccessStatusCode
                ? ParseGrant(credentials, body, response)
                : throw Classify(credentials, response, body, _time);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SinchTokenEndpointException(projectId, TokenFailureKind.Timeout,
                $"no answer within {_fetchTimeout.TotalSeconds:0.###} s", innerException: e, keyId: keyId);
        }
        catch (HttpRequestException e)
        {
            throw new SinchTokenEndpointException(projectId, TokenFailureKind.ConnectionFailed,
                $"{e.HttpRequestError} talking to {credentials.AuthUrl.Host}", innerException: e, keyId: keyId);
        }
    }

    /// <summary>
    /// The grant as announced; what its lifetime means (absent, too short, too long) is the token manager's decision
    /// (<see cref="TokenLifetime"/>).
    /// </summary>
    private static TokenGrant ParseGrant(SinchCredentials credentials, ReadOnlyMemory<byte> body, HttpResponseMessage response)
    {
        var (projectId, keyId, status) = (credentials.ProjectId, credentials.KeyId, (int)response.StatusCode);
        var json = Parse(body)
            ?? throw new SinchTokenEndpointException(projectId, TokenFailureKind.NotJson, DescribeNonJson(body, response), status, keyId: keyId);
        if (string.IsNullOrEmpty(json.AccessToken))
            throw new SinchTokenEndpointException(projectId, TokenFailureKind.MissingAccessToken, "the answer has no access_token", status, keyId: keyId);
        if (json.TokenType is not null && !json.TokenType.Equals("bearer", StringComparison.OrdinalIgnoreCase))
            throw new SinchTokenEndpointException(projectId, TokenFailureKind.UnsupportedTokenType, $"token_type '{json.TokenType}' is not bearer", status, keyId: keyId);
        if (json.ExpiresIn is { } seconds && !double.IsFinite(seconds))
            throw new SinchTokenEndpointException(projectId, TokenFailureKind.InvalidExpiresIn, $"expires_in {seconds} is not a number", status, keyId: keyId);
        TimeSpan? lifetime = json.ExpiresIn is { } s ? TimeSpan.FromSeconds(Math.Clamp(s, -MaxSeconds, MaxSeconds)) : null;
        return new TokenGrant(json.AccessToken, lifetime);
    }

    private static SinchTokenEndpointException Classify(SinchCredentials credentials, HttpResponseMessage response, ReadOnlyMemory<byte> body, TimeProvider time)
    {
        var status = (int)response.StatusCode;
        var json = Parse(body);
        var retryAfter = RetryAfterHeader.Wait(response.Headers, time);
        var detail = $"HTTP {status}" + (json?.Error is { } e ? $" {e}" : "") +
                     (string.IsNullOrEmpty(json?.ErrorDescription) ? "" : $" ({json.ErrorDescription})");
        var kind = response.StatusCode switch
        {
            HttpStatusCode.TooManyRequests => TokenFailureKind.Throttled,
            HttpStatusCode.RequestTimeout => TokenFailureKind.Timeout,
            >= HttpStatusCode.InternalServerError => TokenFailureKind.ServerError,
            // RFC 6749 §5.2: a refused client or grant does not heal by retrying. A bare 401 means the same;
            // a bare 400 could come from a proxy, so it counts as transient.
            HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized when json?.Error is "invalid_client" or "unauthorized_client" or "invalid_grant"
                => TokenFailureKind.Rejected,
            HttpStatusCode.Unauthorized => TokenFailureKind.Rejected,
            _ => TokenFailureKind.UnexpectedStatus,
        };
        return new SinchTokenEndpointException(credentials.ProjectId, kind, detail, status, json?.Error, json?.ErrorDescription, retryAfter,
            keyId: credentials.KeyId);
    }

    private static TokenResponseJson? Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            return body.IsEmpty ? null : JsonSerializer.Deserialize(body.Span, TokenJsonContext.Default.TokenResponseJson);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Never echo the body: it may hold anything, including a token.
    private static string DescribeNonJson(ReadOnlyMemory<byte> body, HttpResponseMessage response)
    {
        var text = Encoding.UTF8.GetString(body.Span[..Math.Min(body.Length, 64)]).TrimStart();
        var html = text.StartsWith('<') || response.Content.Headers.ContentType?.MediaType == "text/html";
        return body.Length == 0 ? "the answer is empty"
            : html ? "the answer is an HTML page, not JSON"
            : "the answer is not a JSON object";
    }
}
