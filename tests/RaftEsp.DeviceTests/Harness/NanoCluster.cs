using RaftEsp.Core;

namespace RaftEsp.DeviceTests.Harness
{
    /// <summary>
    /// A cluster of real <see cref="RaftNode"/>s wired in memory, driven only by <see cref="RaftNode.Tick"/> and
    /// <see cref="RaftNode.Step(byte[], int)"/>: every message is a real encoded, tagged frame. No threads, sockets or
    /// generics, so it runs on the nanoCLR as it runs on the host. Each node's Ready goes through the boards' own host
    /// loop (<see cref="ReadyHandler"/>); the nodes never restart, so nothing is written. Links can be cut and nodes
    /// taken down; everything is preallocated (a board's heap is small), and a full frame queue drops frames, as a busy
    /// radio would.
    /// </summary>
    public sealed partial class NanoCluster
    {
        /// <summary>The cluster key of every test cluster: bytes 00..0f.</summary>
        public static readonly byte[] Key = new byte[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };

        private const int QueueCapacity = 128;

        private readonly RaftNode[] nodes;
        private readonly Database[] databases;
        private readonly ReadyHandler[] handlers;
        private readonly bool[] down;
        private readonly bool[] cut;
        private readonly byte[][] queue;
        private readonly int[] queueLength;
        private readonly int[] queueFrom;
        private readonly int[] queueTo;
        private int queued;
        private int nextSeq = 1;

        /// <summary>Creates <paramref name="size"/> founding voters with ids 0..size-1 and the given shape.</summary>
        public NanoCluster(int size, int databaseSlots, int compactionThreshold)
            : this(size, 0, databaseSlots, compactionThreshold)
        {
        }

        /// <summary>
        /// Creates <paramref name="founders"/> founding voters (ids 0..founders-1) and <paramref name="joiners"/> more
        /// boards (the next ids) flashed with the same key and founding list and <see cref="Config.Join"/>: they are
        /// no members until a leader adds them, and they start down (not yet powered on) until <see cref="BringUp"/>.
        /// </summary>
        public NanoCluster(int founders, int joiners, int databaseSlots, int compactionThreshold)
        {
            int size = founders + joiners;
            nodes = new RaftNode[size];
            databases = new Database[size];
            handlers = new ReadyHandler[size];
            down = new bool[size];
            cut = new bool[size * size];
            byte[] members = new byte[founders];
            for (int i = 0; i < founders; i++) members[i] = (byte)i;
            for (int i = 0; i < size; i++)
            {
                Config config = new Config();
                config.NodeId = i;
                config.Members = members;
                config.Join = i >= founders;
                down[i] = i >= founders;
                config.ClusterKey = Key;
                config.RandomSeed = (uint)(101 + 7 * i);
                config.ElectionTicks = 10;
                config.HeartbeatTicks = 1;
                config.DatabaseSlots = databaseSlots;
                config.CompactionThreshold = compactionThreshold;
                nodes[i] = new RaftNode(config);
                databases[i] = new Database(config.DatabaseSlots, config.ClientSessions);
                handlers[i] = new ReadyHandler(nodes[i], databases[i], new Air(this, i));
            }

            queue = new byte[QueueCapacity][];
            for (int i = 0; i < QueueCapacity; i++) queue[i] = new byte[FrameLimits.MaxFrameBytes];
            queueLength = new int[QueueCapacity];
            queueFrom = new int[QueueCapacity];
            queueTo = new int[QueueCapacity];
        }

        /// <summary>
        /// How many times per tick (and after an accepted proposal) what was sent is delivered: the hops a message
        /// chain may take before the next tick. 8 lets an exchange finish within the tick it starts in; 1 models a slow
        /// radio on which each hop takes a tick, so a multi-frame exchange (a snapshot) spans several ticks.
        /// </summary>
        public int HopsPerTick = 8;

        /// <summary>Number of nodes.</summary>
        public int Size => nodes.Length;

        /// <summary>Frames lost because the in-memory air was full.</summary>
        public int QueueOverflows { get; private set; }

        /// <summary>Readies a node could not finish (an entry or snapshot its database refused, a compaction refused).</summary>
        public int ReadyFaults { get; private set; }

        /// <summary>Node <paramref name="id"/>.</summary>
        public RaftNode Node(int id) => nodes[id];

        /// <summary>The database node <paramref name="id"/> applies committed entries to.</summary>
        public Database DatabaseOf(int id) => databases[id];

        /// <summary>Stops node <paramref name="id"/>: it neither ticks, sends nor hears anything (its state is kept).</summary>
        public void TakeDown(int id) => down[id] = true;

        /// <summary>Lets node <paramref name="id"/> run again (a joiner: powers it on for the first time).</summary>
        public void BringUp(int id) => down[id] = false;

        /// <summary>True while node <paramref name="id"/> runs (not taken down, and a joiner brought up).</summary>
        public bool IsRunning(int id) => !down[id];

        /// <summary>Cuts both directions of the link between <paramref name="a"/> and <paramref name="b"/>.</summary>
        public void Cut(int a, int b)
        {
            cut[a * nodes.Length + b] = true;
            cut[b * nodes.Length + a] = true;
        }

        /// <summary>Cuts every link of node <paramref name="id"/>.</summary>
        public void Isolate(int id)
        {
            for (int other = 0; other < nodes.Length; other++) if (other != id) Cut(id, other);
        }

        /// <summary>Restores every link.</summary>
        public void Heal()
        {
            for (int i = 0; i < cut.Length; i++) cut[i] = false;
        }

