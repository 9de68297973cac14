namespace RaftEsp.Core.Benchmarks;

/// <summary>
/// Nodes wired through preallocated frame queues, so what is measured is the core, not the harness. Shared with the
/// test project (linked source), whose allocation test runs the same loop.
/// </summary>
internal sealed class InMemoryCluster
{
    public static readonly byte[] Key = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];

    private readonly RaftNode[] nodes;
    private readonly Database[] databases;
    private readonly ApplyResult result = new();
    private readonly byte[][] queue;
    private readonly int[] queueLength;
    private readonly int[] queueFrom;
    private readonly int[] queueTo;
    private readonly byte[] snapshotBuffer;
    private int queued;
    private int seq;

    public InMemoryCluster(int size, int heartbeatTicks = 1, int compactionThreshold = 48)
    {
        nodes = new RaftNode[size];
        databases = new Database[size];
        byte[] members = new byte[size];
        for (int i = 0; i < size; i++) members[i] = (byte)i;
        for (int i = 0; i < size; i++)
        {
            var config = new Config
            {
                NodeId = i,
                Members = members,
                ClusterKey = Key,
                RandomSeed = (uint)(11 + i),
                ElectionTicks = 10,
                HeartbeatTicks = heartbeatTicks,
                CompactionThreshold = compactionThreshold,
            };
            nodes[i] = new RaftNode(config);
            databases[i] = new Database(config.DatabaseSlots, config.ClientSessions);
        }

        queue = new byte[1024][];
        for (int i = 0; i < queue.Length; i++) queue[i] = new byte[FrameLimits.MaxFrameBytes];
        queueLength = new int[queue.Length];
        queueFrom = new int[queue.Length];
        queueTo = new int[queue.Length];
        snapshotBuffer = new byte[Database.MaxSnapshotSize(5, 16)];
    }

    public int Leader { get; private set; } = -1;

    public RaftNode Node(int i) => nodes[i];

    public void RunUntilLeader()
    {
        for (int t = 0; t < 10_000 && Leader < 0; t++) Run(1);
        if (Leader < 0) throw new InvalidOperationException("no leader");
    }

    /// <summary>One tick on every node, then delivery until quiet.</summary>
    public void Run(int ticks)
    {
        for (int t = 0; t < ticks; t++)
        {
            for (int i = 0; i < nodes.Length; i++) nodes[i].Tick();
            Deliver(4);
        }
    }

    /// <summary>Each step: the leader proposes one set command, every node ticks, frames are delivered.</summary>
    public void RunWithCommands(int steps)
    {
        for (int s = 0; s < steps; s++)
        {
            if (Leader >= 0 && nodes[Leader].Role == Role.Leader)
            {
                seq++;
                nodes[Leader].Propose(EntryKind.Set, seq % 5, 1, seq, seq);
            }

            Run(1);
        }
    }

    public void Deliver(int rounds)
    {
        for (int r = 0; r < rounds; r++)
        {
            for (int i = 0; i < nodes.Length; i++) Drain(i);
            int count = queued;
            queued = 0;
            for (int q = 0; q < count; q++)
            {
                for (int to = 0; to < nodes.Length; to++)
                {
                    if (to == queueFrom[q] || (queueTo[q] != NodeId.Broadcast && queueTo[q] != to)) continue;
                    nodes[to].Step(queue[q], queueLength[q]);
                }
            }
        }

        for (int i = 0; i < nodes.Length; i++) if (nodes[i].Role == Role.Leader) Leader = i;
    }

    private void Drain(int i)
    {
        RaftNode node = nodes[i];
        while (node.HasReady)
        {
            Ready rd = node.GetReady();
            for (int f = 0; f < rd.Frames.Count && queued < queue.Length; f++)
            {
                Array.Copy(rd.Frames.Buffer(f), queue[queued], rd.Frames.Length(f));
                queueLength[queued] = rd.Frames.Length(f);
                queueFrom[queued] = i;
                queueTo[queued] = rd.Frames.Destination(f);
                queued++;
            }

            if (rd.HasSnapshot) databases[i].RestoreSnapshot(rd.SnapshotIndex, rd.SnapshotData, 0, rd.SnapshotLength);
            RaftLog log = node.Log;
            for (int index = rd.ApplyFrom; index <= rd.ApplyTo; index++)
                databases[i].Apply(index, log.KindAt(index), log.SlotAt(index), log.ClientAt(index), log.SeqAt(index), log.ValueAt(index), result);
            node.Advance();
            if (node.CompactionDue)
            {
                int length = databases[i].WriteSnapshot(snapshotBuffer, 0);
                node.Compact(databases[i].AppliedIndex, snapshotBuffer, 0, length);
            }
        }
    }
}
