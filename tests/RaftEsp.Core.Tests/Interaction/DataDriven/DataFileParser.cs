namespace RaftEsp.Core.Tests.Interaction.DataDriven;

/// <summary>A datadriven file that does not follow the format; the message names the file and line.</summary>
public sealed class DataFormatException(string message) : Exception(message);

/// <summary>
/// Parses the datadriven format of etcd's testdata files:
/// <code>
/// # a comment
/// command key=value key=(a,b) flag
/// optional input lines
/// ----
/// expected output, up to the next blank line
/// </code>
/// Output that contains blank lines sits between a doubled separator (<c>----</c>, <c>----</c>) and a closing doubled
/// separator. Comment and blank lines between cases are kept with the next case, and the text after the last case
/// in <see cref="DataFile.Trailer"/>, so a file can be written back unchanged apart from its outputs.
/// </summary>
public static class DataFileParser
{
    public const string Separator = "----";

    public static DataFile Parse(string text, string file)
    {
        string[] lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        int count = lines.Length > 0 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        var cases = new List<DataCase>();
        var preamble = new List<string>();
        int i = 0;
        while (i < count)
        {
            string line = lines[i];
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
            {
                preamble.Add(line);
                i++;
                continue;
            }

            if (line == Separator) throw Error(file, i, "separator without a command above it");
            int commandIndex = i;
            var input = new List<string>();
            i++;
            while (i < count && lines[i] != Separator) input.Add(lines[i++]);
            if (i == count) throw Error(file, commandIndex, "command '" + line + "' has no '----' separator after it");
            i++;

            var expected = new List<string>();
            int expectedIndex;
            if (i < count && lines[i] == Separator)
            {
                i++;
                expectedIndex = i;
                while (i < count && !(lines[i] == Separator && i + 1 < count && lines[i + 1] == Separator)) expected.Add(lines[i++]);
                if (i == count) throw Error(file, commandIndex, "output of '" + line + "' opened with '----' twice is never closed by '----' twice");
                i += 2;
            }
            else
            {
                expectedIndex = i;
                while (i < count && lines[i].Trim().Length != 0) expected.Add(lines[i++]);
            }

            (string command, List<DataArg> args) = ParseCommandLine(line, file, commandIndex);
            cases.Add(new DataCase
            {
                File = file,
                Line = commandIndex + 1,
                CommandLine = line,
                Command = command,
                Args = args,
                Input = input,
                Expected = expected,
                ExpectedLine = expectedIndex + 1,
                Preamble = preamble.ToArray(),
            });
            preamble.Clear();
        }

        return new DataFile(file, cases, preamble);
    }

    private static (string Command, List<DataArg> Args) ParseCommandLine(string line, string file, int index)
    {
        var tokens = new List<string>();
        int depth = 0;
        int start = -1;
        for (int c = 0; c <= line.Length; c++)
        {
            char ch = c < line.Length ? line[c] : ' ';
            if (ch == '(') depth++;
            if (ch == ')' && --depth < 0) throw Error(file, index, "')' without '(' in '" + line + "'");
            bool blank = char.IsWhiteSpace(ch) && depth == 0;
            if (!blank && start < 0) start = c;
            if (blank && start >= 0)
            {
                tokens.Add(line[start..c]);
                start = -1;
            }
        }

        if (depth != 0) throw Error(file, index, "'(' never closed in '" + line + "'");
        var args = new List<DataArg>();
        foreach (string token in tokens.Skip(1)) args.Add(ParseArg(token, line, file, index));
        return (tokens[0], args);
    }

    private static DataArg ParseArg(string token, string line, string file, int index)
    {
        int eq = token.IndexOf('=', StringComparison.Ordinal);
        if (eq < 0) return new DataArg(token, []);
        string key = token[..eq];
        string value = token[(eq + 1)..];
        if (key.Length == 0 || value.Length == 0) throw Error(file, index, "argument '" + token + "' needs a key and a value in '" + line + "'");
        if (!value.StartsWith('(')) return new DataArg(key, [value]);
        if (!value.EndsWith(')')) throw Error(file, index, "argument '" + token + "' has text after its ')' in '" + line + "'");
        string inner = value[1..^1];
        string[] values = inner.Length == 0 ? [] : inner.Split(',').Select(v => v.Trim()).ToArray();
        return new DataArg(key, values);
    }

    private static DataFormatException Error(string file, int index, string what) => new(file + ":" + (index + 1) + ": " + what);
}

/// <summary>A parsed file: its cases and the comment and blank lines after the last one.</summary>
public sealed record DataFile(string Name, IReadOnlyList<DataCase> Cases, IReadOnlyList<string> Trailer);
