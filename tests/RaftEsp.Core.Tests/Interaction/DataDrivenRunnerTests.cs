using RaftEsp.Core.Tests.Interaction.DataDriven;

namespace RaftEsp.Core.Tests.Interaction;

/// <summary>The datadriven parser and runner themselves: a script that does not match must fail, and say where.</summary>
public class DataDrivenRunnerTests
{
    private const string Script =
        "# a comment kept on rewrite\n" +
        "echo a=1 b=(x, y) flag\n" +
        "input line\n" +
        "----\n" +
        "one\n" +
        "two\n" +
        "\n" +
        "echo c=3\n" +
        "----\n" +
        "----\n" +
        "with\n" +
        "\n" +
        "blank\n" +
        "----\n" +
        "----\n" +
        "\n" +
        "# trailing comment\n";

    [Fact]
    public void Parser_reads_commands_arguments_input_and_both_output_forms()
    {
        DataFile file = DataFileParser.Parse(Script, "t.txt");

        Assert.Equal(2, file.Cases.Count);
        DataCase first = file.Cases[0];
        Assert.Equal(("echo", 2, 5), (first.Command, first.Line, first.ExpectedLine));
        Assert.Equal(["a", "b", "flag"], first.Args.Select(a => a.Key));
        Assert.Equal(["1"], first.Args[0].Values);
        Assert.Equal(["x", "y"], first.Args[1].Values);
        Assert.Empty(first.Args[2].Values);
        Assert.Equal(["input line"], first.Input);
        Assert.Equal(["one", "two"], first.Expected);
        Assert.Equal(["# a comment kept on rewrite"], first.Preamble);
        Assert.Equal(["with", "", "blank"], file.Cases[1].Expected);
        Assert.Equal(["", "# trailing comment"], file.Trailer);
    }

    [Fact]
    public void Runner_passes_when_every_output_matches_and_rewrites_the_file_unchanged()
    {
        DataFile file = DataFileParser.Parse(Script, "t.txt");

        DataRunResult result = DataRunner.Run(file, c => string.Join("\n", c.Expected));

        Assert.Null(result.FirstMismatch);
        Assert.Equal(Script, result.Rewritten);
    }

    [Fact]
    public void Runner_fails_on_a_wrong_expectation_naming_the_file_and_line_of_the_first_difference()
    {
        DataFile file = DataFileParser.Parse(Script, "t.txt");

        DataRunResult result = DataRunner.Run(file, c => c.Command == "echo" && c.Line == 2 ? "one\nTWO" : string.Join("\n", c.Expected));

        Assert.Equal(1, result.Mismatches);
        Assert.NotNull(result.FirstMismatch);
        Assert.StartsWith("t.txt:6: output of 'echo a=1 b=(x, y) flag' (line 2) differs", result.FirstMismatch);
        Assert.Contains("expected: \"two\"", result.FirstMismatch);
        Assert.Contains("actual:   \"TWO\"", result.FirstMismatch);
        Assert.Contains("\n one\n-two\n+TWO\n", result.FirstMismatch);
    }

    [Fact]
    public void Runner_rewrites_only_the_outputs_and_picks_the_doubled_separator_for_blank_lines()
    {
        DataFile file = DataFileParser.Parse(Script, "t.txt");

        DataRunResult result = DataRunner.Run(file, c => c.Line == 2 ? "now\n\nspaced" : "flat");
        DataFile again = DataFileParser.Parse(result.Rewritten, "t.txt");

        Assert.Equal(2, result.Mismatches);
        Assert.Equal(["now", "", "spaced"], again.Cases[0].Expected);
        Assert.Equal(["flat"], again.Cases[1].Expected);
        Assert.Equal(file.Cases.Select(c => c.CommandLine), again.Cases.Select(c => c.CommandLine));
        Assert.Equal(file.Trailer, again.Trailer);
        Assert.Null(DataRunner.Run(again, c => c.Line == 2 ? "now\n\nspaced" : "flat").FirstMismatch);
    }