        /// <summary>One tick on every live node, then delivery until the air is quiet (at most <see cref="HopsPerTick"/> rounds).</summary>
        public void Run(int ticks)
        {
            for (int t = 0; t < ticks; t++)
            {
                for (int i = 0; i < nodes.Length; i++) if (!down[i]) nodes[i].Tick();
                Deliver(HopsPerTick);
            }
        }

        /// <summary>Runs until a live node leads with every live node following it in its term; returns its id or -1.</summary>
        public int RunUntilStableLeader(int maxTicks)
        {
            for (int t = 0; t < maxTicks; t++)
            {
                Run(1);
                int leader = StableLeader();
                if (leader >= 0) return leader;
            }

            return -1;
        }

        /// <summary>The live leader every live, reachable member of its configuration agrees on, or -1.</summary>
        public int StableLeader()
        {
            int leader = -1;
            for (int i = 0; i < nodes.Length; i++)
            {
                if (down[i] || nodes[i].Role != Role.Leader) continue;
                if (leader >= 0) return -1;
                leader = i;
            }

            if (leader < 0) return -1;
            Configuration members = nodes[leader].Configuration;
            for (int i = 0; i < nodes.Length; i++)
            {
                // A joiner not yet added and a removed board follow no one: only the leader's members must agree.
                if (down[i] || i == leader || cut[i * nodes.Length + leader] || !members.Contains(i)) continue;
                if (nodes[i].Leader != leader || nodes[i].Term != nodes[leader].Term) return -1;
            }

            return leader;
        }

        /// <summary>Number of live nodes that currently believe they lead in <paramref name="term"/>.</summary>
        public int LeadersInTerm(int term)
        {
            int count = 0;
            for (int i = 0; i < nodes.Length; i++) if (!down[i] && nodes[i].Role == Role.Leader && nodes[i].Term == term) count++;
            return count;
        }

        /// <summary>True when every live node has applied at least <paramref name="index"/>.</summary>
        public bool AllApplied(int index)
        {
            for (int i = 0; i < nodes.Length; i++) if (!down[i] && databases[i].AppliedIndex < index) return false;
            return true;
        }

        /// <summary>Ticks until every live node has applied <paramref name="index"/>; false if it does not happen in time.</summary>
        public bool RunUntilApplied(int index, int maxTicks)
        {
            for (int t = 0; t < maxTicks; t++)
            {
                if (AllApplied(index)) return true;
                Run(1);
            }

            return AllApplied(index);
        }

        /// <summary>
        /// Proposes set(slot, value) without a client session (client 0: the Raft tests need no deduplication) through node <paramref name="via"/> (leader, or a follower that
        /// forwards it), retrying on later ticks while the leader's queue is full. Returns the last refusal, or None.
        /// </summary>
        public ErrorCode Set(int via, int slot, int value)
        {
            ErrorCode error = ErrorCode.None;
            for (int attempt = 0; attempt < 50; attempt++)
            {
                error = nodes[via].Propose(EntryKind.Set, slot, 0, 0, value);
                if (error == ErrorCode.None)
                {
                    nextSeq++;
                    Deliver(HopsPerTick);
                    return error;
                }

                if (error != ErrorCode.ProposalQueueFull && error != ErrorCode.LogFull) return error;
                Run(1);
            }

            return error;
        }

        /// <summary>True when every live node's database holds the same slots as node <paramref name="reference"/>'s.</summary>
        public bool DatabasesAgree(int reference)
        {
            Database expected = databases[reference];
            for (int i = 0; i < nodes.Length; i++)
            {
                if (down[i]) continue;
                for (int slot = 0; slot < expected.SlotCount; slot++)
                {
                    expected.Read(slot, out int want);
                    databases[i].Read(slot, out int have);
                    if (want != have) return false;
                }
            }

            return true;
        }

        /// <summary>Hands out every pending Ready, then delivers what was sent, <paramref name="rounds"/> times.</summary>
        public void Deliver(int rounds)
        {
            for (int r = 0; r < rounds; r++)
            {
                for (int i = 0; i < nodes.Length; i++) if (!down[i]) Drain(i);
                int count = queued;
                queued = 0;
                if (count == 0) return;
                for (int q = 0; q < count; q++)
                {
                    int from = queueFrom[q];
                    for (int to = 0; to < nodes.Length; to++)
                    {
                        if (to == from || down[to] || cut[from * nodes.Length + to]) continue;
                        if (queueTo[q] != NodeId.Broadcast && queueTo[q] != to) continue;
                        nodes[to].Step(queue[q], queueLength[q]);
                    }
                }
            }
        }

        /// <summary>Hands out every Ready node <paramref name="id"/> has; what it sends waits in the air for <see cref="Deliver"/>.</summary>
        public void Drain(int id)
        {
            ReadyHandler handler = handlers[id];
            while (handler.Prepare())
            {
                if (handler.Handle() != ErrorCode.None)
                {
                    ReadyFaults++;
                    return; // the node stays mid-Ready and takes no more input, as a stopped board would
                }
            }
        }

        private void Enqueue(int from, int to, byte[] frame, int length)
        {
            if (queued == QueueCapacity)
            {
                QueueOverflows++;
                return;
            }

            System.Array.Copy(frame, queue[queued], length);
            queueLength[queued] = length;
            queueFrom[queued] = from;
            queueTo[queued] = to;
            queued++;
        }

        /// <summary>Node <paramref name="from"/>'s radio: its frames go to the cluster's queue.</summary>
        private sealed class Air : IFrameSender
        {
            private readonly NanoCluster cluster;
            private readonly int from;

            public Air(NanoCluster cluster, int from)
            {
                this.cluster = cluster;
                this.from = from;
            }

            public void Send(int to, byte[] frame, int length) => cluster.Enqueue(from, to, frame, length);
        }
    }
}
