namespace RaftEsp.Monitor.State;

/// <summary>
/// The collector's own counters, from its stats datagrams: what the collector polled, relayed and heard, and the
/// datagrams it received from desktops and dropped, per reason. <see cref="Online"/> is false when no stats arrived
/// lately. The monitor's own end of the link is <see cref="ClusterSnapshot.MonitorLink"/>.
/// </summary>
public sealed record CollectorView(
    int Id,
    bool Online,
    int UptimeSeconds,
    int PollsSent,
    int ReportsReceived,
    int PollTimeouts,
    int CommandsRelayed,
    int ResultsRelayed,
    int RadioFramesHeard,
    int RadioFramesDropped,
    int DatagramsReceived,
    int DatagramsDropped,
    int ChallengesSent,
    int SessionsOpened,
    IReadOnlyDictionary<string, long> DatagramDrops);
