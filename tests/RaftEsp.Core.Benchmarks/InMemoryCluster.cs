namespace RaftEsp.Core.Benchmarks;

/// <summary>
/// Nodes wired through preallocated frame queues, so what is measured is the core and the boards' own host loop
/// (<see cref="ReadyHandler"/>), not the harness. The nodes never restart: nothing is written. Shared with the test
/// project (linked source), whose allocation test runs the same loop.
/// </summary>
internal sealed class InMemoryCluster
{
    public static readonly byte[] Key = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];

    private readonly RaftNode[] nodes;
    private readonly ReadyHandler[] handlers;
    private readonly byte[][] queue;
    private readonly int[] queueLength;
    private readonly int[] queueFrom;
    private readonly int[] queueTo;
    private int queued;
    private int seq;

    public InMemoryCluster(int size, int heartbeatTicks = 1, int compactionThreshold = 48)
    {
        nodes = new RaftNode[size];
        handlers = new ReadyHandler[size];
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
            handlers[i] = new ReadyHandler(nodes[i], new Database(config.DatabaseSlots, config.ClientSessions), new Air(this, i));
        }

        queue = new byte[1024][];
        for (int i = 0; i < queue.Length; i++) queue[i] = new byte[FrameLimits.MaxFrameBytes];
        queueLength = new int[queue.Length];
        queueFrom = new int[queue.Length];
        queueTo = new int[queue.Length];
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

    /// <summary>Hands out every Ready node <paramref name="i"/> has.</summary>
    public void Drain(int i)
    {
        ReadyHandler handler = handlers[i];
        while (handler.Prepare())
        {
            ErrorCode code = handler.Handle();
            if (code != ErrorCode.None) throw new InvalidOperationException("node " + i + " stopped handling its Ready: " + ErrorCodes.Name(code));
        }
    }

    private void Enqueue(int from, int to, byte[] frame, int length)
    {
        if (queued == queue.Length) return; // a full air drops the frame, as a busy radio would
        Array.Copy(frame, queue[queued], length);
        queueLength[queued] = length;
        queueFrom[queued] = from;
        queueTo[queued] = to;
        queued++;
    }

    /// <summary>Node <paramref name="from"/>'s radio: its frames go to the cluster's queue.</summary>
    private sealed class Air(InMemoryCluster cluster, int from) : IFrameSender
    {
        public void Send(int to, byte[] frame, int length) => cluster.Enqueue(from, to, frame, length);
    }
}
