using System.Linq;
using Xunit;

namespace RaftEsp.DeviceTests.Host.Runner
{
    /// <summary>Every nanoFramework device test, run on the host: one xunit case per device test case, by name.</summary>
    public sealed class DeviceTests
    {
        public static TheoryData<string> Cases()
        {
            var data = new TheoryData<string>();
            foreach (string name in DeviceTestSuite.Device.CaseNames) data.Add(name);
            return data;
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void Device_test_passes(string name) => DeviceTestSuite.Device.Check(name);

        [Fact]
        public void The_device_suite_covers_every_area()
        {
            string[] names = DeviceTestSuite.Device.CaseNames.ToArray();
            foreach (string area in new[] { "Wire.", "Raft.", "Commands.", "Apps." })
                Assert.True(names.Count(n => n.StartsWith(area, System.StringComparison.Ordinal)) >= 3, "too few device tests in " + area);
        }
    }
}
