using RaftEsp.Apps;
using RaftEsp.Core;

namespace RaftEsp.Simulator;

/// <summary>
/// A cluster of virtual boards on one simulated ESP-NOW channel, with clients writing through the server node and
/// checkers watching every step. Everything random derives from one seed (<see cref="Seeds"/>): the same seed and
/// options replay the same run bit for bit.
/// </summary>
public sealed partial class Simulation
{
    private readonly List<SimClient> clients = new();
    private readonly List<long> failovers = new();
    private long leaderCrashedAt = -1;
    private int nextOpId;

    public Simulation(SimOptions options, ulong seed)
    {
        if (options.Nodes < 3 || options.Nodes > 9) throw new ArgumentException("a simulated cluster has 3 to 9 nodes");
        Options = options;
        Seeds = new Seeds(seed);
        Events = new EventQueue();
        Checker = new SafetyChecker(Events) { LeaderElected = OnLeaderElected };
        StorageRandom = new SplitMix64(Seeds.Storage);
        Faults = new LinkFaults(options.BoardCapacity)
        {
            Loss = options.Loss,
            Duplication = options.Duplication,
            ReorderMicros = options.ReorderMicros,
        };
        Channel = new Channel(Events, options.Radio, Faults, Seeds.Radio, options.BoardCapacity, id => id < Boards.Count && Boards[id].Up, (to, bytes) => Boards[to].Receive(bytes));
        Channel.FrameDone = from => Boards[from].FrameSent();

        ClientSessions = options.ClientSessions > 0 ? options.ClientSessions : Math.Max(16, options.Clients + 1);
        var keyRandom = new SplitMix64(Seeds.Key);
        for (int i = 0; i < key.Length; i++) key[i] = (byte)keyRandom.NextULong();
        members = Enumerable.Range(0, options.Nodes).Select(i => (byte)i).ToArray();
        var clocks = new SplitMix64(Seeds.Clocks);
        for (int i = 0; i < options.Nodes; i++)
        {
            int id = i;
            long phase = clocks.Between(0, options.TickMicros - 1);
            Boards.Add(new SimulatedBoard(this, id, () => NodeConfig(id, join: false), id == options.ServerNode, options.AlignTicks ? 0 : phase));
        }

        if (options.ReplayAttacks)
        {
            Adversary = new ReplayAdversary(this, Seeds.Radio ^ 0x5EC0_4E7A_11u, options.ReplayIntervalMicros);
            Channel.Heard = Adversary.Heard;
        }

        Config shape = NodeConfig(0, join: false);
        DatabaseSlots = shape.DatabaseSlots;
        MemberCapacity = shape.MemberCapacity;
        PromoteLearners = shape.PromoteLearners;
        Configurations = new ConfigurationChecker(members.Select(m => (int)m), MemberCapacity, Checker.Violation);
        Checker.Committed = (index, entry) => Configurations.OnCommitted(index, entry, Events.Now);
        Checker.Campaigning = Configurations.CheckCampaigner;
        Operator = new MembershipOperator(this);
        membershipRandom = new SplitMix64(Seeds.Membership);
        ClientSessions = shape.ClientSessions; // after the scenarios' tweaks
        var clientSeeds = new SplitMix64(Seeds.Clients);
        for (int c = 1; c <= options.Clients; c++) clients.Add(new SimClient(this, c, clientSeeds.NextULong()));
        foreach (SimClient client in clients) client.Start();
        if (options.ReplayOldRequests) Replayer = new RequestReplayer(this, Seeds.Replays);
        ScheduleLogMatching();
    }

    public SimOptions Options { get; }
    public Seeds Seeds { get; }
    public EventQueue Events { get; }
    public SafetyChecker Checker { get; }
    public LinkFaults Faults { get; }
    public Channel Channel { get; }
    public SplitMix64 StorageRandom { get; }

    /// <summary>The replay adversary, when <see cref="SimOptions.ReplayAttacks"/> is on.</summary>
    public ReplayAdversary? Adversary { get; }
    public List<SimulatedBoard> Boards { get; } = new();
    public List<ClientOp> History { get; } = new();
    public int DatabaseSlots { get; }

    /// <summary>Sessions each board's table holds (<see cref="SimOptions.ClientSessions"/>, or room for every client).</summary>
    public int ClientSessions { get; private set; }

    /// <summary>The adversary that re-sends old acknowledged requests, when <see cref="SimOptions.ReplayOldRequests"/>.</summary>
    public RequestReplayer? Replayer { get; }

    public IReadOnlyList<SimClient> Clients => clients;
    public IReadOnlyList<long> Failovers => failovers;

    /// <summary>Called when a board becomes leader of a term, from inside its step (before its Ready goes out).</summary>
    public Action<int, int>? LeaderWon { get; set; }

    /// <summary>Narration of what happens (leaders, faults), for the console; null when quiet.</summary>
    public Action<string>? Log { get; set; }

