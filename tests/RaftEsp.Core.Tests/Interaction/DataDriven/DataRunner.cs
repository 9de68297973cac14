using System.Text;

namespace RaftEsp.Core.Tests.Interaction.DataDriven;

/// <summary>What running a file gave: the first mismatch (null when every output matched) and the file rewritten with the actual outputs.</summary>
public sealed record DataRunResult(string? FirstMismatch, int Mismatches, string Rewritten);

/// <summary>
/// Runs every case of a datadriven file through a handler and compares its output with the expected one. All cases
/// run (later ones depend on the state earlier ones built), so a rewrite gets every new output; a failure reports
/// the first difference by file and line, with a line diff of that case.
/// </summary>
public static class DataRunner
{
    public static DataRunResult Run(DataFile file, Func<DataCase, string> handler)
    {
        string? first = null;
        int mismatches = 0;
        var text = new StringBuilder();
        for (int c = 0; c < file.Cases.Count; c++)
        {
            DataCase dataCase = file.Cases[c];
            string output;
            try
            {
                output = handler(dataCase);
            }
            catch (Exception e) when (e is not DataFormatException)
            {
                throw new DataFormatException(dataCase + ": " + e.Message);
            }

            string[] actual = Normalize(output);
            string[] expected = dataCase.Expected.Select(l => l.TrimEnd()).ToArray();
            if (!actual.SequenceEqual(expected))
            {
                mismatches++;
                first ??= Describe(dataCase, expected, actual);
            }

            IReadOnlyList<string> following = c + 1 < file.Cases.Count ? file.Cases[c + 1].Preamble : file.Trailer;
            Write(text, dataCase, actual, following.Count == 0 || following[0].Trim().Length == 0);
        }

        foreach (string line in file.Trailer) text.Append(line).Append('\n');
        return new DataRunResult(first, mismatches, text.ToString());
    }

    /// <summary>Output lines without trailing blanks, and without blank lines at the end.</summary>
    public static string[] Normalize(string output)
    {
        var lines = output.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd()).ToList();
        while (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return lines.ToArray();
    }

    private static void Write(StringBuilder text, DataCase dataCase, string[] output, bool blankFollows)
    {
        foreach (string line in dataCase.Preamble) text.Append(line).Append('\n');
        text.Append(dataCase.CommandLine).Append('\n');
        foreach (string line in dataCase.Input) text.Append(line).Append('\n');
        text.Append(DataFileParser.Separator).Append('\n');
        bool doubled = output.Any(l => l.Length == 0);
        if (doubled) text.Append(DataFileParser.Separator).Append('\n');
        foreach (string line in output) text.Append(line).Append('\n');
        if (doubled) text.Append(DataFileParser.Separator).Append('\n').Append(DataFileParser.Separator).Append('\n');
        else if (!blankFollows) text.Append('\n');
    }

    private static string Describe(DataCase dataCase, string[] expected, string[] actual)
    {
        int differs = 0;
        while (differs < expected.Length && differs < actual.Length && expected[differs] == actual[differs]) differs++;
        var message = new StringBuilder();
        message.Append(dataCase.File).Append(':').Append(dataCase.ExpectedLine + differs)
            .Append(": output of '").Append(dataCase.CommandLine).Append("' (line ").Append(dataCase.Line).Append(") differs\n")
            .Append("  expected: ").Append(differs < expected.Length ? "\"" + expected[differs] + "\"" : "(end of output)").Append('\n')
            .Append("  actual:   ").Append(differs < actual.Length ? "\"" + actual[differs] + "\"" : "(end of output)").Append('\n')
            .Append("--- expected\n+++ actual\n");
        foreach (string line in LineDiff(expected, actual)) message.Append(line).Append('\n');
        message.Append("If the change is intended, run with ").Append(InteractionFiles.RewriteVariable).Append("=1 and review the new output.");
        return message.ToString();
    }

    /// <summary>A line diff by longest common subsequence: " " kept, "-" only expected, "+" only actual.</summary>
    public static List<string> LineDiff(string[] expected, string[] actual)
    {
        int[][] common = Enumerable.Range(0, expected.Length + 1).Select(_ => new int[actual.Length + 1]).ToArray();
        for (int e = expected.Length - 1; e >= 0; e--)
            for (int a = actual.Length - 1; a >= 0; a--)
                common[e][a] = expected[e] == actual[a] ? common[e + 1][a + 1] + 1 : Math.Max(common[e + 1][a], common[e][a + 1]);

        var diff = new List<string>();
        int i = 0, j = 0;
        while (i < expected.Length || j < actual.Length)
        {
            if (i < expected.Length && j < actual.Length && expected[i] == actual[j])
            {
                diff.Add(" " + expected[i++]);
                j++;
            }
            else if (i < expected.Length && (j == actual.Length || common[i + 1][j] >= common[i][j + 1]))
            {
                diff.Add("-" + expected[i++]);
            }
            else
            {
                diff.Add("+" + actual[j++]);
            }
        }

        return diff;
    }
}
