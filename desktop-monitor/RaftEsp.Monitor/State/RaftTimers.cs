namespace RaftEsp.Monitor.State;

/// <summary>
/// The leader's replication progress for one member, from its status report (docs/protocol.md, "StatusReport"):
/// its match and next index, the AppendEntries frames in flight to it and the state ("probe", "replicate",
/// "snapshot"). <see cref="Behind"/> is lastIndex − match as carried: at <see cref="ProgressStates.MaxBehind"/> it means
/// "that far behind or more" (and <see cref="Match"/> is then an upper bound).
/// </summary>
public sealed record ProgressView(int Node, int Match, int Next, int Inflight, string State, int Behind);

/// <summary>
/// A board's timers in milliseconds (ticks × its tick length): its election timer against its randomized timeout, its
/// heartbeat interval and, on the leader, how far into it the current round is; and on the leader its progress per
/// member.
/// </summary>
public sealed record RaftTimers(
    int TickMs,
    int ElectionElapsedMs,
    int ElectionTimeoutMs,
    int HeartbeatIntervalMs,
    int HeartbeatElapsedMs,
    IReadOnlyList<ProgressView> Progress)
{
    /// <summary>No timers known (a report from before they were carried, or no report yet).</summary>
    public static readonly RaftTimers None = new(0, 0, 0, 0, 0, Array.Empty<ProgressView>());
}

/// <summary>The page's names of the leader's replication states.</summary>
public static class ProgressStates
{
    /// <summary>The largest lag a report carries: beyond it the report says "this or more".</summary>
    public const int MaxBehind = RaftEsp.Apps.StatusReport.MaxLag;

    /// <summary>"probe", "replicate" or "snapshot".</summary>
    public static string Name(RaftEsp.Core.ProgressState state) => state switch
    {
        RaftEsp.Core.ProgressState.Probe => "probe",
        RaftEsp.Core.ProgressState.Replicate => "replicate",
        _ => "snapshot",
    };
}
