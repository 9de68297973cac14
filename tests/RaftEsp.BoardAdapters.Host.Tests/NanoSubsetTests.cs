using RaftEsp.Core.Tests.Subset;

namespace RaftEsp.BoardAdapters.Host.Tests;

public class NanoSubsetTests
{
    [Fact]
    public void The_portable_adapters_use_only_the_nanoFramework_subset()
    {
        IReadOnlyList<string> violations = AssemblySubsetScanner.Scan(typeof(MacAddress).Assembly.Location);
        Assert.True(violations.Count == 0, "firmware/RaftEsp.BoardAdapters.Shared/Portable left the nanoFramework subset:\n" + string.Join("\n", violations.Distinct()));
    }
}
