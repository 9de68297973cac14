namespace RaftEsp.Monitor.State;

/// <summary>
/// An immutable picture of the whole cluster at one moment: what GET /api/cluster answers and what the page and the
/// terminal draw. <see cref="FaultSummary"/> describes the faults in force (virtual mode: <see cref="Partition"/>'s groups,
/// <see cref="LossPercent"/>), null when none. <see cref="LeaderId"/> is -1 when no online board is leader; <see cref="Collector"/> is null until the
/// collector's first stats arrive; <see cref="MonitorLink"/>, the monitor's own end of the link (handshake state, its
/// own datagram counters), is null until the link reports. <see cref="Boards"/> are the configuration's voters and
/// learners and the boards waiting to join, by id. <see cref="Voters"/>, <see cref="Learners"/>,
/// <see cref="ConfigurationIndex"/> and <see cref="ChangePending"/> are the configuration the leader acts on (until
/// a board reports one: the founders, index 0); <see cref="PendingChange"/> says what the uncommitted change does.
/// <see cref="ClockMs"/> is the monitor time of the picture (docs/recording.md: live, since the monitor started; in a
/// replay or a picture of the past, the recording's clock).
/// </summary>
public sealed record ClusterSnapshot(
    long Version,
    string Mode,
    int ServerNode,
    int LeaderId,
    int Term,
    int SlotCount,
    IReadOnlyList<BoardView> Boards,
    IReadOnlyList<TimelineEvent> Timeline,
    string? FaultSummary,
    IReadOnlyList<IReadOnlyList<int>>? Partition,
    int LossPercent,
    CollectorView? Collector,
    Link.LinkCounters? MonitorLink,
    IReadOnlyList<int> Voters,
    IReadOnlyList<int> Learners,
    int ConfigurationIndex,
    bool ChangePending,
    string? PendingChange,
    IReadOnlyList<int> WaitingToJoin)
{
    /// <summary>Monitor time of this picture, milliseconds.</summary>
    public long ClockMs { get; init; }
}
