namespace SinchActors.Cli.Output;

/// <summary>Shows enough of a secret or token to recognise it, never enough to use it.</summary>
internal static class Secrets
{
    public static string Mask(string secret) =>
        secret.Length <= 8 ? new string('*', secret.Length) : $"{secret[..4]}…{secret[^4..]} ({secret.Length} chars)";
}
