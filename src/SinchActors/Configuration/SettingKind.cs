using Akka.Configuration;

namespace SinchActors.Configuration;

/// <summary>How a setting's value is read from HOCON: the kinds a <see cref="SettingTable{TSettings}"/> row names.</summary>
internal static class SettingKind
{
    public static SettingKind<int> Int { get; } = new(static (c, key) => c.GetInt(key));

    public static SettingKind<long> Long { get; } = new(static (c, key) => c.GetLong(key));

    public static SettingKind<double> Double { get; } = new(static (c, key) => c.GetDouble(key));

    public static SettingKind<bool> Bool { get; } = new(static (c, key) => c.GetBoolean(key));

    public static SettingKind<string> Text { get; } = new(static (c, key) => c.GetString(key));

    /// <summary>A duration; <c>infinite</c> reads as <see cref="Timeout.InfiniteTimeSpan"/>, for the row's rule to take or refuse.</summary>
    public static SettingKind<TimeSpan> Duration { get; } = new(static (c, key) => c.GetTimeSpan(key));

    /// <summary>A duration that HOCON itself refuses to read as <c>infinite</c>.</summary>
    public static SettingKind<TimeSpan> FiniteDuration { get; } = new(static (c, key) => c.GetTimeSpan(key, null, allowInfinite: false));

    /// <summary>A word parsed by <paramref name="parse"/>; a word it does not know (null) is refused with the row's rule.</summary>
    public static SettingKind<T> Word<T>(Func<string?, T?> parse) where T : struct =>
        new((c, key, fullKey, rule) =>
        {
            var word = c.GetString(key);
            return parse(word) ?? throw new ArgumentException($"{fullKey} {rule} (is '{word}').", fullKey);
        });
}

/// <summary>One way of reading a value of type <typeparamref name="T"/>; see <see cref="SettingKind"/>.</summary>
internal sealed class SettingKind<T>
{
    private readonly Func<Config, string, string, string, T> _read;

    internal SettingKind(Func<Config, string, T> read) => _read = (c, key, _, _) => read(c, key);

    /// <param name="read">Reads (section, key, full key, rule): the last two for its own errors.</param>
    internal SettingKind(Func<Config, string, string, string, T> read) => _read = read;

    /// <summary>Reads <paramref name="key"/> of <paramref name="section"/>.</summary>
    /// <exception cref="ArgumentException">The kind refused the value: the message names <paramref name="fullKey"/> and <paramref name="rule"/>.</exception>
    public T Read(Config section, string key, string fullKey, string rule) => _read(section, key, fullKey, rule);
}
