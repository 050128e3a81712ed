using SinchActors.Requests;

namespace SinchActors.Hosting;

/// <summary>The one HTTP handler chain a runtime shares between API calls and token requests.</summary>
internal static class RuntimeHttpHandler
{
    /// <summary>The user's delegating handlers (outermost first) around the supplied or the runtime's own primary handler.</summary>
    public static HttpMessageHandler Create(SinchActorsOptions options, SinchRequestSettings settings, int tokenFetches)
    {
        HttpMessageHandler handler;
        if (options.PrimaryHandler is { } supply)
            handler = supply() ?? throw new InvalidOperationException("SinchActorsOptions.PrimaryHandler returned null.");
        else
        {
            var own = CreateHandler(settings, tokenFetches);
            options.ConfigurePrimaryHandler?.Invoke(own);
            handler = own;
        }
        for (var i = options.HttpHandlers.Count - 1; i >= 0; i--)
        {
            var outer = options.HttpHandlers[i]() ?? throw new InvalidOperationException($"SinchActorsOptions.HttpHandlers[{i}] returned null.");
            outer.InnerHandler = handler;
            handler = outer;
        }
        return handler;
    }

    private static SocketsHttpHandler CreateHandler(SinchRequestSettings settings, int tokenFetches) => new()
    {
        PooledConnectionLifetime = settings.PooledConnectionLifetime,
        PooledConnectionIdleTimeout = settings.PooledConnectionIdleTimeout,
        MaxConnectionsPerServer = settings.MaxConnectionsPerServer + tokenFetches,
        ConnectTimeout = settings.ConnectTimeout,
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = settings.AutomaticDecompression ? System.Net.DecompressionMethods.All : System.Net.DecompressionMethods.None,
    };
}

/// <summary>
/// The named client of <c>IHttpClientFactory</c> as the runtime's primary handler. It asks the factory for the
/// client's handler on every send, so the factory's rotation (<c>HandlerLifetime</c>: DNS changes, for example) takes
/// effect: a send uses the handler the factory hands out now, and a rotated-out handler, no longer referenced here,
/// is disposed by the factory once its last send completed. Asking costs a dictionary lookup; an invoker is built
/// only when the handler changes.
/// </summary>
internal sealed class FactoryHandler(System.Net.Http.IHttpMessageHandlerFactory factory, string name) : HttpMessageHandler
{
    private Current? _current;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Invoker().SendAsync(request, cancellationToken);

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Invoker().Send(request, cancellationToken);

    private HttpMessageInvoker Invoker()
    {
        var handler = factory.CreateHandler(name);
        var current = Volatile.Read(ref _current);
        if (current is null || !ReferenceEquals(current.Handler, handler))
        {
            // The factory owns its handlers: never dispose one here.
            current = new Current(handler, new HttpMessageInvoker(handler, disposeHandler: false));
            Volatile.Write(ref _current, current);
        }
        return current.Invoker;
    }

    private sealed record Current(HttpMessageHandler Handler, HttpMessageInvoker Invoker);
}
