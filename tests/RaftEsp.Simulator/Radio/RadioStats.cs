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

    public long AppendRejects;
    public readonly long[] ByType = new long[256];
}