    public void Say(string line)
    {
        Narrated?.Invoke(line);
        Log?.Invoke($"{Events.Now / 1000.0,10:F1} ms  {line}");
    }

    /// <summary>Each line of narration, unformatted (the recording's timeline).</summary>
    public Action<string>? Narrated { get; set; }

    /// <summary>Each fault as the recording holds it (crash, restart, partition, heal).</summary>
    public Action<RaftEsp.Recording.RecordBody>? FaultRecorded { get; set; }

    /// <summary>Each answer a client gets.</summary>
    public Action<ClientOp, ServerReply>? ClientReplied { get; set; }
    public long Now => Events.Now;

    private Config NodeConfig(int id, bool join)
    {
        var config = new Config
        {
            NodeId = id,
            Join = join,
            Members = members,
            ClusterKey = key,
            RandomSeed = Seeds.NodeSeed(id),
            ClientSessions = ClientSessions,
            ReplayProtection = true, // as every board runs (BoardConfig.ToRaftConfig)
        };
        if (Options.PreferServer) config.PreferredLeader = Options.ServerNode;
        if (Options.Naive)
        {
            config.MaxEntriesPerFrame = 1;
            config.Broadcast = false;
            config.OwnWriteDeferralTicks = 0;
        }

        Options.Tweak?.Invoke(config);
        return config;
    }

    // ---- clients ----

    public ClientOp NewOp(int sender, int client, int seq, OpKind kind, int slot, int value)
    {
        var op = new ClientOp { Id = ++nextOpId, Sender = sender, Client = client, Seq = seq, Kind = kind, Slot = slot, Value = value, Invoked = Events.Now };
        History.Add(op);
        return op;
    }

    /// <summary>A copy of the acknowledged write <paramref name="original"/>, re-sent now; kept out of <see cref="History"/>.</summary>
    public ClientOp NewReplay(ClientOp original) => new()
    {
        Id = ++nextOpId, Client = original.Client, Seq = original.Seq, Kind = original.Kind, Slot = original.Slot,
        Value = original.Value, Invoked = Events.Now, ReplayOf = original,
    };

    public void SendToServer(ClientOp op, long latency) =>
        Events.After(latency, () => Boards[Options.ServerNode].ClientRequest(op));

    public void ReplyToClient(ClientOp op, ServerReply reply)
    {
        ClientReplied?.Invoke(op, reply);
        if (op.ReplayOf != null)
        {
            Events.After(Options.ClientLinkMicros, () => Replayer!.OnReply(op, reply));
            return;
        }

        SimClient client = clients[op.Sender - 1];
        Events.After(Options.ClientLinkMicros, () => client.OnReply(op, reply));
    }

    /// <summary>Clients finish what they started and start nothing new.</summary>
    public void DrainClients()
    {
        foreach (SimClient c in clients) c.Draining = true;
        Replayer?.Stop();
    }

    public bool ClientsIdle => clients.TrueForAll(c => c.Idle);

    // ---- faults ----

    public void Crash(int id)
    {
        SimulatedBoard board = Boards[id];
        if (!board.Up) return;
        bool wasLeader = Leader() == id;
        if (wasLeader) leaderCrashedAt = Events.Now;
        board.Crash();
        FaultRecorded?.Invoke(new RaftEsp.Recording.CrashRecord(id, true));
        Say($"node {id}{(wasLeader ? " (the leader)" : "")} crashes");
    }

    public void Restart(int id)
    {
        if (Boards[id].Up) return;
        Boards[id].Restart();
        FaultRecorded?.Invoke(new RaftEsp.Recording.CrashRecord(id, false));
        Say($"node {id} restarts from its flash");
    }

    public void Isolate(int id)
    {
        Faults.Isolate(id);
        FaultRecorded?.Invoke(new RaftEsp.Recording.PartitionRecord(new[] { new[] { id }, Enumerable.Range(0, Boards.Count).Where(b => b != id).ToArray() }));
        Say($"node {id} is cut off from the others");
    }

    public void Partition(params int[][] groups)
    {
        Faults.Partition(groups);
        FaultRecorded?.Invoke(new RaftEsp.Recording.PartitionRecord(groups));
        Say("partition: " + string.Join(" | ", groups.Select(g => string.Join(",", g))));
    }

    public void Heal()
    {
        Faults.HealAll();
        FaultRecorded?.Invoke(new RaftEsp.Recording.PartitionRecord(null));
        Say("the radio heals");
    }

    private void OnLeaderElected(int node, int term)
    {
        Say($"node {node} leads term {term}");
        if (Leader() == node) Configurations.CheckInForce(Boards[node]);
        LeaderWon?.Invoke(node, term);
        if (leaderCrashedAt < 0) return;
        failovers.Add(Events.Now - leaderCrashedAt);
        leaderCrashedAt = -1;
    }

    // ---- running ----

    public void RunFor(long micros) => Events.RunUntil(Events.Now + micros);

