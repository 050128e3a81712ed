using System.Text;

namespace SinchActors.Emulator.Auth;

/// <summary>Parses <c>Authorization</c> header values without allocating more than the decoded credentials.</summary>
internal static class AuthorizationHeader
{
    public static bool TryParseBasic(string? header, out string keyId, out string secret)
    {
        keyId = secret = "";
        if (header is null || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return false;
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.AsSpan(6).Trim().ToString()));
        }
        catch (FormatException)
        {
            return false;
        }
        var colon = decoded.IndexOf(':');
        if (colon <= 0) return false;
        keyId = decoded[..colon];
        secret = decoded[(colon + 1)..];
        return true;
    }

    public static bool TryGetBearer(string? header, out string token)
    {
        token = "";
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return false;
        token = header[7..].Trim();
        return token.Length > 0;
    }
}
