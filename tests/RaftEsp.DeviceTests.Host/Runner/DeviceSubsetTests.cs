using System.Collections.Generic;
using System.Linq;
using RaftEsp.Core.Tests.Subset;
using Xunit;

namespace RaftEsp.DeviceTests.Host.Runner
{
    /// <summary>
    /// The device sources compiled into this assembly stay in the nanoFramework subset: no generics or
    /// multi-dimensional arrays in their types, and no null test of a reference-array element, which the interpreter
    /// answers differently in Debug and Release IL (docs/design.md#nanoframework-subset).
    /// </summary>
    public sealed class DeviceSubsetTests
    {
        [Fact]
        public void The_device_sources_use_only_the_nanoFramework_subset()
        {
            IReadOnlyList<string> violations = AssemblySubsetScanner.Scan(typeof(DeviceSubsetTests).Assembly.Location, "RaftEsp.DeviceTests.", "RaftEsp.DeviceTests.Host");
            Assert.True(violations.Count == 0, "tests/RaftEsp.DeviceTests left the nanoFramework subset:\n" + string.Join("\n", violations.Distinct()));
        }

        [Fact]
        public void The_scan_sees_the_device_sources()
        {
            // Scanning the runner's own namespace instead finds its generics: the prefix selects real types.
            IReadOnlyList<string> runner = AssemblySubsetScanner.Scan(typeof(DeviceSubsetTests).Assembly.Location, "RaftEsp.DeviceTests.Host", null);
            Assert.Contains(runner, v => v.StartsWith("generic instantiation", System.StringComparison.Ordinal));
        }
    }
}
