namespace RaftEsp.Simulator;

/// <summary>What the radio carried: frames handed to it, transmissions on the air, and what went wrong.</summary>
public sealed class RadioStats
{
    /// <summary>Frames the boards handed to the radio.</summary>
    public long Frames;
    public long Bytes;
    public long BroadcastFrames;

    /// <summary>Times a frame went on the air (unicast retries count again).</summary>
    public long Transmissions;
    public long Collisions;
    public long Retries;

    /// <summary>Unicast frames given up after the last retry.</summary>
    public long UnicastFailures;
    public long TxQueueDrops;
    public long RxQueueDrops;
    public long CopiesLost;
    public long CopiesCut;
    public long CopiesDelivered;
    public long Duplicates;

    /// <summary>Microseconds the channel was busy (frames, ACKs).</summary>
    public long BusyMicros;

    /// <summary>AppendResponses that refuse (the follower's log does not match the leader's previous entry).</summary>
    public long AppendRejects;

    /// <summary>Of which: sent by a follower an AppendEntries copy had missed since it last accepted one: the refusal is
    /// how the leader learns of the gap. The rest have another cause (a new leader probing, a restarted board).</summary>
    public long AppendRejectsAfterLostCopy;
    public readonly long[] ByType = new long[256];
}
