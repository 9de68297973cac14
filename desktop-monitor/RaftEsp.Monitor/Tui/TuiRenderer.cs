using Spectre.Console;
using Spectre.Console.Rendering;
using RaftEsp.Monitor.State;

namespace RaftEsp.Monitor.Tui;

/// <summary>Draws one <see cref="ClusterSnapshot"/> for the terminal: a header line, the board table, the latest events.</summary>
public static class TuiRenderer
{
    private const int TimelineLines = 8;

    public static IRenderable Render(ClusterSnapshot s, string url)
    {
        ArgumentNullException.ThrowIfNull(s);
        string leader = s.LeaderId >= 0 ? $"[bold yellow]board {s.LeaderId}[/]" : "[bold red]none[/]";
        int online = s.Boards.Count(b => b.Online);
        var header = new Markup(
            $"[bold]RaftEsp monitor[/] [grey]({Markup.Escape(s.Mode)}, server node {s.ServerNode} [green]S[/])[/]   leader {leader}   term [bold]{s.Term}[/]   " +
            $"online [bold]{online}/{s.Boards.Count}[/]   voters [bold]{string.Join(",", s.Voters)}[/]" +
            (s.Learners.Count > 0 ? $"   learners [bold]{string.Join(",", s.Learners)}[/]" : "") +
            (s.ChangePending ? $"   [yellow]in flight: {Markup.Escape(s.PendingChange ?? "a change")}[/]" : "") +
            $"   page [link]{Markup.Escape(url)}[/]" +
            (s.FaultSummary != null ? $"\n[black on yellow] fault: {Markup.Escape(s.FaultSummary)} [/]" : ""));

        var table = new Table().Border(TableBorder.Rounded).Expand();
        foreach (string column in new[] { "board", "role", "term", "commit", "applied", "last", "radio", "timer" })
        {
            table.AddColumn(new TableColumn($"[grey]{column}[/]").NoWrap());
        }

        table.AddColumn(new TableColumn("[grey]database[/]"));
        table.AddColumn(new TableColumn("[grey]last entries[/]"));

        foreach (BoardView b in s.Boards)
        {
            table.AddRow(
                new Markup(b.Id + (b.IsServerNode ? " [green]S[/]" : "")),
                new Markup(RoleMarkup(b)),
                new Text(b.Term.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Text(b.CommitIndex.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Text(b.AppliedIndex.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Text(b.LastIndex.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Markup(b.Online ? $"{b.FramesPerSecond:0}/s" : "[grey]silent[/]"),
                new Markup(TimerBar.Markup(b)),
                new Markup(DatabaseMarkup(b)),
                new Markup(Markup.Escape(string.Join("  ", b.LastEntries.TakeLast(3).Select(Entry)))));
        }

        var events = new Rows(s.Timeline.TakeLast(TimelineLines).Select(e =>
            (IRenderable)new Markup($"[grey]{e.Time.ToLocalTime():HH:mm:ss}[/] [{KindColour(e.Kind)}]{e.Kind,-8}[/] {Markup.Escape(e.Text)}")));
        return new Rows(header, table, new Panel(events).Header("timeline").Border(BoxBorder.Rounded).Expand(),
            new Markup("[grey]Ctrl+C stops the monitor (and the virtual cluster).[/]"));
    }

    private static string RoleMarkup(BoardView b) => b.Membership switch
    {
        MemberKinds.Waiting => "[grey]waiting to join[/]",
        MemberKinds.Learner => RaftRoleMarkup(b) + " [blue](learner)[/]",
        _ => RaftRoleMarkup(b),
    };

    private static string RaftRoleMarkup(BoardView b)
    {
        if (b.Role == "Crashed") return "[red]crashed[/]";
        if (!b.Reported) return "[grey]waiting[/]";
        if (!b.Online) return "[grey]offline[/]";
        return b.Role switch
        {
            "Leader" => "[bold yellow]leader[/]",
            "Candidate" => "[magenta]candidate[/]",
            "PreCandidate" => "[magenta]pre-candidate[/]",
            _ => "[blue]follower[/]",
        };
    }

    private static string DatabaseMarkup(BoardView b)
    {
        var differs = new HashSet<int>(b.DiffersFromLeader);
        return string.Join(" ", b.Database.Select((v, i) => differs.Contains(i) ? $"[white on red]{v}[/]" : v.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static string Entry(LogEntryView e) => e.Kind switch
    {
        "set" => $"#{e.Index} [{e.Slot}]={e.Value}",
        "remove" => $"#{e.Index} rm[{e.Slot}]",
        _ => $"#{e.Index} {e.Kind}",
    };

    private static string KindColour(string kind) => kind switch
    {
        TimelineKinds.Election => "magenta",
        TimelineKinds.Leader => "yellow",
        TimelineKinds.Commit => "green",
        TimelineKinds.Fault => "red",
        TimelineKinds.Command => "blue",
        TimelineKinds.Membership => "aqua",
        _ => "grey",
    };
}
