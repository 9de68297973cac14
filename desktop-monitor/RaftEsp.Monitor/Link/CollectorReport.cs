namespace RaftEsp.Monitor.Link;

/// <summary>The collector's own counters, as its stats datagram carries them (what the collector saw, not the monitor).</summary>
public sealed record CollectorReport(
    int CollectorId,
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

/// <summary>
/// The monitor's own end of the link: the handshake state (<see cref="LinkStates"/>), the sessions it opened, the
/// datagrams it received and dropped (per reason, and the last reason).
/// </summary>
public sealed record LinkCounters(
    string State,
    long SessionsOpened,
    long DatagramsReceived,
    long DatagramsDropped,
    IReadOnlyDictionary<string, long> DatagramDrops,
    string? LastDropReason);

/// <summary>The states of the monitor's end of the link, as /api/cluster and the page name them.</summary>
public static class LinkStates
{
    /// <summary>No session: saying hello until a challenge answers.</summary>
    public const string Handshaking = "handshaking";

    /// <summary>Attach sent; waiting for the first datagram of the new session.</summary>
    public const string Attaching = "attaching";

    /// <summary>A session is open and the collector was heard lately.</summary>
    public const string Attached = "attached";
}
