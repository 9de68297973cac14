using RaftEsp.Monitor.State;
using RaftEsp.Monitor.Tests.Fakes;
using RaftEsp.Monitor.Tui;
using Spectre.Console;

namespace RaftEsp.Monitor.Tests.Unit;

public sealed class RendererTests
{
    [Fact]
    public void The_terminal_view_lists_every_board_the_leader_and_the_timeline()
    {
        var state = new ClusterState(3, 0, "virtual", 3, new ManualClock(), TimeSpan.FromSeconds(2));
        state.Apply(new BoardReport(0, true, true, "Follower", 2, 1, 4, 4, 4, new[] { 7, 8, 9 }, Array.Empty<LogEntryView>(), 1, 1, null));
        state.Apply(new BoardReport(1, true, true, "Leader", 2, 1, 4, 4, 4, new[] { 7, 8, 0 },
            new[] { new LogEntryView(4, 2, "set", 2, 0) }, 1, 1, null));
        using var output = new StringWriter();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 200;
        console.Write(TuiRenderer.Render(state.Snapshot(), "http://127.0.0.1:5080/"));
        string text = output.ToString();
        Assert.Contains("leader board 1", text, StringComparison.Ordinal);
        Assert.Contains("server node 0", text, StringComparison.Ordinal);
        Assert.Contains("7 8 9", text, StringComparison.Ordinal);
        Assert.Contains("#4 [2]=0", text, StringComparison.Ordinal);
        Assert.Contains("waiting", text, StringComparison.Ordinal);
        Assert.Contains("board 1 leads term 2", text, StringComparison.Ordinal);
        Assert.Contains("voters 0,1,2", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_terminal_view_names_learners_and_the_change_in_flight()
    {
        var state = new ClusterState(3, 0, "virtual", 3, new ManualClock(), TimeSpan.FromSeconds(2));
        var shape = new MembershipView(7, new[] { 0, 1, 2 }, new[] { 4 }, true, false, false);
        state.Apply(new BoardReport(0, true, true, "Leader", 2, 0, 6, 6, 7, new[] { 1, 2, 3 }, Array.Empty<LogEntryView>(), 1, 1, null, shape));
        state.Apply(new BoardReport(4, true, true, "Follower", 2, 0, 6, 6, 7, new[] { 1, 2, 3 }, Array.Empty<LogEntryView>(), 1, 1, null, shape));
        using var output = new StringWriter();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 240;
        console.Write(TuiRenderer.Render(state.Snapshot(), "http://127.0.0.1:5080/"));
        string text = output.ToString();
        Assert.Contains("learners 4", text, StringComparison.Ordinal);
        Assert.Contains("in flight: add board 4 as a learner", text, StringComparison.Ordinal);
        Assert.Contains("follower (learner)", text, StringComparison.Ordinal);
    }
}
