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
