using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace SinchActors.Cli.Configuration;

/// <summary>Option factories with the parsing and range checks the commands share; errors become exit code 2.</summary>
internal static class OptionParsers
{
    public static Option<int> Int(string name, string description, int defaultValue, int min, int max)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<int>();
            if (value < min || value > max)
                result.AddError($"{name} must be between {min.ToString("N0", CultureInfo.InvariantCulture)} and {max.ToString("N0", CultureInfo.InvariantCulture)}, not {value}");
        });
        return option;
    }

    public static Option<double> Positive(string name, string description, double defaultValue)
    {
        var option = new Option<double>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is not (> 0 and < double.PositiveInfinity))
                result.AddError($"{name} must be a positive number");
        });
        return option;
    }

    /// <summary>A duration such as <c>30s</c>, <c>2m</c>, <c>1500ms</c> or plain seconds.</summary>
    public static Option<TimeSpan?> Duration(string name, string description)
    {
        return new Option<TimeSpan?>(name)
        {
            Description = description,
            HelpName = "30s|2m|1h",
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                if (TryParseDuration(text, out var duration) && duration > TimeSpan.Zero)
                    return duration;
                result.AddError($"{name} must be a positive duration like 30s, 2m or 1h, not '{text}'");
                return null;
            },
        };
    }

    /// <summary>An absolute http(s) URL.</summary>
    public static Option<Uri?> Url(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "url",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
                return url;
            result.AddError($"{name} must be an absolute http(s) URL, not '{text}'");
            return null;
        },
    };

    internal static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1)
            : text.EndsWith('m') ? (text[..^1], 60)
            : text.EndsWith('h') ? (text[..^1], 3600)
            : (text, 1.0);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value)
            || value * unit > TimeSpan.MaxValue.TotalSeconds)
            return false;
        duration = TimeSpan.FromSeconds(value * unit);
        return true;
    }
}
