namespace RaftEsp.Monitor.State;

/// <summary>
/// The collector as the monitor sees it: its own counters (from its stats datagrams) and the monitor's count of
/// datagrams it dropped (a wrong cluster key shows up here as bad-tag drops). <see cref="Online"/> is false when no
/// stats arrived lately; <see cref="HelloAnswered"/> says the collector echoed this monitor's hello.
/// </summary>
public sealed record CollectorView(
    int Id,
    bool Online,
    bool HelloAnswered,
    int UptimeSeconds,
    int PollsSent,
    int PollTimeouts,
    int CommandsRelayed,
    int ResultsRelayed,
    int RadioFramesHeard,
    long DatagramsReceived,
    long DatagramsDropped,
    string? LastDropReason);
