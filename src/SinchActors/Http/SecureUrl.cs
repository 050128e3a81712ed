namespace SinchActors.Http;

/// <summary>
/// The one rule for URLs that carry credentials (token endpoints, API base URLs): absolute, https, no user
/// information — plain http only for loopback hosts (127.0.0.0/8, ::1, localhost), or anywhere when the test-only
/// <c>sinch-actors.requests.allow-insecure-http</c> is on (API URLs only).
/// </summary>
internal static class SecureUrl
{
    /// <summary>What is wrong with <paramref name="url"/>, or <c>null</c> when it may carry credentials.</summary>
    public static string? Problem(Uri url, bool allowInsecureHttp = false)
    {
        if (!url.IsAbsoluteUri)
            return "must be absolute";
        if (!string.IsNullOrEmpty(url.UserInfo))
            return "must not contain user information";
        if (url.Scheme == Uri.UriSchemeHttps)
            return null;
        if (url.Scheme == Uri.UriSchemeHttp && (url.IsLoopback || allowInsecureHttp))
            return null;
        return "must use https (http only for loopback hosts)";
    }

    /// <summary>Throws <see cref="ArgumentException"/> starting with <paramref name="subject"/> when <paramref name="url"/> is not allowed.</summary>
    /// <param name="url">The URL.</param>
    /// <param name="subject">What the URL is: a setting key, or a description such as "The auth URL".</param>
    /// <param name="parameter">The parameter or setting the exception names.</param>
    /// <param name="allowInsecureHttp">Whether plain http is allowed to any host.</param>
    public static Uri Require(Uri url, string subject, string parameter, bool allowInsecureHttp = false) =>
        Problem(url, allowInsecureHttp) is { } problem ? throw new ArgumentException($"{subject} {problem}.", parameter) : url;
}
