#nullable enable
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace RaftEsp.BoardAdapters.Host.Tests;

/// <summary>
/// The board projects cannot be built here (they need the nanoFramework extension), so their inputs are checked:
/// every source file compiled, every assembly reference a package pinned in packages.config at the same version,
/// the shared source sets present, one mscorlib for the solution, and the solution building them only under the
/// nanoFramework platform.
/// </summary>
public class NfprojInputsTests
{
    private static readonly XNamespace Msb = "http://schemas.microsoft.com/developer/msbuild/2003";
    private static readonly string Root = FindRoot();

    public static TheoryData<string> Projects() => new()
    {
        "firmware/RaftEsp.Node/RaftEsp.Node.nfproj",
        "collector/RaftEsp.Collector/RaftEsp.Collector.nfproj",
        "tests/RaftEsp.BoardAdapters.Tests/RaftEsp.BoardAdapters.Tests.nfproj",
    };

    [Theory]
    [MemberData(nameof(Projects))]
    public void Every_source_file_in_the_folder_is_compiled_and_exists(string project)
    {
        string dir = Path.GetDirectoryName(Path.Combine(Root, project))!;
        List<string> listed = XDocument.Load(Path.Combine(Root, project)).Descendants(Msb + "Compile")
            .Select(e => Local(dir, e.Attribute("Include")!.Value)).ToList();
        foreach (string file in listed) Assert.True(File.Exists(file), project + " compiles a missing file: " + file);
        IEnumerable<string> onDisk = Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                     && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        foreach (string file in onDisk) Assert.True(listed.Contains(Path.GetFullPath(file)), project + " does not compile " + file);
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void Every_package_reference_is_pinned_at_its_version_and_every_pin_is_used(string project)
    {
        string dir = Path.GetDirectoryName(Path.Combine(Root, project))!;
        XDocument doc = XDocument.Load(Path.Combine(Root, project));
        Dictionary<string, string> pinned = XDocument.Load(Path.Combine(dir, "packages.config")).Descendants("package")
            .ToDictionary(p => p.Attribute("id")!.Value, p => p.Attribute("version")!.Value, StringComparer.Ordinal);
        HashSet<string> used = new(StringComparer.Ordinal);
        foreach (XElement hint in doc.Descendants(Msb + "HintPath"))
        {
            Match m = Regex.Match(hint.Value, @"^\.\.\\\.\.\\packages\\(?<id>[A-Za-z0-9.]+?)\.(?<version>\d+\.\d+\.\d+)\\lib\\[A-Za-z0-9.]+\.(dll|exe)$");
            Assert.True(m.Success, project + ": unexpected HintPath " + hint.Value);
            string id = m.Groups["id"].Value;
            Assert.True(pinned.TryGetValue(id, out string? version), project + " references " + id + ", which packages.config does not pin");
            Assert.Equal(version, m.Groups["version"].Value);
            used.Add(id);
        }

        Assert.Equal(pinned.Keys.Order(StringComparer.Ordinal), used.Order(StringComparer.Ordinal));
        string coreLibrary = XDocument.Load(Path.Combine(Root, "core/RaftEsp.Core.Nano/packages.config")).Descendants("package")
            .Single(p => p.Attribute("id")!.Value == "nanoFramework.CoreLibrary").Attribute("version")!.Value;
        Assert.Equal(coreLibrary, pinned["nanoFramework.CoreLibrary"]);
    }

    [Theory]
    [InlineData("firmware/RaftEsp.Node/RaftEsp.Node.nfproj", "")]
    [InlineData("collector/RaftEsp.Collector/RaftEsp.Collector.nfproj", "RaftEsp.CollectorApp.Shared.projitems")]
    [InlineData("tests/RaftEsp.BoardAdapters.Tests/RaftEsp.BoardAdapters.Tests.nfproj", "")]
    public void The_shared_source_sets_are_imported_and_exist(string project, string ownSet)
    {
        string dir = Path.GetDirectoryName(Path.Combine(Root, project))!;
        List<string> shared = XDocument.Load(Path.Combine(Root, project)).Descendants(Msb + "Import")
            .Where(i => i.Attribute("Label")?.Value == "Shared").Select(i => i.Attribute("Project")!.Value).ToList();
        foreach (string items in shared) Assert.True(File.Exists(Local(dir, items)), project + ": missing shared items " + items);
        List<string> expected = ["RaftEsp.Core.Shared.projitems", "RaftEsp.Apps.Shared.projitems", "RaftEsp.BoardAdapters.Shared.projitems"];
        if (ownSet.Length > 0) expected.Add(ownSet);
        Assert.Equal(expected.Order(StringComparer.Ordinal), shared.Select(s => s[(s.LastIndexOf('\\') + 1)..]).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void The_ESP_NOW_assembly_is_referenced_only_when_asked_for(string project)
    {
        XDocument doc = XDocument.Load(Path.Combine(Root, project));
        foreach (XElement reference in doc.Descendants(Msb + "Reference").Where(r => r.Attribute("Include")!.Value.Contains("EspNow", StringComparison.Ordinal)))
            Assert.Equal("'$(RaftEspEspNow)' == 'true'", reference.Parent!.Attribute("Condition")?.Value);
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void The_host_build_props_stay_out_of_the_board_projects(string project)
    {
        // tests/Directory.Build.props adds xunit to every test project; a nanoFramework test project must not get it.
        XDocument doc = XDocument.Load(Path.Combine(Root, project));
        XElement globals = doc.Root!.Elements(Msb + "PropertyGroup").First();
        Assert.Equal("Globals", globals.Attribute("Label")?.Value);
        Assert.Equal("false", globals.Element(Msb + "ImportDirectoryBuildProps")?.Value);
        Assert.Equal("false", globals.Element(Msb + "ImportDirectoryBuildTargets")?.Value);
    }

    [Fact]
    public void The_device_tests_keep_the_test_launcher_conventions()
    {
        string dir = Path.Combine(Root, "tests/RaftEsp.BoardAdapters.Tests");
        XDocument doc = XDocument.Load(Path.Combine(dir, "RaftEsp.BoardAdapters.Tests.nfproj"));
        Assert.Equal("NFUnitTest", doc.Descendants(Msb + "AssemblyName").Single().Value);
        Assert.Equal("true", doc.Descendants(Msb + "IsTestProject").Single().Value);
        Assert.Contains(doc.Descendants(Msb + "ProjectCapability"), e => e.Attribute("Include")!.Value == "TestContainer");
        Assert.EndsWith(@"\nano.runsettings", doc.Descendants(Msb + "RunSettingsFilePath").Single().Value, StringComparison.Ordinal);
        Assert.Equal("False", XDocument.Load(Path.Combine(dir, "nano.runsettings")).Descendants("IsRealHardware").Single().Value);
    }

    [Theory]
    [InlineData("RaftEsp.Node", @"firmware\RaftEsp.Node\RaftEsp.Node.nfproj")]
    [InlineData("RaftEsp.Collector", @"collector\RaftEsp.Collector\RaftEsp.Collector.nfproj")]
    [InlineData("RaftEsp.BoardAdapters.Tests", @"tests\RaftEsp.BoardAdapters.Tests\RaftEsp.BoardAdapters.Tests.nfproj")]
    public void The_solution_builds_the_board_projects_only_under_the_nanoFramework_platform(string name, string path)
    {
        string sln = File.ReadAllText(Path.Combine(Root, "RaftEsp.sln"));
        Match project = Regex.Match(sln, @"Project\(""\{11A8DD76-328B-46DF-9F39-F559912D0360\}""\) = """ + Regex.Escape(name)
            + @""", """ + Regex.Escape(path) + @""", ""(?<guid>\{[0-9A-F-]+\})""");
        Assert.True(project.Success, name + " is not in RaftEsp.sln as a nanoFramework project");
        string guid = project.Groups["guid"].Value;
        Assert.Contains(guid + ".Release|nanoFramework.Build.0", sln, StringComparison.Ordinal);
        foreach (string platform in new[] { "Any CPU", "x64", "x86" })
        {
            Assert.DoesNotContain(guid + ".Debug|" + platform + ".Build.0", sln, StringComparison.Ordinal);
            Assert.DoesNotContain(guid + ".Release|" + platform + ".Build.0", sln, StringComparison.Ordinal);
        }
    }

    private static string Local(string dir, string windowsPath) =>
        Path.GetFullPath(Path.Combine(dir, windowsPath.Replace('\\', Path.DirectorySeparatorChar)));

    private static string FindRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "RaftEsp.sln"))) return d.FullName;
        throw new InvalidOperationException("RaftEsp.sln not found above " + AppContext.BaseDirectory);
    }
}
