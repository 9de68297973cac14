namespace RaftEsp.Monitor.State;

/// <summary>
/// One board as the page, the API and the terminal show it. <see cref="Online"/> is false when no report arrived
/// within the offline window (or the board was crashed on purpose); the other fields then keep the last values heard.
/// <see cref="DiffersFromLeader"/> lists the database slots whose value is not the leader's. <see cref="Fault"/> is
/// why a board stopped itself (e.g. its flash contradicts itself), else null. <see cref="Membership"/> is what the
/// cluster's configuration makes of it (<see cref="MemberKinds"/>). The timers (milliseconds, as of its last report:
/// the page extrapolates them with <see cref="SecondsSinceReport"/>) are its election timer against its randomized
/// timeout, the heartbeat interval, and on the leader how far into the current round it is; <see cref="Progress"/> is
/// the leader's replication progress per member (empty on other boards); <see cref="SnapshotIndex"/> the index its
/// snapshot covers (entries up to it are compacted). All 0 before its first report that carries them.
/// </summary>
public sealed record BoardView(
    int Id,
    string Role,
    bool IsServerNode,
    bool IsLeader,
    int Term,
    int CommitIndex,
    int AppliedIndex,
    int LastIndex,
    bool Online,
    bool Reported,
    IReadOnlyList<int> Database,
    IReadOnlyList<int> DiffersFromLeader,
    IReadOnlyList<LogEntryView> LastEntries,
    double FramesPerSecond,
    long FramesSent,
    long FramesReceived,
    double SecondsSinceReport,
    string? Fault,
    string Membership,
    int SnapshotIndex = 0,
    int TickMs = 0,
    int ElectionElapsedMs = 0,
    int ElectionTimeoutMs = 0,
    int HeartbeatIntervalMs = 0,
    int HeartbeatElapsedMs = 0,
    IReadOnlyList<ProgressView>? Progress = null);

/// <summary>What a board is to the cluster's configuration, as /api/cluster and the page name it.</summary>
public static class MemberKinds
{
    /// <summary>Votes and counts for the quorum.</summary>
    public const string Voter = "voter";

    /// <summary>Receives the log but never votes nor counts for a quorum, until it has caught up and is promoted (§4.2.1).</summary>
    public const string Learner = "learner";

    /// <summary>Booted to join and waits to be added.</summary>
    public const string Waiting = "waiting";

    /// <summary>No longer in the configuration (still reporting).</summary>
    public const string Removed = "removed";
}
