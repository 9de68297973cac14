using System.Globalization;

namespace RaftEsp.Ether;

/// <summary>Counters of the ether, safe to read while it runs.</summary>
public sealed class EtherStats
{
    private static readonly DropReason[] Reasons = Enum.GetValues<DropReason>();
    private readonly long[] drops = new long[Reasons.Length];
    private long frames;
    private long broadcasts;
    private long delivered;
    private long duplicated;
    private long hellos;
    private long datagrams;

    /// <summary>Frames received from boards (valid envelopes or not).</summary>
    public long Frames => Interlocked.Read(ref frames);

    /// <summary>Of those, broadcast frames.</summary>
    public long Broadcasts => Interlocked.Read(ref broadcasts);

    /// <summary>Copies handed to a receiver.</summary>
    public long Delivered => Interlocked.Read(ref delivered);

    /// <summary>Extra copies made by the duplication setting.</summary>
    public long Duplicated => Interlocked.Read(ref duplicated);

    /// <summary>Datagrams fully handled (every copy queued or dropped), whatever they were.</summary>
    public long Datagrams => Interlocked.Read(ref datagrams);

    /// <summary>Hello datagrams received.</summary>
    public long Hellos => Interlocked.Read(ref hellos);

    public long Dropped(DropReason reason) => Interlocked.Read(ref drops[(int)reason]);

    public long DroppedTotal
    {
        get
        {
            long sum = 0;
            foreach (DropReason r in Reasons) sum += Dropped(r);
            return sum;
        }
    }

    internal void CountFrame(bool broadcast)
    {
        Interlocked.Increment(ref frames);
        if (broadcast) Interlocked.Increment(ref broadcasts);
    }

    internal void CountDelivered() => Interlocked.Increment(ref delivered);

    internal void CountDuplicate() => Interlocked.Increment(ref duplicated);

    internal void CountDatagram() => Interlocked.Increment(ref datagrams);

    internal void CountHello() => Interlocked.Increment(ref hellos);

    internal void CountDrop(DropReason reason) => Interlocked.Increment(ref drops[(int)reason]);

    /// <summary>One line: <c>frames=.. broadcast=.. delivered=.. duplicated=.. hellos=.. dropped=.. loss=.. partition=.. ...</c></summary>
    public override string ToString()
    {
        var line = new System.Text.StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"frames={Frames} broadcast={Broadcasts} delivered={Delivered} duplicated={Duplicated} hellos={Hellos} dropped={DroppedTotal}");
        foreach (DropReason r in Reasons) line.Append(CultureInfo.InvariantCulture, $" {Name(r)}={Dropped(r)}");
        return line.ToString();
    }

    /// <summary>The reason's name in stats lines: <c>loss</c>, <c>partition</c>, <c>unknown-destination</c>...</summary>
    public static string Name(DropReason reason) => reason switch
    {
        DropReason.Loss => "loss",
        DropReason.Partition => "partition",
        DropReason.Isolated => "isolated",
        DropReason.Oversize => "oversize",
        DropReason.Malformed => "malformed",
        DropReason.UnknownDestination => "unknown-destination",
        DropReason.QueueFull => "queue-full",
        _ => reason.ToString(),
    };
}
