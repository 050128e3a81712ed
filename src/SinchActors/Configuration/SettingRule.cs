namespace SinchActors.Configuration;

/// <summary>
/// The one check every settings record's <c>Validate()</c> uses, so an out-of-range value is reported the same way
/// whether it came from HOCON, hosting options or code: by its configuration key, the rule and the value it had.
/// </summary>
internal static class SettingRule
{
    /// <summary>Throws when <paramref name="holds"/> is false.</summary>
    /// <param name="holds">Whether the value obeys the rule.</param>
    /// <param name="key">The full configuration key, e.g. <c>sinch-actors.requests.workers</c>; also the exception's ParamName.</param>
    /// <param name="rule">What the value must be, e.g. <c>must be at least 1</c>.</param>
    /// <param name="value">The offending value (never a secret: settings hold none).</param>
    /// <exception cref="ArgumentException">The rule does not hold.</exception>
    public static void Require(bool holds, string key, string rule, object? value)
    {
        if (!holds)
            throw new ArgumentException($"{key} {rule} (is {Format(value)}).", key);
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        TimeSpan t when t == Timeout.InfiniteTimeSpan => "infinite",
        TimeSpan t => t.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