    [Fact]
    public void Runner_reports_a_missing_and_an_extra_output_line()
    {
        DataFile file = DataFileParser.Parse("cmd\n----\na\nb\n", "f.txt");

        string shorter = DataRunner.Run(file, _ => "a").FirstMismatch!;
        string longer = DataRunner.Run(file, _ => "a\nb\nc").FirstMismatch!;

        Assert.StartsWith("f.txt:4:", shorter);
        Assert.Contains("actual:   (end of output)", shorter);
        Assert.StartsWith("f.txt:5:", longer);
        Assert.Contains("expected: (end of output)", longer);
    }

    [Fact]
    public void Runner_names_the_command_when_its_handler_throws()
    {
        DataFile file = DataFileParser.Parse("ok\n----\nok\n\nboom x=1\n----\nok\n", "f.txt");

        var error = Assert.Throws<DataFormatException>(() => DataRunner.Run(file, c => c.Command == "boom" ? throw new InvalidOperationException("bad") : "ok"));

        Assert.Equal("f.txt:5: boom x=1: bad", error.Message);
    }

    [Theory]
    [InlineData("cmd\nno separator\n", "f.txt:1: command 'cmd' has no '----' separator")]
    [InlineData("----\nout\n", "f.txt:1: separator without a command")]
    [InlineData("a\n----\nx\n\ncmd\n----\n----\nnever closed\n", "f.txt:5: output of 'cmd' opened with '----' twice is never closed")]
    [InlineData("cmd a=(1,2\n----\n", "f.txt:1: '(' never closed")]
    [InlineData("cmd a=1)\n----\n", "f.txt:1: ')' without '('")]
    [InlineData("cmd =1\n----\n", "f.txt:1: argument '=1' needs a key and a value")]
    [InlineData("cmd a=\n----\n", "f.txt:1: argument 'a=' needs a key and a value")]
    [InlineData("cmd a=(1)x\n----\n", "f.txt:1: argument 'a=(1)x' has text after its ')'")]
    public void Parser_refuses_malformed_files_with_file_and_line(string text, string message)
    {
        var error = Assert.Throws<DataFormatException>(() => DataFileParser.Parse(text, "f.txt"));

        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void Interaction_env_fails_on_an_unknown_command_or_argument()
    {
        DataFile file = DataFileParser.Parse("add-nodes 3 prevot=false\n----\nok\n", "f.txt");
        DataFile unknown = DataFileParser.Parse("add-nodes 3\n----\nok\n\nfly 1\n----\nok\n", "f.txt");

        var misspelt = Assert.Throws<DataFormatException>(() => DataRunner.Run(file, new InteractionEnv().Handle));
        var noSuchCommand = Assert.Throws<DataFormatException>(() => DataRunner.Run(unknown, new InteractionEnv().Handle));

        Assert.EndsWith("unknown argument 'prevot'", misspelt.Message);
        Assert.EndsWith("unknown command 'fly'", noSuchCommand.Message);
    }

    [Fact]
    public void Interaction_script_with_a_wrong_expectation_fails()
    {
        // campaign with PreVote on makes node 1 a pre-candidate, not yet a leader; the script claims otherwise.
        const string wrong = "add-nodes 3\n----\nok\n\ncampaign 1\n----\nok\n\nraft-state\n----\n" +
                             "1: Leader term=1 leader=1 commit=0 applied=0 last=0/0\n" +
                             "2: Follower term=0 leader=none commit=0 applied=0 last=0/0\n" +
                             "3: Follower term=0 leader=none commit=0 applied=0 last=0/0\n";
        DataFile file = DataFileParser.Parse(wrong, "wrong.txt");

        DataRunResult result = DataRunner.Run(file, new InteractionEnv().Handle);

        Assert.Equal(1, result.Mismatches);
        Assert.StartsWith("wrong.txt:11: output of 'raft-state' (line 9) differs", result.FirstMismatch);
        Assert.Contains("\n-1: Leader term=1 leader=1 commit=0 applied=0 last=0/0\n+1: PreCandidate term=0 leader=none commit=0 applied=0 last=0/0\n", result.FirstMismatch);
    }
}
