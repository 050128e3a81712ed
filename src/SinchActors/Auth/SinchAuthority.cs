namespace SinchActors.Auth;

/// <summary>The token endpoints of Sinch's auth service.</summary>
public static class SinchAuthority
{
    /// <summary>The global token endpoint, <c>https://auth.sinch.com/oauth2/token</c>; the default.</summary>
    public static Uri Global { get; } = new("https://auth.sinch.com/oauth2/token");

    /// <summary>The US token endpoint, <c>https://us.auth.sinch.com/oauth2/token</c>.</summary>
    public static Uri Us { get; } = new("https://us.auth.sinch.com/oauth2/token");

    /// <summary>The EU token endpoint, <c>https://eu.auth.sinch.com/oauth2/token</c>.</summary>
    public static Uri Eu { get; } = new("https://eu.auth.sinch.com/oauth2/token");
}
