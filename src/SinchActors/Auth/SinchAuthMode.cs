namespace SinchActors.Auth;

/// <summary>How requests of a project are authenticated.</summary>
public enum SinchAuthMode
{
    /// <summary>OAuth 2.0 client credentials: a bearer token fetched from the auth authority. Use this in production.</summary>
    OAuth,

    /// <summary>
    /// HTTP Basic with key ID and secret on every call. Sinch rate-limits it heavily and may change the limits
    /// without warning, so it is for tests only; the runtime throttles it client-side and logs a warning.
    /// </summary>
    Basic,
}
