using RaftEsp.Monitor.State;

namespace RaftEsp.Monitor.Tui;

/// <summary>
/// A board's election timer as a short bar for the terminal: how much of its randomized timeout has run, as of its last
/// report (the terminal redraws on each snapshot; it does not extrapolate). The leader shows its heartbeat interval.
/// </summary>
public static class TimerBar
{
    /// <summary>Cells in the bar.</summary>
    public const int Width = 8;

    /// <summary>Spectre markup: "▮▮▮▯▯▯▯▯" for a follower or candidate, "♥ 50 ms" for the leader, "" when not reported.</summary>
    public static string Markup(BoardView b)
    {
        ArgumentNullException.ThrowIfNull(b);
        if (!b.Reported || !b.Online || b.ElectionTimeoutMs <= 0) return "";
        if (b.IsLeader || b.Role == "Leader") return $"[yellow]\u2665 {b.HeartbeatIntervalMs} ms[/]";
        int full = (int)Math.Round(Width * Math.Clamp((double)b.ElectionElapsedMs / b.ElectionTimeoutMs, 0, 1));
        string colour = full >= Width - 1 ? "red" : "blue";
        return $"[{colour}]{new string('\u25ae', full)}[/][grey]{new string('\u25af', Width - full)}[/]";
    }
}
