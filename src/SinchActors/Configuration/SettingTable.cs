using System.Linq.Expressions;
using System.Reflection;
using Akka.Configuration;

namespace SinchActors.Configuration;

/// <summary>
/// One section of the configuration as a table: a row per setting, naming its key (under the section), the settings
/// property it fills, how its value is read (<see cref="SettingKind"/>) and the rule it must obey. Reading
/// (<see cref="Read"/>), validation (<see cref="Validate"/>) and the hosting options' mapping (<c>OptionsHocon</c>,
/// which finds each row's option by its key) all follow from the rows, so a setting is named in one row besides the
/// reference configuration and its properties. <c>SettingTableSpecs</c> keeps the rows and the reference's keys equal.
/// </summary>
/// <typeparam name="TSettings">The settings record the section fills.</typeparam>
internal sealed class SettingTable<TSettings> : ISettingTable where TSettings : class, new()
{
    private readonly SettingRow<TSettings>[] _rows;

    /// <param name="section">The section's full path, e.g. <c>sinch-actors.requests</c>.</param>
    /// <param name="rows">Its settings, in the order they are checked.</param>
    public SettingTable(string section, params SettingRow<TSettings>[] rows)
    {
        Section = section;
        _rows = rows;
        foreach (var row in rows)
            row.FullKey = $"{section}.{row.Key}";
    }

    public string Section { get; }

    public IReadOnlyList<ISettingRow> Rows => _rows;

    /// <summary>Reads every row from <paramref name="section"/>, the reference configuration's section as its fallback; not yet validated.</summary>
    /// <param name="section">The section (e.g. what <c>GetConfig("sinch-actors.requests")</c> returns); may be empty.</param>
    public TSettings Read(Config section)
    {
        ArgumentNullException.ThrowIfNull(section);
        section = section.WithFallback(SinchActorsConfig.Reference.GetConfig(Section));
        var settings = new TSettings();
        foreach (var row in _rows)
            row.ReadInto(settings, section);
        return settings;
    }

    /// <summary>Checks every row's rule, in order.</summary>
    /// <exception cref="ArgumentException">A rule does not hold; the message and ParamName name the setting's full key.</exception>
    public void Validate(TSettings settings)
    {
        foreach (var row in _rows)
            row.Check(settings);
    }
}

/// <summary>A settings table seen without its settings type: what the options mapping and the specs read.</summary>
internal interface ISettingTable
{
    /// <summary>The section's full path, e.g. <c>sinch-actors.requests</c>.</summary>
    string Section { get; }

    IReadOnlyList<ISettingRow> Rows { get; }
}

/// <summary>One setting seen without its settings type.</summary>
internal interface ISettingRow
{
    /// <summary>The full key, e.g. <c>sinch-actors.requests.http.connect-timeout</c>.</summary>
    string FullKey { get; }

    /// <summary>The value's type: <see cref="int"/>, <see cref="TimeSpan"/>, an enum, <see cref="string"/>…</summary>
    Type ValueType { get; }
}

/// <summary>One row of a <see cref="SettingTable{TSettings}"/>; made with <see cref="Of{T}(string, Expression{Func{TSettings, T}}, SettingKind{T})"/> and its overloads.</summary>
internal abstract class SettingRow<TSettings> : ISettingRow
{
    private protected SettingRow(string key) => Key = key;

    /// <summary>The key under the section, e.g. <c>http.connect-timeout</c>.</summary>
    public string Key { get; }

    public string FullKey { get; internal set; } = "";

    public abstract Type ValueType { get; }

    internal abstract void ReadInto(TSettings settings, Config section);

    internal abstract void Check(TSettings settings);

    /// <summary>A setting without a rule (any value its kind reads will do).</summary>
    public static SettingRow<TSettings> Of<T>(string key, Expression<Func<TSettings, T>> property, SettingKind<T> kind) =>
        new Row<T>(key, property, kind, static (_, _) => true, "");

    /// <summary>A setting whose value alone must obey <paramref name="holds"/>, described by <paramref name="rule"/> (<c>must be at least 1</c>).</summary>
    public static SettingRow<TSettings> Of<T>(string key, Expression<Func<TSettings, T>> property, SettingKind<T> kind, Func<T, bool> holds,
        string rule) =>
        new Row<T>(key, property, kind, (_, value) => holds(value), rule);

    /// <summary>A setting whose rule also reads the others (rows before it are read first, and checked first).</summary>
    public static SettingRow<TSettings> Of<T>(string key, Expression<Func<TSettings, T>> property, SettingKind<T> kind,
        Func<TSettings, T, bool> holds, string rule) =>
        new Row<T>(key, property, kind, holds, rule);

    private sealed class Row<T>(string key, Expression<Func<TSettings, T>> property, SettingKind<T> kind, Func<TSettings, T, bool> holds, string rule)
        : SettingRow<TSettings>(key)
    {
        private readonly Func<TSettings, T> _get = property.Compile();
        // Set once, on a settings record not yet handed out (its init accessor, as a deserializer sets one).
        private readonly PropertyInfo _property = (property.Body as MemberExpression)?.Member as PropertyInfo
            ?? throw new ArgumentException($"{key}: the row must name a property of {typeof(TSettings).Name}.", nameof(property));

        public override Type ValueType => typeof(T);

        internal override void ReadInto(TSettings settings, Config section) => _property.SetValue(settings, kind.Read(section, Key, FullKey, rule));

        internal override void Check(TSettings settings)
        {
            var value = _get(settings);
            if (!holds(settings, value))
                SettingRule.Require(false, FullKey, rule, value);
        }
    }
}
