namespace RaftEsp.Monitor.Link;

/// <summary>The collector's counters, as its stats datagram carries them.</summary>
public sealed record CollectorReport(
    int CollectorId,
    int HelloNonce,
    int UptimeSeconds,
    int PollsSent,
    int PollTimeouts,
    int CommandsRelayed,
    int ResultsRelayed,
    int RadioFramesHeard);

/// <summary>What the monitor's side of the link dropped, and the last reason.</summary>
public sealed record LinkCounters(long DatagramsReceived, long DatagramsDropped, string? LastDropReason);
