using RaftEsp.Core.Tests.Subset;

namespace RaftEsp.Apps.Tests;

public class NanoSubsetTests
{
    [Fact]
    public void The_board_apps_assembly_uses_only_the_nanoFramework_subset()
    {
        IReadOnlyList<string> violations = AssemblySubsetScanner.Scan(typeof(BoardStore).Assembly.Location);
        Assert.True(violations.Count == 0, "firmware/ left the nanoFramework subset:\n" + string.Join("\n", violations.Distinct()));
    }

    [Fact]
    public void The_collector_app_assembly_uses_only_the_nanoFramework_subset()
    {
        IReadOnlyList<string> violations = AssemblySubsetScanner.Scan(typeof(CollectorApp).Assembly.Location);
        Assert.True(violations.Count == 0, "collector/ left the nanoFramework subset:\n" + string.Join("\n", violations.Distinct()));
    }
}
