using RaftEsp.Core;

namespace RaftEsp.Simulator;

/// <summary>
/// A cluster of boards in one process on simulated time (one tick = 10 ms). The radio delivers every frame to its
/// destination (or, for a broadcast, to every other board) after a seeded delay, losing each copy with a seeded
/// probability. Same seed, same run.
/// </summary>
public sealed class VirtualCluster
{
    public const int TickMilliseconds = 10;

    private readonly SplitMix64 radioRandom;
    private readonly List<(long At, SimBoard.SentFrame Frame)> air = new();
    private readonly HashSet<int> down = new();

    public VirtualCluster(int size, ulong seed, double loss)
    {
        var root = new SplitMix64(seed);
        radioRandom = new SplitMix64(root.NextULong());
        ulong nodeSeeds = root.NextULong();
        Loss = loss;
        byte[] members = Enumerable.Range(0, size).Select(i => (byte)i).ToArray();
        var key = new byte[16];
        var keyRandom = new SplitMix64(root.NextULong());
        for (int i = 0; i < key.Length; i++) key[i] = (byte)keyRandom.NextULong();
        for (int i = 0; i < size; i++)
        {
            int id = i;
            uint nodeSeed = (uint)(new SplitMix64(nodeSeeds + (ulong)i).NextULong() >> 32);
            Boards.Add(new SimBoard(() => new Config
            {
                NodeId = id,
                Members = members,
                ClusterKey = key,
                RandomSeed = nodeSeed,
            }));
        }
    }

    public List<SimBoard> Boards { get; } = new();
    public double Loss { get; set; }
    public long Now { get; private set; }
    public long FramesSent { get; private set; }
    public long BytesSent { get; private set; }
    public bool IsDown(int id) => down.Contains(id);

    public void Crash(int id)
    {
        down.Add(id);
        air.RemoveAll(f => f.Frame.To == id);
    }

    public void Restart(int id)
    {
        Boards[id].Crash();
        down.Remove(id);
    }

    /// <summary>Advances one tick: every live board ticks, due frames arrive, boards handle their Ready.</summary>
    public void Step()
    {
        Now++;
        foreach (var board in Boards)
            if (!down.Contains(board.Id)) board.Node.Tick();
        for (int pass = 0; pass < 3; pass++)
        {
            Collect();
            var due = air.Where(f => f.At <= Now).ToList();
            air.RemoveAll(f => f.At <= Now);
            foreach (var (_, frame) in due) Deliver(frame);
        }

        Collect();
    }

    private void Collect()
    {
        foreach (var board in Boards)
        {
            if (down.Contains(board.Id)) continue;
            foreach (var frame in board.ProcessReady())
            {
                FramesSent++;
                BytesSent += frame.Bytes.Length;
                // Most frames arrive within the tick; some are delayed by a tick or two.
                int delay = radioRandom.Next(10) < 8 ? 0 : 1 + radioRandom.Next(2);
                air.Add((Now + delay, frame));
            }
        }
    }

    private void Deliver(SimBoard.SentFrame frame)
    {
        foreach (var board in Boards)
        {
            if (board.Id == frame.From || down.Contains(board.Id)) continue;
            if (frame.To != NodeId.Broadcast && frame.To != board.Id) continue;
            if (radioRandom.NextDouble() < Loss) continue;
            board.Node.Step(frame.Bytes, frame.Bytes.Length);
        }
    }

    /// <summary>The live leader with the highest term, if any.</summary>
    public int Leader()
    {
        int best = NodeId.None;
        foreach (var b in Boards)
            if (!down.Contains(b.Id) && b.Node.Role == Role.Leader && (best == NodeId.None || b.Node.Term > Boards[best].Node.Term))
                best = b.Id;
        return best;
    }
}
