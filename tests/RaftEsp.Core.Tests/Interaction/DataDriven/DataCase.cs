namespace RaftEsp.Core.Tests.Interaction.DataDriven;

/// <summary>One argument of a command line: <c>key</c>, <c>key=value</c> or <c>key=(v1,v2,...)</c>.</summary>
public sealed record DataArg(string Key, IReadOnlyList<string> Values);

/// <summary>
/// One case of a datadriven file: a command line with its arguments, optional input lines, and the expected output
/// below the <c>----</c> separator. <see cref="Preamble"/> keeps the comment and blank lines before it verbatim, so
/// a rewrite changes nothing but expected outputs.
/// </summary>
public sealed class DataCase
{
    public required string File { get; init; }

    /// <summary>1-based line of the command in the file.</summary>
    public required int Line { get; init; }

    /// <summary>The command line as written.</summary>
    public required string CommandLine { get; init; }

    public required string Command { get; init; }

    public required IReadOnlyList<DataArg> Args { get; init; }

    /// <summary>Lines between the command and the separator (empty when there are none).</summary>
    public required IReadOnlyList<string> Input { get; init; }

    /// <summary>Expected output lines.</summary>
    public required IReadOnlyList<string> Expected { get; init; }

    /// <summary>1-based line of the first expected output line.</summary>
    public required int ExpectedLine { get; init; }

    /// <summary>Comment and blank lines that came before the command.</summary>
    public required IReadOnlyList<string> Preamble { get; init; }

    public override string ToString() => File + ":" + Line + ": " + CommandLine;
}