    /// <summary>Runs until <paramref name="condition"/> holds (checked every 10 ms) or the timeout; true if it held.</summary>
    public bool RunUntil(Func<bool> condition, long timeoutMicros)
    {
        long deadline = Events.Now + timeoutMicros;
        while (Events.Now < deadline)
        {
            if (condition()) return true;
            Events.RunUntil(Math.Min(deadline, Events.Now + 10_000));
        }

        return condition();
    }

    private void ScheduleLogMatching() =>
        Events.After(100_000, () =>
        {
            Checker.CheckLogMatching(Boards);
            Configurations.Check(Boards, Leader());
            ScheduleLogMatching();
        });

    /// <summary>The up board that leads the highest term, or <see cref="NodeId.None"/>.</summary>
    public int Leader()
    {
        int best = NodeId.None;
        foreach (SimulatedBoard b in Boards)
            if (b.Up && b.Node.Role == Role.Leader && (best == NodeId.None || b.Node.Term > Boards[best].Node.Term))
                best = b.Id;
        return best;
    }

    /// <summary>
    /// One board leads, and every member of its configuration is up and has committed and applied the same index and
    /// holds the same database (a removed board keeps running but gets no more entries). When learners are promoted,
    /// none is left a learner.
    /// </summary>
    public bool Converged()
    {
        int leader = Leader();
        if (leader == NodeId.None) return false;
        RaftNode l = Boards[leader].Node;
        if (l.CommitIndex < l.Log.LastIndex) return false;
        if (PromoteLearners && l.Learners.Count > 0) return false;
        int[] reference = Values(Boards[leader]);
        foreach (SimulatedBoard b in Boards)
        {
            if (!l.Configuration.Contains(b.Id)) continue;
            if (!b.Up || b.Node.CommitIndex != l.CommitIndex || b.Database.AppliedIndex != l.CommitIndex) return false;
            if (!Values(b).AsSpan().SequenceEqual(reference)) return false;
        }

        return true;
    }

    public static int[] Values(SimulatedBoard board)
    {
        var values = new int[board.Database.SlotCount];
        for (int i = 0; i < values.Length; i++) board.Database.Read(i, out values[i]);
        return values;
    }

    /// <summary>
    /// The liveness phase: heal every fault, restart every board, let clients finish, and require a leader and a
    /// converged cluster within <see cref="SimOptions.LivenessBoundMicros"/>. Returns the time it took, or -1.
    /// </summary>
    public long HealAndConverge()
    {
        Heal();
        Faults.Loss = Options.Loss;
        foreach (SimulatedBoard b in Boards) Restart(b.Id);
        DrainClients();
        Operator.Drain();
        long start = Events.Now;
        bool ok = RunUntil(() => ClientsIdle && Operator.Idle && Converged(), Options.LivenessBoundMicros);
        if (!ok)
        {
            int leader = Leader();
            Checker.Violation($"Liveness: {Options.LivenessBoundMicros / 1_000_000.0:F0} s after healing, " +
                              (leader == NodeId.None ? "no leader" : $"leader {leader} but the cluster has not converged ({Describe()})") +
                              (Operator.Idle ? "" : "; membership change not done: " + Operator.Current) +
                              (leader == NodeId.None ? "" : LearnerProgress(Boards[leader].Node)) +
                              (ClientsIdle ? "" : "; unanswered: " + string.Join(", ", clients.Where(c => !c.Idle).Select(c => c.Current + $" (attempts {c.Current!.Attempts}, last error {c.Current.LastError})"))));
            return -1;
        }

        return Events.Now - start;
    }

    /// <summary>The end-of-run checks: linearizability per slot and durability of acknowledged writes.</summary>
    public void FinalChecks()
    {
        Checker.CheckLogMatching(Boards);
        foreach (string v in HistoryChecker.Check(this)) Checker.Violation(v);
    }

    /// <summary>Why a leader may not have promoted its learners (for the liveness report).</summary>
    private static string LearnerProgress(RaftNode leader)
    {
        var parts = new List<string>();
        for (int i = 0; i < leader.Learners.Count; i++)
        {
            int id = leader.Learners.IdAt(i);
            Progress pr = leader.ProgressOf(id);
            parts.Add($"learner {id}: {pr.State} match {pr.Match} recently active {pr.RecentActive}");
        }

        return parts.Count == 0 ? "" : $"; leader's transfer target {leader.TransferTarget}, {string.Join(", ", parts)}";
    }

    public string Describe() => string.Join("; ", Boards.Select(b =>
        $"n{b.Id} {(b.Up ? Roles.Name(b.Node.Role) : "down")} t{b.Node.Term} c{b.Node.CommitIndex} a{b.Database.AppliedIndex} l{b.Node.Log.LastIndex}" +
        (Boards.Count > Options.Nodes || Configurations.Lineage.Count > 1 ? " " + MemberSet.Of(b.Node) : "")));
}
