namespace RaftEsp.Core.Tests.Subset;

/// <summary>
/// The second proof that core/ stays inside the nanoFramework 1.x subset (the first is the banned-API analyzer):
/// the compiled assembly itself holds no generics and no multi-dimensional arrays (../shared/nano-subset.md).
/// </summary>
public class NanoSubsetMetadataTests
{
    [Fact]
    public void The_core_assembly_uses_only_the_nanoFramework_subset()
    {
        string path = typeof(RaftNode).Assembly.Location;
        IReadOnlyList<string> violations = AssemblySubsetScanner.Scan(path);
        Assert.True(violations.Count == 0, "core/ left the nanoFramework subset:\n" + string.Join("\n", violations.Distinct()));
    }

    [Fact]
    public void The_scanner_finds_generics_and_multidimensional_arrays_where_they_exist()
    {
        // This test assembly uses List<T>, generic methods and an int[,] below: the scanner must see all of them.
        IReadOnlyList<string> violations = AssemblySubsetScanner.Scan(typeof(NanoSubsetMetadataTests).Assembly.Location);
        Assert.Contains(violations, v => v.StartsWith("generic instantiation System.Collections.Generic.List`1", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("generic method definition RaftEsp.Core.Tests.Subset.NanoSubsetMetadataTests.Identity", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("multi-dimensional array", StringComparison.Ordinal) && v.Contains(nameof(Grid)));
        Assert.Contains(violations, v => v.StartsWith("generic type definition RaftEsp.Core.Tests.Subset.NanoSubsetMetadataTests/Box`1", StringComparison.Ordinal)
                                       || v.StartsWith("generic type definition .Box`1", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("reference into banned namespace System.Linq", StringComparison.Ordinal));
        Assert.Equal(1, Identity(1));
    }

    private static T Identity<T>(T value) => value;

#pragma warning disable CA1814 // the point: a multi-dimensional array for the scanner to find
    private static readonly int[,] Grid = new int[2, 2];
#pragma warning restore CA1814

    private sealed class Box<T>
    {
        public T? Value { get; set; }
    }
}
