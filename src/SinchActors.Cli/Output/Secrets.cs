namespace SinchActors.Cli.Output;

/// <summary>Shows enough of a secret or token to recognise it, never enough to use it.</summary>
internal static class Secrets
{
    // Four characters of a value this long leave far too much unknown to guess; of a shorter one they would not.
    private const int ShortestPartlyShown = 24;
    private const int CharactersShown = 4;

    public static string Mask(string secret) =>
        secret.Length >= ShortestPartlyShown
            ? $"{secret[..CharactersShown]}… ({secret.Length} chars)"
            : $"… ({secret.Length} chars)";
}
