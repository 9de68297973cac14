namespace RaftEsp.Core.Tests.Subset;

/// <summary>
/// The second proof that core/ stays inside the nanoFramework 1.x subset (the first is the banned-API analyzer):
/// the compiled assembly itself holds no generics, no multi-dimensional arrays, no nullable attribute types and no
/// null test of a reference-array element (docs/design.md#nanoframework-subset).
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
        // This test project keeps the nullable context on, so its assembly references the nullable attributes.
        Assert.Contains(violations, v => v.StartsWith("nullable attribute System.Runtime.CompilerServices.Nullable", StringComparison.Ordinal));
        Assert.Equal(1, Identity(1));
    }

    [Fact]
    public void The_scanner_finds_null_tests_of_reference_array_elements_in_both_IL_shapes()
    {
        // A value comparison compiles to ldelem.ref; ldnull; cgt.un (and ceq for ==) in Debug and Release alike; an
        // `if` on the same test is the Release shape (ldelem.ref; brfalse) and the Debug one (ldnull; cgt.un; ...).
        IReadOnlyList<string> violations = AssemblySubsetScanner.Scan(typeof(NanoSubsetMetadataTests).Assembly.Location);
        string[] found = violations.Where(v => v.Contains(nameof(ArrayElementSamples), StringComparison.Ordinal)).ToArray();
        Assert.Contains(found, v => v.Contains("(ldelem.ref; ldnull; cgt.un)", StringComparison.Ordinal) && v.EndsWith(nameof(ArrayElementSamples.IsSet), StringComparison.Ordinal));
        Assert.Contains(found, v => v.Contains("(ldelem.ref; ldnull; ceq)", StringComparison.Ordinal) && v.EndsWith(nameof(ArrayElementSamples.IsFree), StringComparison.Ordinal));
        Assert.Contains(found, v => v.EndsWith(nameof(ArrayElementSamples.FirstSet), StringComparison.Ordinal));
        Assert.Contains(found, v => v.Contains("op_inequality", StringComparison.Ordinal) || v.EndsWith(nameof(ArrayElementSamples.NamedAt), StringComparison.Ordinal));
        Assert.DoesNotContain(found, v => v.EndsWith(nameof(ArrayElementSamples.CountedFind), StringComparison.Ordinal));
        Assert.True(ArrayElementSamples.IsSet(["a"], 0) && !ArrayElementSamples.IsFree(["a"], 0) && ArrayElementSamples.FirstSet(["a"]) == 0);
        Assert.True(ArrayElementSamples.NamedAt(["a"], 0) && ArrayElementSamples.CountedFind(["a"], 1, "a") == 0);
    }

    /// <summary>Planted samples: every method but CountedFind tests an array element against null.</summary>
    private static class ArrayElementSamples
    {
        public static bool IsSet(string[] names, int i) => names[i] != null;

        public static bool IsFree(string[] names, int i) => names[i] == null;

        public static int FirstSet(string[] names)
        {
            for (int i = 0; i < names.Length; i++)
            {
                if (names[i] != null) return i;
            }

            return -1;
        }

        public static bool NamedAt(string[] names, int i)
        {
            string name = names[i];
            return name != (string?)null;
        }

        public static int CountedFind(string[] names, int used, string name)
        {
            for (int i = 0; i < used; i++)
            {
                if (names[i] == name) return i;
            }

            return -1;
        }
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
