#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace RaftEsp.DeviceTests.Host.Runner
{
    /// <summary>
    /// The .nfproj projects cannot be built on this machine (they need the nanoFramework extension), so their inputs
    /// are checked here: every source file listed, every package reference pinned in packages.config, the
    /// launcher's conventions kept, and the solution building them only under the nanoFramework platform.
    /// </summary>
    public sealed class NfprojTests
    {
        private static readonly XNamespace Msb = "http://schemas.microsoft.com/developer/msbuild/2003";
        private static readonly string Root = FindRepositoryRoot();

        public static TheoryData<string> Projects() => new()
        {
            "tests/RaftEsp.DeviceTests/RaftEsp.DeviceTests.nfproj",
            "tests/RaftEsp.BoardBenchmark/RaftEsp.BoardBenchmark.nfproj",
            "tests/RaftEsp.NativeTagProbe/RaftEsp.NativeTagProbe.nfproj",
        };

        [Theory]
        [MemberData(nameof(Projects))]
        public void Every_source_file_is_compiled_and_every_compiled_file_exists(string project)
        {
            string path = Path.Combine(Root, project);
            string dir = Path.GetDirectoryName(path)!;
            XDocument doc = XDocument.Load(path);
            var listed = doc.Descendants(Msb + "Compile").Select(e => Normalize(dir, e.Attribute("Include")!.Value)).ToList();
            foreach (string file in listed) Assert.True(File.Exists(file), project + " compiles a missing file: " + file);
            var onDisk = Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                         && !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal));
            foreach (string file in onDisk) Assert.True(listed.Contains(Path.GetFullPath(file)), project + " does not compile " + file);
        }

        [Theory]
        [MemberData(nameof(Projects))]
        public void Every_reference_is_a_package_pinned_in_packages_config(string project)
        {
            string path = Path.Combine(Root, project);
            string dir = Path.GetDirectoryName(path)!;
            XDocument doc = XDocument.Load(path);
            var pinned = XDocument.Load(Path.Combine(dir, "packages.config")).Descendants("package")
                .ToDictionary(p => p.Attribute("id")!.Value, p => p.Attribute("version")!.Value, StringComparer.Ordinal);
            var used = new HashSet<string>(StringComparer.Ordinal);
            foreach (XElement hint in doc.Descendants(Msb + "HintPath"))
            {
                Match m = Regex.Match(hint.Value, @"^\.\.\\\.\.\\packages\\(?<id>[A-Za-z0-9.]+?)\.(?<version>\d+\.\d+\.\d+)\\lib\\");
                Assert.True(m.Success, project + ": unexpected HintPath " + hint.Value);
                string id = m.Groups["id"].Value;
                Assert.True(pinned.TryGetValue(id, out string? version), project + " references " + id + " which packages.config does not pin");
                Assert.Equal(version, m.Groups["version"].Value);
                used.Add(id);
            }

            Assert.Equal(pinned.Keys.OrderBy(k => k, StringComparer.Ordinal), used.OrderBy(k => k, StringComparer.Ordinal));
            // One mscorlib for the whole solution: the core's pin.
            var core = XDocument.Load(Path.Combine(Root, "core/RaftEsp.Core.Nano/packages.config")).Descendants("package")
                .Single(p => p.Attribute("id")!.Value == "nanoFramework.CoreLibrary").Attribute("version")!.Value;
            Assert.Equal(core, pinned["nanoFramework.CoreLibrary"]);
            foreach (XElement reference in doc.Descendants(Msb + "ProjectReference"))
                Assert.True(File.Exists(Normalize(dir, reference.Attribute("Include")!.Value)), project + ": missing project " + reference.Attribute("Include")!.Value);
            foreach (XElement import in doc.Descendants(Msb + "Import").Where(i => i.Attribute("Label")?.Value == "Shared"))
                Assert.True(File.Exists(Normalize(dir, import.Attribute("Project")!.Value)), project + ": missing shared items " + import.Attribute("Project")!.Value);
        }

        [Fact]
        public void The_device_tests_keep_the_launcher_conventions_and_run_on_the_virtual_device()
        {
            string dir = Path.Combine(Root, "tests/RaftEsp.DeviceTests");
            XDocument doc = XDocument.Load(Path.Combine(dir, "RaftEsp.DeviceTests.nfproj"));
            // The launcher loads the assembly by this name.
            Assert.Equal("NFUnitTest", doc.Descendants(Msb + "AssemblyName").Single().Value);
            Assert.Equal("true", doc.Descendants(Msb + "IsTestProject").Single().Value);
            Assert.Contains(doc.Descendants(Msb + "ProjectCapability"), e => e.Attribute("Include")!.Value == "TestContainer");
            Assert.EndsWith(@"\nano.runsettings", doc.Descendants(Msb + "RunSettingsFilePath").Single().Value, StringComparison.Ordinal);
            XDocument settings = XDocument.Load(Path.Combine(dir, "nano.runsettings"));
            Assert.Equal("False", settings.Descendants("IsRealHardware").Single().Value);
        }

        [Theory]
        [InlineData("RaftEsp.DeviceTests", @"tests\RaftEsp.DeviceTests\RaftEsp.DeviceTests.nfproj")]
        [InlineData("RaftEsp.BoardBenchmark", @"tests\RaftEsp.BoardBenchmark\RaftEsp.BoardBenchmark.nfproj")]
        [InlineData("RaftEsp.NativeTagProbe", @"tests\RaftEsp.NativeTagProbe\RaftEsp.NativeTagProbe.nfproj")]
        public void The_solution_builds_the_nfproj_only_under_the_nanoFramework_platform(string name, string relativePath)
        {
            string sln = File.ReadAllText(Path.Combine(Root, "RaftEsp.sln"));
            Match project = Regex.Match(sln,
                @"Project\(""\{11A8DD76-328B-46DF-9F39-F559912D0360\}""\) = """ + Regex.Escape(name) + @""", """ + Regex.Escape(relativePath) + @""", ""(?<guid>\{[0-9A-F-]+\})""");
            Assert.True(project.Success, name + " is not in RaftEsp.sln as a nanoFramework project");
            string guid = project.Groups["guid"].Value;
            Assert.Contains(guid + ".Release|nanoFramework.Build.0", sln, StringComparison.Ordinal);
            Assert.DoesNotContain(guid + ".Release|Any CPU.Build.0", sln, StringComparison.Ordinal);
            Assert.DoesNotContain(guid + ".Debug|Any CPU.Build.0", sln, StringComparison.Ordinal);
        }

        private static string Normalize(string dir, string windowsPath) =>
            Path.GetFullPath(Path.Combine(dir, windowsPath.Replace('\\', Path.DirectorySeparatorChar)));

        private static string FindRepositoryRoot()
        {
            for (DirectoryInfo? d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "RaftEsp.sln"))) return d.FullName;
            throw new InvalidOperationException("RaftEsp.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
