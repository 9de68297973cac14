namespace RaftEsp.Core.Tests.Raft.Harness;

/// <summary>
/// An in-memory cluster on a scripted radio: frames are real encoded, tagged frames; the test decides when time
/// passes, which links drop, and when frames arrive. Deterministic: no threads, no clocks.
/// </summary>
public sealed class TestCluster
{
    public static readonly byte[] Key = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();

    private readonly List<SimBoard.SentFrame> inFlight = new();
    private readonly HashSet<(int, int)> cut = new();
    private readonly HashSet<int> down = new();

    private readonly byte[] founders;
    private readonly Action<Config>? tweak;
    private readonly int electionTicks;
    private readonly int heartbeatTicks;

    public TestCluster(int size, Action<Config>? tweak = null, int electionTicks = 10, int heartbeatTicks = 1)
    {
        Ids = Enumerable.Range(1, size).ToArray();
        founders = Ids.Select(i => (byte)i).ToArray();
        this.tweak = tweak;
        this.electionTicks = electionTicks;
        this.heartbeatTicks = heartbeatTicks;
        foreach (int id in Ids) Hosts[id] = Board(id, join: false, null);
    }

    private SimBoard Board(int nodeId, bool join, Action<Config>? own) => new(() =>
    {
        var c = new Config
        {
            NodeId = nodeId,
            Members = founders,
            ClusterKey = Key,
            RandomSeed = (uint)(1000 + nodeId),
            ElectionTicks = electionTicks,
            HeartbeatTicks = heartbeatTicks,
            Join = join,
        };
        tweak?.Invoke(c);
        own?.Invoke(c);
        return c;
    });

    /// <summary>
    /// Powers on a new board <paramref name="id"/> flashed as a joiner (<see cref="Config.Join"/>: the founders' list,
    /// no membership of its own) on the same radio. The cluster must still add it.
    /// </summary>
    public SimBoard AddJoiner(int id, Action<Config>? own = null)
    {
        Assert.DoesNotContain(id, Ids);
        Hosts[id] = Board(id, join: true, own);
        Ids = [.. Ids, id];
        return Hosts[id];
    }

    /// <summary>Every board on the radio: the founders and any joiner.</summary>
    public int[] Ids { get; private set; }
    public Dictionary<int, SimBoard> Hosts { get; } = new();
    public RaftNode Node(int id) => Hosts[id].Node;

    /// <summary>Frames sent and not yet delivered or dropped.</summary>
    public IReadOnlyList<SimBoard.SentFrame> InFlight => inFlight;

    /// <summary>Every frame ever put on the air, for counting.</summary>
    public List<SimBoard.SentFrame> History { get; } = new();

    public void Cut(int a, int b)
    {
        cut.Add((a, b));
        cut.Add((b, a));
    }

    public void Isolate(int id)
    {
        foreach (int other in Ids) if (other != id) Cut(id, other);
    }

    public void Partition(params int[][] groups)
    {
        Heal();
        foreach (var g in groups)
            foreach (int a in g)
                foreach (int b in Ids.Except(g))
                    Cut(a, b);
    }

    public void Heal() => cut.Clear();

    public void Down(int id) => down.Add(id);

    public void CrashAndRestart(int id)
    {
        inFlight.RemoveAll(f => f.To == id || f.From == id);
        Hosts[id].Crash();
    }

    public void Up(int id) => down.Remove(id);

    /// <summary>Collects what every live node has to send.</summary>
    public void Flush()
    {
        foreach (int id in Ids)
        {
            if (down.Contains(id)) continue;
            foreach (var f in Hosts[id].ProcessReady())
            {
                inFlight.Add(f);
                History.Add(f);
            }
        }
    }

    /// <summary>Delivers every frame in flight once (broadcasts to every other node), then flushes.</summary>
    public int DeliverOnce(Func<SimBoard.SentFrame, int, bool>? drop = null)
    {
        Flush();
        var batch = inFlight.ToList();
        inFlight.Clear();
        foreach (var f in batch)
        {
            foreach (int to in Ids)
            {
                if (to == f.From) continue;
                if (f.To != NodeId.Broadcast && f.To != to) continue;
                if (down.Contains(to) || cut.Contains((f.From, to))) continue;
                if (drop != null && drop(f, to)) continue;
                Hosts[to].Node.Step(f.Bytes, f.Bytes.Length);
            }
        }

        Flush();
        return batch.Count;
    }

    /// <summary>Delivers until the air is quiet (bounded, so a livelock fails instead of hanging).</summary>
    public void Stabilize(int maxRounds = 1000)
    {
        for (int i = 0; i < maxRounds; i++)
        {
            Flush();
            if (inFlight.Count == 0) return;
            DeliverOnce();
        }

        throw new InvalidOperationException("cluster did not quiesce within " + maxRounds + " delivery rounds");
    }

    public void TickAll(int ticks = 1)
    {
        for (int t = 0; t < ticks; t++)
            foreach (int id in Ids)
                if (!down.Contains(id)) Hosts[id].Node.Tick();
    }

    /// <summary>Ticks and delivers until <paramref name="predicate"/> holds; fails after <paramref name="maxTicks"/>.</summary>
    public void RunUntil(Func<bool> predicate, int maxTicks = 2000, string? what = null)
    {
        for (int t = 0; t < maxTicks; t++)
        {
            Stabilize();
            if (predicate()) return;
            TickAll();
        }

        Stabilize();
        if (!predicate()) throw new Xunit.Sdk.XunitException("condition not reached within " + maxTicks + " ticks: " + (what ?? "?"));
    }

    /// <summary>Makes <paramref name="id"/> campaign now and delivers until the election settles.</summary>
    public void Elect(int id)
    {
        Node(id).StartElection();
        Stabilize();
        Assert.Equal(Role.Leader, Node(id).Role);
    }

    public int? Leader()
    {
        var leaders = Ids.Where(i => !down.Contains(i) && Node(i).Role == Role.Leader).ToList();
        var top = leaders.OrderByDescending(i => Node(i).Term).FirstOrDefault();
        return leaders.Count == 0 ? null : top;
    }

    public ErrorCode Set(int via, int slot, int value, int client = 0, int seq = 0) =>
        Node(via).Propose(EntryKind.Set, slot, client, seq, value);

    /// <summary>Registers a client session through <paramref name="via"/> and delivers until it is applied; returns the client id (the entry's index).</summary>
    public int Register(int via, int nonce = 1)
    {
        Assert.Equal(ErrorCode.None, Node(via).Propose(EntryKind.Register, 0, 0, nonce, 0));
        Stabilize();
        TickAll();
        Stabilize();
        return Hosts[via].AppliedLog.Last(a => a.Kind == EntryKind.Register && a.Seq == nonce).Index;
    }
}
