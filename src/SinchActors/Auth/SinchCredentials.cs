using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace SinchActors.Auth;

/// <summary>
/// A project's access key and where to exchange it for tokens. Validated on construction;
/// <see cref="ToString"/> and the debugger display never show the secret.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class SinchCredentials
{
    // Far above any real Sinch identifier or secret; longer input is a paste accident, not a key.
    private const int MaxIdLength = 128;
    private const int MaxSecretLength = 512;

    /// <summary>Creates and validates credentials.</summary>
    /// <param name="projectId">The Sinch project ID.</param>
    /// <param name="keyId">The access key ID.</param>
    /// <param name="keySecret">The access key secret.</param>
    /// <param name="authUrl">The token endpoint; <see cref="SinchAuthority.Global"/> when null.
    /// Must be https, except for loopback hosts (tests, the emulator).</param>
    /// <param name="mode">OAuth (production) or Basic (tests only).</param>
    /// <exception cref="ArgumentException">A value is null, empty, whitespace, contains control characters,
    /// is too long, or the URL is not an absolute https URL.</exception>
    public SinchCredentials(string projectId, string keyId, string keySecret, Uri? authUrl = null, SinchAuthMode mode = SinchAuthMode.OAuth)
    {
        ProjectId = Validate(projectId, nameof(projectId), MaxIdLength);
        KeyId = Validate(keyId, nameof(keyId), MaxIdLength);
        // Basic auth splits "id:secret" at the first colon, so a colon in the ID would corrupt it.
        if (keyId.Contains(':'))
            throw new ArgumentException("The key ID must not contain ':'.", nameof(keyId));
        KeySecret = Validate(keySecret, nameof(keySecret), MaxSecretLength);
        AuthUrl = ValidateUrl(authUrl ?? SinchAuthority.Global);
        if (!Enum.IsDefined(mode))
            throw new ArgumentException($"Unknown auth mode {(int)mode}.", nameof(mode));
        Mode = mode;
        BasicAuthorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{KeyId}:{KeySecret}")));
    }

    /// <summary>The Sinch project ID.</summary>
    public string ProjectId { get; }

    /// <summary>The access key ID.</summary>
    public string KeyId { get; }

    /// <summary>The access key secret. Never logged or shown.</summary>
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public string KeySecret { get; }

    /// <summary>The token endpoint.</summary>
    public Uri AuthUrl { get; }

    /// <summary>OAuth (production) or Basic (tests only).</summary>
    public SinchAuthMode Mode { get; }

    /// <summary>The Basic header for the token endpoint (and for Basic mode), built once.</summary>
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    internal AuthenticationHeaderValue BasicAuthorization { get; }

    /// <summary>Describes the credentials with the secret masked.</summary>
    public override string ToString() => $"SinchCredentials(project {ProjectId}, key {KeyId}, secret ***, {Mode} via {AuthUrl})";

    // The messages never include the value, so a secret cannot leak through them.
    private static string Validate(string? value, string parameterName, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(value, parameterName);
        if (string.IsNullOrWhiteSpace(value))
            throw new ArgumentException("The value must not be empty or whitespace.", parameterName);
        if (value.Length > maxLength)
            throw new ArgumentException($"The value is longer than {maxLength} characters.", parameterName);
        if (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
            throw new ArgumentException("The value must not start or end with whitespace.", parameterName);
        foreach (var c in value)
        {
            if (char.IsControl(c))
                throw new ArgumentException("The value must not contain control characters.", parameterName);
        }

        return value;
    }

    // The key secret travels in the request, so plain http is only acceptable on this machine.
    private static Uri ValidateUrl(Uri url) => Http.SecureUrl.Require(url, "The auth URL", "authUrl");
}
