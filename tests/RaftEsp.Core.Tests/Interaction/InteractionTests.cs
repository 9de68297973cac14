using RaftEsp.Core.Tests.Interaction.DataDriven;

namespace RaftEsp.Core.Tests.Interaction;

/// <summary>
/// Runs every script of Interaction/testdata against a fresh <see cref="InteractionEnv"/>. With RAFTESP_REWRITE=1
/// the actual outputs are written into the source scripts instead (docs/testing.md).
/// </summary>
public class InteractionTests
{
    public static TheoryData<string> Scripts() => new(InteractionFiles.Names());

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Script(string name)
    {
        string path = InteractionFiles.Rewrite ? InteractionFiles.SourcePath(name) : InteractionFiles.OutputPath(name);
        DataFile file = DataFileParser.Parse(File.ReadAllText(path), name);
        Assert.NotEmpty(file.Cases);
        var env = new InteractionEnv();
        DataRunResult result = DataRunner.Run(file, env.Handle);
        if (InteractionFiles.Rewrite)
        {
            File.WriteAllText(path, result.Rewritten);
            return;
        }

        if (result.FirstMismatch != null)
            Assert.Fail(result.Mismatches + " command(s) of " + name + " printed other output than expected; the first:\n" + result.FirstMismatch);
    }

    [Fact]
    public void Every_source_script_is_copied_next_to_the_tests()
    {
        string folder = Path.GetDirectoryName(InteractionFiles.SourcePath("x.txt"))!;
        string[] sources = Directory.GetFiles(folder, "*.txt").Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(sources);
        Assert.Equal(sources, InteractionFiles.Names());
    }
}
