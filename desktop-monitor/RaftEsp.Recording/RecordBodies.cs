namespace RaftEsp.Recording;

/// <summary>The kinds of record (docs/recording.md), as the record's kind byte says.</summary>
public enum RecordKind
{
    /// <summary>One radio frame (<see cref="FrameRecord"/>).</summary>
    Frame = 1,

    /// <summary>A collector-link datagram body the monitor accepted (<see cref="DatagramRecord"/>).</summary>
    Datagram = 2,

    /// <summary>A timeline line from outside the reports: commands, their results, faults (<see cref="TimelineRecord"/>).</summary>
    Timeline = 3,

    /// <summary>A board crashed or restarted on purpose (<see cref="CrashRecord"/>).</summary>
    Crash = 4,

    /// <summary>The radio partition now in force (<see cref="PartitionRecord"/>).</summary>
    Partition = 5,

    /// <summary>The radio loss now in force (<see cref="LossRecord"/>).</summary>
    Loss = 6,

    /// <summary>The monitor started tracking a board (a joiner it started; <see cref="TrackRecord"/>).</summary>
    Track = 7,
}

/// <summary>One record: when (µs on the recording's clock) and what.</summary>
public sealed record Recorded(long TimeMicros, RecordBody Body);

/// <summary>What a record holds; one subtype per <see cref="RecordKind"/>.</summary>
public abstract record RecordBody
{
    public abstract RecordKind Kind { get; }
}

/// <summary>A radio frame.</summary>
public sealed record FrameRecord(FrameEvent Frame) : RecordBody
{
    public override RecordKind Kind => RecordKind.Frame;
}

/// <summary>
/// A datagram of the collector link (board status 5, command result 6, collector stats 7: docs/protocol.md section 2)
/// that the monitor accepted: its type and its body, the bytes after the session stamp and before the tag. The
/// envelope (cluster id, session, counter, tag) is not kept: it is checked live, and the tag needs the key, which a
/// recording never holds. Replay decodes the body with the link's own code.
/// </summary>
public sealed record DatagramRecord(int Type, byte[] Body) : RecordBody
{
    public override RecordKind Kind => RecordKind.Datagram;

    public bool Equals(DatagramRecord? other) => other is not null && Type == other.Type && Body.AsSpan().SequenceEqual(other.Body);

    public override int GetHashCode() => HashCode.Combine(Type, Body.Length);
}

/// <summary>A timeline line the monitor wrote from outside the reports; <see cref="Node"/> -1 is the cluster.</summary>
public sealed record TimelineRecord(string EventKind, int Node, string Text) : RecordBody
{
    public override RecordKind Kind => RecordKind.Timeline;
}

/// <summary>Board <see cref="Node"/> was crashed (true) or restarted (false) on purpose.</summary>
public sealed record CrashRecord(int Node, bool Crashed) : RecordBody
{
    public override RecordKind Kind => RecordKind.Crash;
}

/// <summary>The partition now in force: groups of boards that hear each other; null: healed.</summary>
public sealed record PartitionRecord(IReadOnlyList<IReadOnlyList<int>>? Groups) : RecordBody
{
    public override RecordKind Kind => RecordKind.Partition;

    public bool Equals(PartitionRecord? other) => other is not null && (Groups == null
        ? other.Groups == null
        : other.Groups != null && Groups.Count == other.Groups.Count && Groups.Zip(other.Groups).All(p => p.First.SequenceEqual(p.Second)));

    public override int GetHashCode() => Groups?.Count ?? -1;
}

/// <summary>The radio loss now in force, percent.</summary>
public sealed record LossRecord(int Percent) : RecordBody
{
    public override RecordKind Kind => RecordKind.Loss;
}

/// <summary>The monitor started tracking board <see cref="Node"/> (a joiner it started with an empty flash).</summary>
public sealed record TrackRecord(int Node) : RecordBody
{
    public override RecordKind Kind => RecordKind.Track;
}
