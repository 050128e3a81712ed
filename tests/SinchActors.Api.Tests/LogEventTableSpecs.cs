using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using SinchActors.Diagnostics;

namespace SinchActors.Api.Tests;

/// <summary>
/// The README's table of log events, the public <see cref="SinchActorsLogEvents"/> and the runtime's generated
/// <see cref="LoggerMessageAttribute"/> methods name the same events: id, name and level.
/// </summary>
public sealed partial class LogEventTableSpecs
{
    // Fault caught: an event added, renumbered, renamed or given another level in one place and not the others.
    [Fact]
    public void The_readme_lists_every_log_event_with_the_id_name_and_level_it_is_written_with()
    {
        var published = typeof(SinchActorsLogEvents).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(EventId))
            .Select(f => (EventId)f.GetValue(null)!)
            .Select(id => (id.Id, id.Name))
            .Order()
            .ToList();
        var written = typeof(SinchActorsLogEvents).Assembly.GetType("SinchActors.Diagnostics.RuntimeLog", throwOnError: true)!
            .GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>())
            .OfType<LoggerMessageAttribute>()
            .Select(a => (a.EventId, a.EventName, a.Level.ToString()))
            .Order()
            .ToList();
        var readme = File.ReadAllLines(Path.Combine(Repository.Root, "README.md"))
            .Select(line => TableRow().Match(line))
            .Where(m => m.Success)
            .Select(m => (int.Parse(m.Groups[1].Value), m.Groups[2].Value, m.Groups[3].Value))
            .Order()
            .ToList();

        Assert.Equal(published.Select(p => ((int, string?))p), written.Select(w => ((int, string?))(w.EventId, w.EventName)));
        Assert.Equal(written.Select(w => (w.EventId, w.EventName!, w.Item3)), readme);
        Assert.Equal(published.Count, published.Select(p => p.Id).Distinct().Count());
    }

    [GeneratedRegex(@"^\| (\d{4}) \| (\w+) \| (Information|Warning|Error|Critical|Debug) \|")]
    private static partial Regex TableRow();
}
