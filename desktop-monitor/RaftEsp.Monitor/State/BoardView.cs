namespace RaftEsp.Monitor.State;

/// <summary>
/// One board as the page, the API and the terminal show it. <see cref="Online"/> is false when no report arrived
/// within the offline window (or the board was crashed on purpose); the other fields then keep the last values heard.
/// <see cref="DiffersFromLeader"/> lists the database slots whose value is not the leader's. <see cref="Fault"/> is
/// why a board stopped itself (e.g. its flash contradicts itself), else null.
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
    string? Fault);
