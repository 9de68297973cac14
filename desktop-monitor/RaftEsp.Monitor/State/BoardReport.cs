namespace RaftEsp.Monitor.State;

/// <summary>One log entry as a board reports it (the tail of its log).</summary>
public sealed record LogEntryView(int Index, int Term, string Kind, int Slot, int Value);

/// <summary>
/// What the collector said about one board: whether the board answers its polls (<see cref="Online"/>) and, when
/// <see cref="HasState"/>, the board's own status report. Without a report the other fields mean nothing and the
/// monitor keeps the last ones heard. Frame counters are cumulative since the board started, so rates come from the
/// difference between two reports. <see cref="Fault"/> is null while the board runs, else why it stopped.
/// </summary>
public sealed record BoardReport(
    int Node,
    bool Online,
    bool HasState,
    string Role,
    int Term,
    int LeaderId,
    int CommitIndex,
    int AppliedIndex,
    int LastIndex,
    IReadOnlyList<int> Database,
    IReadOnlyList<LogEntryView> LastEntries,
    long FramesSent,
    long FramesReceived,
    string? Fault);
