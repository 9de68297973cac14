namespace RaftEsp.Recording;

/// <summary>
/// One radio frame as the monitor shows and records it. <see cref="TimeMicros"/> is on the clock of whoever saw the
/// frame (the monitor's clock since it started, a recording's clock, or simulated time). <see cref="Type"/> is the
/// frame header's type byte (docs/wire-format.md, docs/protocol.md); <see cref="To"/> is 255 for a broadcast.
/// <see cref="Entries"/> is the number of log entries an AppendEntries or Propose carries (0 for a heartbeat and for
/// every other type). <see cref="DeliveredTo"/> and <see cref="LostTo"/> are the receivers whose copy arrived or was
/// lost, as the ether knows them; a frame the collector only overheard (<see cref="FrameSource.Collector"/>) has
/// both empty: what happened to it is not known.
/// <para>
/// What the page needs to tell one step of Raft from another, read from the header and body (frames are tagged, not
/// encrypted, so anyone can read them; nothing here is trusted for more than display): <see cref="Term"/> the header's
/// term; <see cref="Index"/> for an AppendEntries the index of its last entry (its previous index when it carries
/// none), for an AppendResponse the index it acknowledges (or its hint when it refuses), for a (pre-)vote request the
/// candidate's last log index, for a snapshot chunk the snapshot's index, otherwise 0; <see cref="Commit"/> the
/// leader's commit index an AppendEntries carries, otherwise 0; <see cref="Refused"/> true for an AppendResponse that
/// refuses or a (pre-)vote response that does not grant.
/// </para>
/// </summary>
public sealed record FrameEvent(
    long TimeMicros,
    int Type,
    int From,
    int To,
    int Bytes,
    int Entries,
    IReadOnlyList<int> DeliveredTo,
    IReadOnlyList<int> LostTo,
    FrameSource Source,
    int Term = 0,
    int Index = 0,
    int Commit = 0,
    bool Refused = false);

/// <summary>Who saw a frame.</summary>
public enum FrameSource
{
    /// <summary>The virtual cluster's ether: every frame, with what became of each copy.</summary>
    Ether = 1,

    /// <summary>A collector (real or virtual) that overheard it: no delivery outcome.</summary>
    Collector = 2,

    /// <summary>The simulator's channel model.</summary>
    Simulator = 3,
}
