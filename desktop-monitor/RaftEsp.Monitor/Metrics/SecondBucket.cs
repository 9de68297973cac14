using RaftEsp.Recording;

namespace RaftEsp.Monitor.Metrics;

/// <summary>What happened in one second of monitor time: the counts the series are made of.</summary>
internal sealed class SecondBucket(long second)
{
    /// <summary>At most this many latency samples are kept per second; beyond it a seeded reservoir keeps a fair sample.</summary>
    public const int MaxLatencySamples = 1024;

    public long Second { get; } = second;

    /// <summary>Frames sent, by kind (indexes of <see cref="FrameKinds.All"/>).</summary>
    public int[] FramesByKind { get; } = new int[FrameKinds.All.Count];

    public int LostCopies { get; set; }

    /// <summary>The frame feed kept only a share of this second's frames.</summary>
    public bool Sampled { get; set; }

    /// <summary>How far the cluster's commit index moved on in this second.</summary>
    public long Commits { get; set; }

    /// <summary>Per board: frames it sent and how far its own commit index moved on.</summary>
    public Dictionary<int, BoardCounts> Boards { get; } = new();

    public List<long> LatencyMicros { get; } = new();

    /// <summary>Latency samples taken in this second, kept or not.</summary>
    public int LatencySeen { get; private set; }

    public BoardCounts Board(int id)
    {
        if (!Boards.TryGetValue(id, out BoardCounts? counts))
        {
            counts = new BoardCounts();
            Boards[id] = counts;
        }

        return counts;
    }

    public void AddLatency(long micros, Random reservoir)
    {
        LatencySeen++;
        if (LatencyMicros.Count < MaxLatencySamples)
        {
            LatencyMicros.Add(micros);
            return;
        }

        int slot = reservoir.Next(LatencySeen);
        if (slot < MaxLatencySamples) LatencyMicros[slot] = micros;
    }
}

/// <summary>One board's counts in one second.</summary>
internal sealed class BoardCounts
{
    public int FramesSent { get; set; }

    public long Commits { get; set; }
}
