using Akka.Configuration;
using Akka.Configuration.Hocon;
using SinchActors.Configuration;
using SinchActors.Hosting;
using SinchActors.Requests;

namespace SinchActors.Tests.Configuration;

/// <summary>
/// The settings tables are the one list of settings: the reference configuration and the tables cannot drift apart,
/// every option is a row, and a row reads, checks and names its own key.
/// </summary>
public sealed class SettingTableSpecs
{
    private static readonly IReadOnlyList<ISettingTable> Tables = OptionsHocon.Tables;

    [Fact]
    public void Every_key_of_the_reference_configuration_has_a_table_row_and_every_row_has_a_key_there()
    {
        var reference = Leaves(SinchActorsConfig.Reference.GetConfig("sinch-actors").Root, "sinch-actors").ToHashSet(StringComparer.Ordinal);
        var rows = Tables.SelectMany(table => table.Rows).Select(row => row.FullKey).ToList();

        Assert.Equal(rows.Count, rows.Distinct(StringComparer.Ordinal).Count()); // no setting twice
        Assert.Equal([], reference.Except(rows).Order(StringComparer.Ordinal)); // in hocon/sinch-actors.conf, in no table
        Assert.Equal([], rows.Except(reference).Order(StringComparer.Ordinal)); // in a table, not in hocon/sinch-actors.conf
    }

    [Fact]
    public void Every_row_lies_in_its_table_s_section()
    {
        Assert.All(Tables, table => Assert.All(table.Rows, row => Assert.StartsWith(table.Section + ".", row.FullKey, StringComparison.Ordinal)));
    }

    [Fact]
    public void Every_option_of_the_option_sections_is_a_row_except_the_per_family_base_urls()
    {
        var mapped = OptionsHocon.Keys.Select(key => key.Options).ToHashSet(StringComparer.Ordinal);
        var options = new SinchActorsOptions();
        var sections = new (string Path, object Section)[]
        {
            ("ProjectRegistry", options.ProjectRegistry), ("Requests", options.Requests), ("Auth", options.Auth),
            ("Shutdown", options.Shutdown), ("Telemetry", options.Telemetry),
        };

        var knobs = sections.SelectMany(section => Knobs(section.Section, section.Path)).Where(path => path != "Requests:BaseUrls");

        Assert.Equal([], knobs.Where(path => !mapped.Contains(path)));
    }

    [Fact]
    public void A_row_whose_option_does_not_exist_is_refused_when_the_mapping_is_built_naming_its_key()
    {
        var row = new SettingTable<SinchRequestSettings>("sinch-actors.requests",
            SettingRow<SinchRequestSettings>.Of("no-such-knob", s => s.Workers, SettingKind.Int)).Rows[0];

        var error = Assert.Throws<InvalidOperationException>(() => OptionKey.For(row));

        Assert.Equal("sinch-actors.requests.no-such-knob has no option SinchRequestOptions.NoSuchKnob.", error.Message);
    }

    [Fact]
    public void A_row_whose_option_has_another_type_is_refused_naming_both()
    {
        var row = new SettingTable<SinchRequestSettings>("sinch-actors.requests",
            SettingRow<SinchRequestSettings>.Of("workers", s => s.MaxResponseBytes, SettingKind.Long)).Rows[0];

        var error = Assert.Throws<InvalidOperationException>(() => OptionKey.For(row));

        Assert.Contains("sinch-actors.requests.workers", error.Message, StringComparison.Ordinal);
        Assert.Contains("Requests:Workers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_table_reads_each_row_into_its_property_over_the_reference_and_checks_it_by_its_full_key()
    {
        var table = new SettingTable<SinchRequestSettings>("sinch-actors.requests",
            SettingRow<SinchRequestSettings>.Of("workers", s => s.Workers, SettingKind.Int, v => v >= 1, "must be at least 1"),
            SettingRow<SinchRequestSettings>.Of("max-retries", s => s.MaxRetries, SettingKind.Int, (s, v) => v < s.Workers, "must be below workers"));

        var read = table.Read(ConfigurationFactory.ParseString("workers = 5"));
        Assert.Equal((5, 3), (read.Workers, read.MaxRetries)); // max-retries from the reference
        table.Validate(read);

        var error = Assert.Throws<ArgumentException>(() => table.Validate(read with { MaxRetries = 5 }));
        Assert.Equal("sinch-actors.requests.max-retries", error.ParamName);
        Assert.StartsWith("sinch-actors.requests.max-retries must be below workers (is 5).", error.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Knobs(object section, string path) =>
        section.GetType().GetProperties().Where(property => property.GetMethod!.IsPublic).SelectMany(property =>
            property.PropertyType.IsClass && property.PropertyType != typeof(string) && !property.PropertyType.IsGenericType
                ? Knobs(property.GetValue(section)!, $"{path}:{property.Name}")
                : [$"{path}:{property.Name}"]);

    private static IEnumerable<string> Leaves(HoconValue value, string path) =>
        value.IsObject() ? value.GetObject().Items.SelectMany(item => Leaves(item.Value, $"{path}.{item.Key}")) : [path];
}
