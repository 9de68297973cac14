namespace RaftEsp.Core.Tests.Interaction.DataDriven;

/// <summary>
/// Where the interaction scripts live: copies next to the test assembly for running, and the source files in the
/// project for rewriting (never the copies in bin/, which the next build would overwrite).
/// </summary>
public static class InteractionFiles
{
    /// <summary>Set to 1 to write the actual outputs into the source testdata files instead of comparing.</summary>
    public const string RewriteVariable = "RAFTESP_REWRITE";

    private const string ProjectFile = "RaftEsp.Core.Tests.csproj";
    private static readonly string Folder = Path.Combine("Interaction", "testdata");

    public static bool Rewrite => Environment.GetEnvironmentVariable(RewriteVariable) == "1";

    /// <summary>The scripts copied to the output directory, by file name.</summary>
    public static IEnumerable<string> Names() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, Folder), "*.txt").Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal);

    /// <summary>The copy a normal run reads.</summary>
    public static string OutputPath(string name) => Path.Combine(AppContext.BaseDirectory, Folder, name);

    /// <summary>The file in the source tree: found by walking up from the assembly to the directory that holds the project file.</summary>
    public static string SourcePath(string name)
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, ProjectFile))) return Path.Combine(dir.FullName, Folder, name);
            string nested = Path.Combine(dir.FullName, "tests", "RaftEsp.Core.Tests");
            if (File.Exists(Path.Combine(nested, ProjectFile))) return Path.Combine(nested, Folder, name);
        }

        throw new InvalidOperationException("cannot find " + ProjectFile + " above " + AppContext.BaseDirectory + " to rewrite " + name);
    }
}
