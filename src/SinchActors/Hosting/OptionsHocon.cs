using System.Globalization;
using System.Reflection;
using System.Text;
using SinchActors.Auth;
using SinchActors.Configuration;
using SinchActors.Projects;
using SinchActors.Requests;

namespace SinchActors.Hosting;

/// <summary>
/// The mapping between the option sections and HOCON, derived from the settings tables: each row's key
/// (<c>sinch-actors.requests.http.connect-timeout</c>) names its option (<c>Requests:Http:ConnectTimeout</c>: the
/// section, then each kebab-case word in Pascal case, <c>projects</c> bound as <c>ProjectRegistry</c>), whose type must
/// be the row's. A setting therefore needs no line here, and a row without its option fails when this type loads
/// (<c>OptionsMappingSpecs</c> pins every pair). Defaults are not here: an unset knob emits nothing, so the reference
/// configuration (<c>hocon/sinch-actors.conf</c>) decides.
/// </summary>
internal static class OptionsHocon
{
    private const string Root = "sinch-actors";

    /// <summary>The settings tables, in the order their options are listed.</summary>
    public static IReadOnlyList<ISettingTable> Tables { get; } =
        [ProjectRegistrySettings.Table, SinchRequestSettings.Table, TokenManagerSettings.Table, ShutdownSettings.Table, TelemetrySettings.Table];

    /// <summary>Every knob of the option sections except <c>Requests:BaseUrls</c> (one key per API family, see <see cref="BaseUrlKey"/>).</summary>
    public static IReadOnlyList<OptionKey> Keys { get; } = Tables.SelectMany(table => table.Rows).Select(OptionKey.For).ToArray();

    private static readonly Dictionary<string, OptionKey> ByHocon = Keys.ToDictionary(k => k.Hocon, StringComparer.Ordinal);

    /// <summary>HOCON with one line per value set, nothing else.</summary>
    public static string Write(SinchActorsOptions options)
    {
        var hocon = new StringBuilder();
        foreach (var (key, value) in Values(options))
            hocon.Append(key).Append(" = ").AppendLine(Format(value));
        return hocon.ToString();
    }

    /// <summary>Every knob set, as its full HOCON key and value.</summary>
    public static IEnumerable<(string Key, object Value)> Values(SinchActorsOptions options)
    {
        foreach (var key in Keys)
        {
            if (key.Read(options) is { } value)
                yield return (key.Hocon, value);
        }
        foreach (var (family, url) in options.Requests.BaseUrls)
        {
            if (TryParseFamily(family, out var parsed))
                yield return (BaseUrlKey(parsed), url);
        }
    }

    /// <summary>Copies every knob set in <paramref name="overrides"/> over <paramref name="target"/>.</summary>
    public static void Overlay(SinchActorsOptions target, SinchActorsOptions overrides)
    {
        foreach (var key in Keys)
        {
            if (key.Read(overrides) is { } value)
                key.Write(target, value);
        }
        foreach (var (family, url) in overrides.Requests.BaseUrls)
            target.Requests.BaseUrls[family] = url;
    }

    /// <summary><c>sinch-actors.requests.http.connect-timeout</c> → <c>Sinch:Requests:Http:ConnectTimeout / sinch-actors.requests.http.connect-timeout</c>.</summary>
    public static string BothSpellings(string hoconKey)
    {
        const string baseUrls = Root + ".requests.base-urls.";
        var options = ByHocon.TryGetValue(hoconKey, out var key) ? key.Options
            : hoconKey.StartsWith(baseUrls, StringComparison.Ordinal) && TryParseFamily(hoconKey[baseUrls.Length..], out var family)
                ? $"Requests:BaseUrls:{family}"
            : null;
        return options is null ? hoconKey : $"{SinchActorsOptions.SectionName}:{options} / {hoconKey}";
    }

    /// <summary>The full HOCON key of a family's base URL: <c>sinch-actors.requests.base-urls.access-keys</c>.</summary>
    public static string BaseUrlKey(SinchApiFamily family) => $"{Root}.requests.base-urls.{SinchRequestSettings.ConfigKey(family)}";

    /// <summary>The family a <c>BaseUrls</c> key names: <c>AccessKeys</c>, <c>accesskeys</c> or <c>access-keys</c>.</summary>
    public static bool TryParseFamily(string key, out SinchApiFamily family) =>
        Enum.TryParse(key.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out family) && Enum.IsDefined(family);

    private static string Format(object value) => value switch
    {
        // HOCON durations here take no unit finer than ms, so sub-millisecond precision is a fraction of one.
        TimeSpan duration => duration.TotalMilliseconds.ToString("R", CultureInfo.InvariantCulture) + "ms",
        bool flag => flag ? "on" : "off",
        RequestRouting routing => routing == RequestRouting.RoundRobin ? "round-robin" : "by-project",
        SinchRegion region => region.ToString().ToLowerInvariant(),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => "\"" + value.ToString()!.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
    };
}

/// <summary>One knob: its path under the <c>Sinch</c> options section, its full HOCON key, its value type, how to read and set it.</summary>
internal sealed record OptionKey(string Options, string Hocon, Type ValueType, Func<SinchActorsOptions, object?> Read, Action<SinchActorsOptions, object> Write)
{
    private static readonly Dictionary<string, string> SectionOptions = new(StringComparer.Ordinal) { ["projects"] = "ProjectRegistry" };

    /// <summary>The option of a settings row, found by its key.</summary>
    /// <exception cref="InvalidOperationException">No option of the row's type is at the path its key names.</exception>
    public static OptionKey For(ISettingRow row)
    {
        var words = row.FullKey.Split('.');
        if (words[0] != "sinch-actors")
            throw new InvalidOperationException($"{row.FullKey} is not a sinch-actors key.");
        var path = words.Skip(1).Select((word, i) => i == 0 && SectionOptions.TryGetValue(word, out var section) ? section : Pascal(word)).ToArray();
        var chain = new List<PropertyInfo>();
        var type = typeof(SinchActorsOptions);
        foreach (var name in path)
        {
            var property = type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance)
                ?? throw new InvalidOperationException($"{row.FullKey} has no option {type.Name}.{name}.");
            chain.Add(property);
            type = property.PropertyType;
        }
        var expected = row.ValueType.IsValueType ? typeof(Nullable<>).MakeGenericType(row.ValueType) : row.ValueType;
        if (type != expected)
            throw new InvalidOperationException($"{row.FullKey}: its option {string.Join(':', path)} is {type.Name}, not {expected.Name}.");
        var (sections, leaf) = (chain.Take(chain.Count - 1).ToArray(), chain[^1]);
        object Section(SinchActorsOptions options) => sections.Aggregate((object)options, (owner, property) => property.GetValue(owner)!);
        return new OptionKey(string.Join(':', path), row.FullKey, row.ValueType,
            options => leaf.GetValue(Section(options)), (options, value) => leaf.SetValue(Section(options), value));
    }

    // connect-timeout -> ConnectTimeout
    private static string Pascal(string kebab) =>
        string.Concat(kebab.Split('-').Select(word => char.ToUpperInvariant(word[0]) + word[1..]));
}
