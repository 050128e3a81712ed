using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace SinchActors.Packaging.Tests;

/// <summary>
/// <c>dotnet pack -c Release</c> gives the packages users install: two libraries and the <c>sinch-actors</c> tool,
/// which installs from the local folder (<c>dotnet tool install --tool-path … --add-source …</c>) and runs.
/// </summary>
public sealed class PackagingSpecs(BuiltPackages built) : IClassFixture<BuiltPackages>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);
    private static readonly string[] Libraries = ["SinchActors", "SinchActors.Cluster", "SinchActors.Emulator"];
    private const string Tool = "sinch-actors";

    [Fact]
    public void Pack_makes_the_three_libraries_and_the_tool_and_nothing_else()
    {
        var packages = Directory.GetFiles(built.Output).Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(
            [$"SinchActors.{built.Version}.nupkg", $"SinchActors.Cluster.{built.Version}.nupkg", $"SinchActors.Emulator.{built.Version}.nupkg",
                $"{Tool}.{built.Version}.nupkg"],
            packages);
    }

    [Theory]
    [InlineData("SinchActors")]
    [InlineData("SinchActors.Cluster")]
    [InlineData("SinchActors.Emulator")]
    [InlineData(Tool)]
    public void Each_package_carries_a_description_tags_the_MIT_license_a_project_URL_and_its_README(string id)
    {
        using var package = Open(id);
        var nuspec = Nuspec(package);

        Assert.Equal(id, Element(nuspec, "id").Value);
        Assert.Equal(built.Version, Element(nuspec, "version").Value);
        Assert.InRange(Element(nuspec, "description").Value.Length, 40, 4000);
        Assert.NotEmpty(Element(nuspec, "tags").Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var license = Element(nuspec, "license");
        Assert.Equal(("expression", "MIT"), ((string?)license.Attribute("type"), license.Value));
        Assert.StartsWith("https://github.com/sinch-actors/", Element(nuspec, "projectUrl").Value);
        Assert.Equal("README.md", Element(nuspec, "readme").Value);
        using var readme = new StreamReader(package.GetEntry("README.md")!.Open());
        Assert.StartsWith($"# {id}", readme.ReadToEnd());
    }

    [Theory]
    [InlineData("SinchActors")]
    [InlineData("SinchActors.Cluster")]
    [InlineData("SinchActors.Emulator")]
    public void The_libraries_ship_XML_docs_and_deterministic_assemblies_with_embedded_symbols(string id)
    {
        using var package = Open(id);

        Assert.NotNull(package.GetEntry($"lib/net10.0/{id}.xml"));
        var entries = DebugDirectory(package, $"lib/net10.0/{id}.dll");
        Assert.Contains(DebugDirectoryEntryType.EmbeddedPortablePdb, entries);
        Assert.Contains(DebugDirectoryEntryType.Reproducible, entries);
        Assert.DoesNotContain(package.Entries, entry => entry.Name.EndsWith(".pdb", StringComparison.Ordinal));
    }

    [Fact]
    public void The_tool_package_is_a_dotnet_tool_with_the_sinch_actors_command()
    {
        using var package = Open(Tool);
        var nuspec = Nuspec(package);

        Assert.Equal("DotnetTool", (string?)Element(nuspec, "packageType").Attribute("name"));
        using var settings = package.GetEntry("tools/net10.0/any/DotnetToolSettings.xml")!.Open();
        var command = XDocument.Load(settings).Descendants("Command").Single();
        Assert.Equal((Tool, "sinch-actors.dll"), ((string?)command.Attribute("Name"), (string?)command.Attribute("EntryPoint")));
    }

    [Fact]
    public async Task The_tool_installs_from_the_local_folder_and_prints_its_help_and_version()
    {
        var tools = Path.Combine(built.Work, "tools");

        var install = await DotnetCli.RunDotnetAsync(built.Work, Deadline,
            "tool", "install", "--tool-path", tools, "--add-source", built.Output, Tool, "--version", built.Version);
        Succeeded(install, "dotnet tool install");

        var command = Path.Combine(tools, OperatingSystem.IsWindows() ? $"{Tool}.exe" : Tool);
        var help = await DotnetCli.RunAsync(command, built.Work, Deadline, "--help");
        Succeeded(help, "sinch-actors --help");
        Assert.Contains("sinch-actors [command] [options]", help.Output);
        Assert.Contains("demo", help.Output);
        Assert.Contains("access-keys", help.Output);

        var version = await DotnetCli.RunAsync(command, built.Work, Deadline, "--version");
        Succeeded(version, "sinch-actors --version");
        Assert.Equal(built.Version, version.Output.Trim());
    }

    [Fact]
    public async Task A_test_project_starts_the_emulator_from_its_package_and_gets_a_token()
    {
        var consumer = Directory.CreateDirectory(Path.Combine(built.Work, "consumer")).FullName;
        File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="SinchActors.Emulator" Version="{built.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(consumer, "Program.cs"), """
            using SinchActors.Emulator;
            using SinchActors.Emulator.Faults;

            await using var emulator = await SinchEmulator.StartAsync(new EmulatorOptions { TokenLifetime = TimeSpan.FromSeconds(60) });
            var key = emulator.SeedKey("acme", "acme-key", "acme-secret");
            emulator.Faults.Add(new FaultRule { Kind = FaultKind.Error, Target = FaultTarget.Token, StatusCode = 503, Count = 1 });
            using var http = new HttpClient();
            var form = new FormUrlEncodedContent([new("grant_type", "client_credentials")]);
            var basic = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{key.KeyId}:{key.Secret}"));
            http.DefaultRequestHeaders.Authorization = new("Basic", basic);
            var first = await http.PostAsync(emulator.TokenUrl, form);
            var second = await http.PostAsync(emulator.TokenUrl, form);
            Console.WriteLine($"{(int)first.StatusCode} {(int)second.StatusCode} issued {emulator.Stats.Tokens(key.KeyId).Issued}");
            """);

        // Only the local folder as a source and a packages folder of its own: offline, and never a stale cached copy.
        var run = await DotnetCli.RunDotnetAsync(consumer, Deadline, "run", "--disable-build-servers",
            $"-p:RestoreSources={built.Output}", $"-p:RestorePackagesPath={Path.Combine(built.Work, "packages")}");

        Succeeded(run, "dotnet run of a project referencing the SinchActors.Emulator package");
        Assert.Equal("503 200 issued 1", run.Output.Trim());
    }

    private static void Succeeded(DotnetCli.Result result, string what)
    {
        if (result.ExitCode != 0) Assert.Fail($"{what} failed: {result}");
    }

    private ZipArchive Open(string id) => ZipFile.OpenRead(Path.Combine(built.Output, $"{id}.{built.Version}.nupkg"));

    private static XElement Nuspec(ZipArchive package)
    {
        using var stream = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        return XDocument.Load(stream).Root!;
    }

    private static XElement Element(XElement nuspec, string name) =>
        nuspec.Descendants().FirstOrDefault(e => e.Name.LocalName == name)
        ?? throw new Xunit.Sdk.XunitException($"The nuspec has no <{name}>:\n{nuspec}");

    private static List<DebugDirectoryEntryType> DebugDirectory(ZipArchive package, string path)
    {
        using var memory = new MemoryStream();
        using (var dll = package.GetEntry(path)!.Open()) dll.CopyTo(memory);
        memory.Position = 0;
        using var pe = new PEReader(memory);
        return pe.ReadDebugDirectory().Select(entry => entry.Type).ToList();
    }
}
