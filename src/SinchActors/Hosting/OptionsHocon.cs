using System.Globalization;
using System.Reflection;
using System.Text;
using SinchActors.Requests;

namespace SinchActors.Hosting;

/// <summary>
/// Maps the option sections to HOCON and back by name: a property is its HOCON key in kebab case
/// (<c>Requests.Http.ConnectTimeout</c> is <c>sinch-actors.requests.http.connect-timeout</c>), so a new knob needs
/// only a property, and configuration errors can name both spellings of a key.
/// </summary>
internal static class OptionsHocon
{
    private const string Root = "sinch-actors";

    /// <summary>HOCON with one line per value set, nothing else.</summary>
    public static string Write(SinchActorsOptions options)
    {
        var hocon = new StringBuilder();
        foreach (var (key, value) in Values(options))
        {
            hocon.Append(key).Append(" = ").AppendLine(value switch
            {
                TimeSpan duration => Duration(duration),
                bool flag => flag ? "on" : "off",
                IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
                _ => Quote(value.ToString()!),
            });
        }
        return hocon.ToString();
    }

    /// <summary>Every knob set, as its HOCON key and value.</summary>
    public static IEnumerable<(string Key, object Value)> Values(SinchActorsOptions options) =>
        Sections(options).SelectMany(section => SectionValues($"{Root}.{section.HoconName}", section.Section));

    /// <summary>Copies every knob set in <paramref name="overrides"/> over <paramref name="target"/>.</summary>
    public static void Overlay(SinchActorsOptions target, SinchActorsOptions overrides)
    {
        target.AuthUrl = overrides.AuthUrl ?? target.AuthUrl;
        target.RequestPoolName = overrides.RequestPoolName ?? target.RequestPoolName;
        target.CredentialsProvider = overrides.CredentialsProvider ?? target.CredentialsProvider;
        target.LoggerFactory = overrides.LoggerFactory ?? target.LoggerFactory;
        target.HttpClientName = overrides.HttpClientName ?? target.HttpClientName;
        target.ConfigurePrimaryHandler = overrides.ConfigurePrimaryHandler ?? target.ConfigurePrimaryHandler;
        target.PrimaryHandler = overrides.PrimaryHandler ?? target.PrimaryHandler;
        target.HttpHandlers.AddRange(overrides.HttpHandlers.Except(target.HttpHandlers));
        foreach (var (into, from) in Sections(target).Zip(Sections(overrides)))
            OverlaySection(into.Section, from.Section);
    }

    /// <summary><c>sinch-actors.requests.http.connect-timeout</c> → <c>Sinch:Requests:Http:ConnectTimeout</c>.</summary>
    public static string OptionsKey(string hoconKey)
    {
        var parts = hoconKey.Split('.');
        var section = Sections(new SinchActorsOptions()).FirstOrDefault(s => parts.Length > 1 && s.HoconName == parts[1]).OptionsName ?? Pascal(parts[^1]);
        return string.Join(':', [SinchActorsOptions.SectionName, section, .. parts.Skip(2).Select(Pascal)]);
    }

    /// <summary><c>MaxInFlightPerProject</c> → <c>max-in-flight-per-project</c>.</summary>
    public static string Kebab(string name)
    {
        var kebab = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
                kebab.Append('-');
            kebab.Append(char.ToLowerInvariant(name[i]));
        }
        return kebab.ToString();
    }

    /// <summary>The family a <c>BaseUrls</c> key names: <c>AccessKeys</c>, <c>accesskeys</c> or <c>access-keys</c>.</summary>
    public static bool TryParseFamily(string key, out SinchApiFamily family) =>
        Enum.TryParse(key.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out family) && Enum.IsDefined(family);

    private static IEnumerable<(string HoconName, string OptionsName, object Section)> Sections(SinchActorsOptions options) =>
    [
        ("projects", nameof(options.ProjectRegistry), options.ProjectRegistry),
        ("requests", nameof(options.Requests), options.Requests),
        ("auth", nameof(options.Auth), options.Auth),
        ("shutdown", nameof(options.Shutdown), options.Shutdown),
        ("telemetry", nameof(options.Telemetry), options.Telemetry),
    ];

    private static IEnumerable<(string Key, object Value)> SectionValues(string path, object section)
    {
        foreach (var property in section.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var key = $"{path}.{Kebab(property.Name)}";
            switch (property.GetValue(section))
            {
                case null:
                    break;
                case Dictionary<string, string> baseUrls:
                    foreach (var (family, url) in baseUrls)
                    {
                        if (TryParseFamily(family, out var parsed))
                            yield return ($"{key}.{SinchRequestSettings.ConfigKey(parsed)}", url);
                    }
                    break;
                case var value when Nullable.GetUnderlyingType(property.PropertyType) is not null:
                    yield return (key, value);
                    break;
                case var nested:
                    foreach (var inner in SectionValues(key, nested))
                        yield return inner;
                    break;
            }
        }
    }

    private static void OverlaySection(object target, object overrides)
    {
        foreach (var property in target.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var value = property.GetValue(overrides);
            if (value is null)
                continue;
            if (value is Dictionary<string, string> baseUrls)
            {
                var into = (Dictionary<string, string>)property.GetValue(target)!;
                foreach (var (family, url) in baseUrls)
                    into[family] = url;
            }
            else if (Nullable.GetUnderlyingType(property.PropertyType) is not null)
                property.SetValue(target, value);
            else
                OverlaySection(property.GetValue(target)!, value);
        }
    }

    // HOCON durations here take no unit finer than ms, so sub-millisecond precision is a fraction of one.
    private static string Duration(TimeSpan duration) =>
        duration.TotalMilliseconds.ToString("R", CultureInfo.InvariantCulture) + "ms";

    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string Pascal(string kebab) =>
        string.Concat(kebab.Split('-').Select(part => part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));
}
