using System.Globalization;

namespace SinchActors.Emulator.Http;

/// <summary>UTC timestamps as Sinch writes them: <c>2024-07-08T22:12:28.123Z</c>.</summary>
internal static class Rfc3339
{
    public static string Format(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
