#nullable enable
using System.Xml.Linq;

namespace RaftEsp.BoardAdapters.Host.Tests;

/// <summary>
/// The nanoFramework packages pinned in the packages.config files form one set: one version per package across the
/// solution, every pinned version listed in <see cref="Ranges"/> with the dependency ranges of its own nuspec, and
/// every dependency pinned beside it at a version its range accepts. Bumping a package means reading its nuspec and
/// updating the table, or this test fails (docs/design.md#nanoframework-subset, "Packages").
/// </summary>
public class PackageRangesTests
{
    private static readonly string Root = FindRoot();

    /// <summary>
    /// (package, pinned version) → its dependencies as "id minimum" (NuGet's "≥ minimum"). Confirmed from the packages'
    /// own dependency updates: System.Net 1.11.54 needs Runtime.Events ≥ 1.11.37 (Runtime.Events 1.11.32 fails that);
    /// System.Device.Wifi 1.5.144 was built against System.Net 1.11.52 and Runtime.Events 1.11.32; Hardware.Esp32
    /// 1.6.37 against Runtime.Events 1.11.32. Every 1.x package of this set was built against CoreLibrary 1.17.11, the
    /// last 1.x mscorlib. Where a nuspec of the exact version was not readable, the dependency ids are those its
    /// repository's nuspec names and the minimum is the version of this set it was released with.
    /// System.Security.Cryptography 1.0.38 (the native tag probe only): its repository's tests built against
    /// CoreLibrary 1.17.11 in the 1.0.x line, and its nuspec names CoreLibrary alone.
    /// </summary>
    private static readonly Dictionary<string, string[]> Ranges = new(StringComparer.Ordinal)
    {
        ["nanoFramework.CoreLibrary 1.17.11"] = [],
        ["nanoFramework.TestFramework 3.0.80"] = [],
        ["nanoFramework.Runtime.Events 1.11.37"] = ["nanoFramework.CoreLibrary 1.17.11"],
        ["nanoFramework.Runtime.Native 1.7.11"] = ["nanoFramework.CoreLibrary 1.17.11"],
        ["nanoFramework.System.Text 1.3.42"] = ["nanoFramework.CoreLibrary 1.17.11"],
        ["nanoFramework.System.Threading 1.1.52"] = ["nanoFramework.CoreLibrary 1.17.11"],
        ["nanoFramework.System.IO.Streams 1.1.96"] = ["nanoFramework.CoreLibrary 1.17.11"],
        ["nanoFramework.System.IO.FileSystem 1.1.87"] = ["nanoFramework.CoreLibrary 1.17.11", "nanoFramework.Runtime.Events 1.11.32"],
        ["nanoFramework.System.Device.Gpio 1.1.57"] = ["nanoFramework.CoreLibrary 1.17.11", "nanoFramework.Runtime.Events 1.11.32"],
        ["nanoFramework.System.Net 1.11.54"] =
        [
            "nanoFramework.CoreLibrary 1.17.11", "nanoFramework.Runtime.Events 1.11.37", "nanoFramework.System.Text 1.3.42",
            "nanoFramework.System.Threading 1.1.52", "nanoFramework.System.IO.Streams 1.1.96",
        ],
        ["nanoFramework.System.Device.Wifi 1.5.144"] =
            ["nanoFramework.CoreLibrary 1.17.11", "nanoFramework.Runtime.Events 1.11.32", "nanoFramework.System.Net 1.11.52"],
        ["nanoFramework.Hardware.Esp32 1.6.37"] = ["nanoFramework.CoreLibrary 1.17.11", "nanoFramework.Runtime.Events 1.11.32"],
        ["nanoFramework.System.Security.Cryptography 1.0.38"] = ["nanoFramework.CoreLibrary 1.17.11"],
    };

    public static TheoryData<string> PackagesConfigs()
    {
        var data = new TheoryData<string>();
        foreach (string file in AllPackagesConfigs()) data.Add(Path.GetRelativePath(Root, file));
        return data;
    }

    [Theory]
    [MemberData(nameof(PackagesConfigs))]
    public void Every_pin_has_its_ranges_recorded_and_every_dependency_is_pinned_within_its_range(string config)
    {
        Dictionary<string, string> pinned = Pins(Path.Combine(Root, config));
        foreach ((string id, string version) in pinned)
        {
            Assert.True(Ranges.TryGetValue(id + " " + version, out string[]? dependencies),
                config + " pins " + id + " " + version + ", whose dependency ranges are not recorded: read its nuspec and add them to the table");
            foreach (string dependency in dependencies!)
            {
                string[] parts = dependency.Split(' ');
                Assert.True(pinned.TryGetValue(parts[0], out string? have), config + ": " + id + " " + version + " needs " + parts[0] + ", which is not pinned");
                Assert.True(Version.Parse(have!) >= Version.Parse(parts[1]),
                    config + ": " + id + " " + version + " needs " + parts[0] + " >= " + parts[1] + ", pinned " + have);
            }
        }
    }

    [Fact]
    public void The_solution_pins_one_version_of_each_package()
    {
        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string file in AllPackagesConfigs())
        {
            foreach ((string id, string version) in Pins(file))
            {
                if (versions.TryGetValue(id, out string? other)) Assert.True(other == version, id + " is pinned at " + other + " and at " + version + " (" + file + ")");
                else versions[id] = version;
            }
        }

        Assert.Contains("nanoFramework.Hardware.Esp32", versions.Keys);
    }

    [Fact]
    public void The_range_check_rejects_the_set_the_boards_had_before()
    {
        // Runtime.Events 1.11.32 beside System.Net 1.11.54: the mismatch Visual Studio's package manager flagged.
        string[] netNeeds = Ranges["nanoFramework.System.Net 1.11.54"];
        string events = netNeeds.Single(d => d.StartsWith("nanoFramework.Runtime.Events ", StringComparison.Ordinal)).Split(' ')[1];
        Assert.True(Version.Parse("1.11.32") < Version.Parse(events));
    }

    private static Dictionary<string, string> Pins(string file) =>
        XDocument.Load(file).Descendants("package")
            .ToDictionary(p => p.Attribute("id")!.Value, p => p.Attribute("version")!.Value, StringComparer.Ordinal);

    private static IEnumerable<string> AllPackagesConfigs() =>
        Directory.EnumerateFiles(Root, "packages.config", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                     && !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                     && !f.Contains(Path.DirectorySeparatorChar + "packages" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    private static string FindRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "RaftEsp.sln"))) return d.FullName;
        throw new InvalidOperationException("RaftEsp.sln not found above " + AppContext.BaseDirectory);
    }
}
