namespace RaftEsp.Core.Tests.Raft.Harness;

/// <summary>
/// Drives one node by hand: feed it crafted messages, read back what it sent, decoded. For paper tests that need
/// an exact interleaving (Figure 8) rather than a whole cluster.
/// </summary>
public sealed class Scripted
{
    private readonly FrameCodec codec = new(1, TestCluster.Key);

    public Scripted(int id, int clusterSize, Action<Config>? tweak = null)
    {
        Host = new SimBoard(() =>
        {
            var c = new Config
            {
                NodeId = id,
                Members = Enumerable.Range(1, clusterSize).Select(i => (byte)i).ToArray(),
                ClusterKey = TestCluster.Key,
                ElectionTicks = 10,
                HeartbeatTicks = 1,
            };
            tweak?.Invoke(c);
            return c;
        });
    }

    public SimBoard Host { get; }
    public RaftNode Node => Host.Node;

    /// <summary>Leader 2's first AppendEntries of term 2 to node 1: four sets of slot 1 (values 0..3), with this commit index.</summary>
    public static Message FourSetsFromLeader2(int commit)
    {
        var append = Msg(MessageType.AppendEntries, 2, 1, 2);
        append.EntriesTerm = 2;
        append.EntryCount = 4;
        for (int k = 0; k < 4; k++) append.SetEntry(k, EntryKind.Set, 1, 0, 0, k);
        append.Commit = commit;
        return append;
    }

    /// <summary>Leader 2's snapshot chunk of term 2 at offset 0, announcing a snapshot of <paramref name="totalLength"/> bytes.</summary>
    public static Message SnapshotChunkFromLeader2(int index, int totalLength, int dataLength)
    {
        var chunk = Msg(MessageType.SnapshotChunk, 2, 1, 2, index: index, logTerm: 2);
        chunk.TotalLength = totalLength;
        chunk.DataLength = dataLength;
        return chunk;
    }

    public static Message Msg(MessageType type, int from, int to, int term, int index = 0, int logTerm = 0, bool reject = false)
    {
        var m = new Message();
        m.Reset();
        m.Type = type;
        m.From = from;
        m.To = to;
        m.Term = term;
        m.Index = index;
        m.LogTerm = logTerm;
        m.Reject = reject;
        return m;
    }

    /// <summary>Encodes, then steps the frame, so the full radio path is exercised.</summary>
    public FrameError Step(Message m)
    {
        var buffer = new byte[FrameLimits.MaxFrameBytes];
        int length = codec.Encode(m, buffer);
        Assert.True(length > 0, "test message must encode");
        return Node.Step(buffer, length);
    }

    /// <summary>Processes Ready and returns every sent frame, decoded.</summary>
    public List<Message> Drain()
    {
        var result = new List<Message>();
        foreach (var f in Host.ProcessReady())
        {
            var m = new Message();
            int to = f.To == NodeId.Broadcast ? 200 : f.To;
            Assert.Equal(FrameError.None, codec.Decode(f.Bytes, f.Bytes.Length, to, m));
            result.Add(m);
        }

        return result;
    }

    /// <summary>Node 1 leads 5 nodes; every follower acknowledged the no-op (index 1, committed) and is in step.</summary>
    public static Scripted LeaderOfFiveInStep(Action<Config>? tweak = null)
    {
        var s = new Scripted(1, 5, tweak);
        s.BecomeLeader(2, 3);
        for (int f = 2; f <= 5; f++) s.Step(Ack(f, 1, s.Node.Term, 1));
        s.Drain();
        Assert.Equal(1, s.Node.CommitIndex);
        return s;
    }

    /// <summary>
    /// <see cref="LeaderOfFiveInStep"/>, then entry 2 broadcast while the leader was idle (and written at once), then
    /// entries 3..8 appended behind it while it was in flight and uncommitted: from entry 5 on four or more are
    /// uncommitted, and four such appends in a row make the leader loaded. <paramref name="idlePass"/> is what entry
    /// 2's pass sent, <paramref name="loadedPasses"/> what the passes of 3..8 sent.
    /// </summary>
    public static Scripted LoadedLeaderOfFive(out List<Message> idlePass, out List<Message> loadedPasses, Action<Config>? tweak = null)
    {
        var s = LeaderOfFiveInStep(tweak);
        Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.Set, 0, 0, 0, 2));
        idlePass = s.Drain();
        Assert.Equal(2, s.Host.Storage.Entries.Max(e => e.Index));
        for (int v = 3; v <= 8; v++) Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.Set, 0, 0, 0, v));
        loadedPasses = s.Drain();
        return s;
    }

    /// <summary>Makes the node leader of <c>term + 1</c> by granting it pre-votes and votes from <paramref name="voters"/>.</summary>
    public List<Message> BecomeLeader(params int[] voters)
    {
        Node.StartElection();
        Drain();
        int term = Node.Term;
        foreach (int v in voters) Step(Msg(MessageType.PreVoteResponse, v, Node.Id, term + 1));
        Drain();
        foreach (int v in voters) Step(Msg(MessageType.VoteResponse, v, Node.Id, Node.Term));
        Assert.Equal(Role.Leader, Node.Role);
        return Drain();
    }

    public static Message Ack(int from, int to, int term, int index, int round = 0)
    {
        var m = Msg(MessageType.AppendResponse, from, to, term, index);
        m.Round = round;
        return m;
    }

    public void Restore(int term, params int[] entryTerms)
    {
        Host.Storage.Term = term;
        for (int i = 0; i < entryTerms.Length; i++)
            Host.Storage.Entries.Add(new SimStorage.StoredEntry(i + 1, entryTerms[i], EntryKind.Set, 0, 0, 0, (i + 1) * 10));
        Host.Crash();
    }
}
