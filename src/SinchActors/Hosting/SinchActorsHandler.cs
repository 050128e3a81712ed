using SinchActors.Requests;

namespace SinchActors.Hosting;

/// <summary>
/// Lets an <see cref="HttpClient"/> (a factory client, a Refit, Kiota or NSwag client) ride the runtime: every request
/// takes the path of <see cref="ISinchClient"/> — a worker of the project, the key's token as <c>Bearer</c>, the retry
/// rule (a POST answered 5xx is not sent again; one retry with the next token after a 401), circuit breakers, in-flight
/// limits and the deadline — and the API's answer comes back as the <see cref="HttpResponseMessage"/>, a non-2xx one
/// returned, not thrown. The request's content is buffered once, so a retry sends the same bytes.
/// </summary>
/// <remarks>
/// It sends over the runtime's own HTTP stack (shared with <see cref="ISinchClient"/>; configure it with
/// <c>Sinch:HttpClientName</c>), so it is the client's last handler: handlers added after it are not called.
/// Failures without an HTTP answer throw the runtime's <see cref="SinchException"/>s (unknown project, open circuit,
/// deadline, shutdown, refused key, overload, transport); the client's timeout and cancellation cancel the call.
/// </remarks>
public sealed class SinchActorsHandler : DelegatingHandler
{
    private readonly SinchClient _client;
    private readonly Func<HttpRequestMessage, string> _selectProject;

    /// <summary>Sends every request for <paramref name="projectId"/>.</summary>
    /// <param name="runtime">The runtime whose pipeline carries the requests.</param>
    /// <param name="projectId">The project whose token authorizes them.</param>
    public SinchActorsHandler(SinchRuntime runtime, string projectId)
        : this(runtime, FixedProject(projectId))
    {
    }

    /// <summary>Sends each request for the project <paramref name="selectProject"/> picks (multi-tenant clients).</summary>
    /// <param name="runtime">The runtime whose pipeline carries the requests.</param>
    /// <param name="selectProject">Picks the project of a request, for example from its URI or an option set on it.</param>
    public SinchActorsHandler(SinchRuntime runtime, Func<HttpRequestMessage, string> selectProject)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(selectProject);
        _client = (SinchClient)runtime.Client;
        _selectProject = selectProject;
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var projectId = Check(request);
        // Sent again on a retry: content that cannot be read twice (a stream, JSON serialized on the fly) is buffered now.
        if (request.Content is { } content and not (ByteArrayContent or ReadOnlyMemoryContent))
            await content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        var answer = await _client.ExchangeAsync(projectId, request, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = null; // the token stays out of the caller's objects (response.RequestMessage)
        return answer.HttpMessage!;
    }

    /// <inheritdoc />
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendAsync(request, cancellationToken).GetAwaiter().GetResult();

    /// <summary>The request's project, or why the request cannot be sent (thrown at once, naming the fix).</summary>
    private string Check(HttpRequestMessage request)
    {
        if (request.RequestUri is not { IsAbsoluteUri: true })
            throw new InvalidOperationException(
                $"SinchActorsHandler needs an absolute request URI, got '{request.RequestUri}': set the client's BaseAddress " +
                "(for example https://zt.us.sms.api.sinch.com/) or send to an absolute URI.");
        if (request.Headers.Authorization is not null)
            throw new InvalidOperationException(
                $"The request to {request.RequestUri.GetLeftPart(UriPartial.Path)} already has an Authorization header; " +
                "SinchActorsHandler sets the project's token itself: remove the header (or the client's DefaultRequestHeaders.Authorization).");
        var projectId = _selectProject(request);
        if (string.IsNullOrEmpty(projectId))
            throw new InvalidOperationException(
                $"The project selector of SinchActorsHandler returned no project ID for {request.Method} {request.RequestUri.GetLeftPart(UriPartial.Path)}.");
        return projectId;
    }

    private static Func<HttpRequestMessage, string> FixedProject(string projectId)
    {
        ArgumentException.ThrowIfNullOrEmpty(projectId);
        return _ => projectId;
    }
}
