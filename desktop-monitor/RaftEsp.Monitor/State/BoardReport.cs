namespace RaftEsp.Monitor.State;

/// <summary>One log entry as a board reports it (the tail of its log).</summary>
public sealed record LogEntryView(int Index, int Term, string Kind, int Slot, int Value);

/// <summary>
/// What the collector said about one board: whether the board answers its polls (<see cref="Online"/>) and, when
/// <see cref="HasState"/>, the board's own status report. Without a report the other fields mean nothing and the
/// monitor keeps the last ones heard. Frame counters are cumulative since the board started, so rates come from the
/// difference between two reports. <see cref="Fault"/> is null while the board runs, else why it stopped.
/// <see cref="Membership"/> is the configuration the board acts on (null from a board that does not report one).
/// <see cref="SnapshotIndex"/> is the index its snapshot covers (0: none); <see cref="Timers"/> its election and
/// heartbeat timers and, on the leader, its replication progress per member (null when not reported).
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
    string? Fault,
    MembershipView? Membership = null,
    int SnapshotIndex = 0,
    RaftTimers? Timers = null);

/// <summary>
/// A board's view of the cluster's configuration (its status report's membership block): the voters and learners of
/// the configuration entry at <see cref="ConfigurationIndex"/> (0: the founders from its flash), whether that entry
/// is not committed yet, whether the board booted to join and is not in its own configuration yet, and whether its
/// log holds its own removal.
/// </summary>
public sealed record MembershipView(
    int ConfigurationIndex,
    IReadOnlyList<int> Voters,
    IReadOnlyList<int> Learners,
    bool ChangePending,
    bool WaitingToJoin,
    bool Removed);
