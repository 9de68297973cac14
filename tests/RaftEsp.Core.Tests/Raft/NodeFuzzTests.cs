using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Raft;

/// <summary>
/// Issue 2, section 7: at least 100,000 bad frames per run, random and mutated, fed to a running follower (in the
/// middle of receiving a snapshot), a leader (followers probing, replicating and receiving a snapshot, a read
/// waiting) and a candidate, from samples that include membership entries and a TransferRequest. No exception may
/// escape, and a dropped frame may change nothing: the whole state of the node and its database is captured before
/// and after (<see cref="StateCapture"/>), and the drop counters must count exactly the reason returned. Frames the
/// mutations leave authentic and well formed (a re-sealed body that still decodes) are legitimate input; they are
/// stepped like any other and the next frame is checked against the new state.
/// </summary>
public class NodeFuzzTests
{
    private const int BadFramesPerTarget = 34_000; // three targets: 102,000 per run
    private const int MaxFramesPerTarget = 60_000;
    private static readonly byte[] OtherKey = Enumerable.Range(100, 16).Select(i => (byte)i).ToArray();

    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("RAFTESP_FUZZ_SEED"), out int s) ? s : 20261122;

    private static string Replay(int seed) =>
        "seed " + seed + "; replay: RAFTESP_FUZZ_SEED=" + seed + " dotnet test tests/RaftEsp.Core.Tests --filter FullyQualifiedName~" + nameof(NodeFuzzTests);

    [Fact]
    public void Over_100000_bad_frames_to_a_follower_a_leader_and_a_candidate_change_nothing()
    {
        int seed = Seed;
        var random = new Random(seed);
        List<byte[]> samples = Samples();
        int total = 0;
        total += Feed("follower receiving a snapshot", () => FollowerReceivingSnapshot(), Role.Follower, samples, random, seed);
        total += Feed("leader with followers in progress", () => LeaderWithFollowersInProgress(), Role.Leader, samples, random, seed);
        total += Feed("candidate", () => Candidate(), Role.Candidate, samples, random, seed);
        Assert.True(total >= 100_000, "at least 100,000 bad frames per run (" + total + "); " + Replay(seed));
    }

    /// <summary>The host's pending work done (a due compaction among it), so what a dropped frame's answer does is its own.</summary>
    private static SimBoard Settled(SimBoard board)
    {
        board.ProcessReady();
        // A flush after the last Ready can make compaction due without a Ready to carry it out: do it now.
        if (board.Node.CompactionDue) board.Compact();
        return board;
    }

    /// <summary>Feeds one target until it has rejected <see cref="BadFramesPerTarget"/> frames; returns how many it rejected.</summary>
    private static int Feed(string what, Func<SimBoard> build, Role role, List<byte[]> samples, Random random, int seed)
    {
        SimBoard target = Settled(build());
        Assert.Equal(role, target.Node.Role);
        byte[] core = StateCapture.Core(target.Node, target.Database);
        byte[] outgoing = StateCapture.Outgoing(target.Node);
        var rejectedBy = new Dictionary<FrameError, int>();
        int rejected = 0;
        int rebuilt = 0;
        int frames = 0;
        for (; frames < MaxFramesPerTarget && rejected < BadFramesPerTarget; frames++)
        {
            RaftNode node = target.Node;
            (byte[] frame, int length) = Mutate(samples[random.Next(samples.Count)], node, random);
            int dropsBefore = node.Drops.Total;
            FrameError error;
            try
            {
                error = node.Step(frame, length);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException(what + ": Step threw on frame " + Hex(frame, length) + " (" + Replay(seed) + "): " + e);
            }

            if (error == FrameError.None)
            {
                // Authentic and well formed: a legitimate input. Handle it like a board, and go on from there. A
                // re-sealed snapshot chunk can carry damaged data no real leader sends; the database refuses it
                // (a board stops with a fault), and the test goes on with a fresh target.
                bool refused = false;
                try
                {
                    target.ProcessReady();
                }
                catch (InvalidOperationException e) when (e.Message.Contains("bad-snapshot"))
                {
                    refused = true;
                }

                if (refused || target.Node.Role != role)
                {
                    target = Settled(build());
                    rebuilt++;
                }

                Settled(target);
                core = StateCapture.Core(target.Node, target.Database);
                outgoing = StateCapture.Outgoing(target.Node);
                continue;
            }

            rejected++;
            rejectedBy[error] = rejectedBy.GetValueOrDefault(error) + 1;
            string context = what + ": frame " + Hex(frame, length) + " dropped as " + error + " ";
            Assert.True(node.Drops.Total == dropsBefore + 1 && node.Drops.Get(error) > 0, context + "must count exactly one drop; " + Replay(seed));
            byte[] after = StateCapture.Core(node, target.Database);
            if (!after.AsSpan().SequenceEqual(core))
            {
                int at = FirstDifference(core, after);
                throw new Xunit.Sdk.XunitException(context + "changed " + StateCapture.PathAt(node, target.Database, at) + "; " + Replay(seed));
            }

            byte[] afterOutgoing = StateCapture.Outgoing(node);
            if (error == FrameError.StaleTerm)
            {
                // A stale leader or pre-candidate is told the newer term (docs/design.md): an answer may leave, nothing else.
                target.ProcessReady();
                byte[] answered = StateCapture.Core(node, target.Database);
                if (!answered.AsSpan().SequenceEqual(core))
                {
                    string path = StateCapture.PathAt(node, target.Database, FirstDifference(core, answered));
                    throw new Xunit.Sdk.XunitException(context + "changed " + path + " when answered; " + Replay(seed));
                }
                outgoing = StateCapture.Outgoing(node);
            }
            else if (!afterOutgoing.AsSpan().SequenceEqual(outgoing))
            {
                throw new Xunit.Sdk.XunitException(context + "changed the outbox or the Ready; " + Replay(seed));
            }
        }

        Assert.True(rejected >= BadFramesPerTarget, what + ": only " + rejected + " of " + frames + " frames were bad; " + Replay(seed));
        // The mutations must reach past the envelope into the decoder's field checks and the term rules.
        foreach (FrameError reason in new[] { FrameError.TooShort, FrameError.BadVersion, FrameError.WrongCluster, FrameError.NotForMe, FrameError.BadTag, FrameError.UnknownSender, FrameError.StaleTerm })
            Assert.True(rejectedBy.GetValueOrDefault(reason) > 0, what + ": no frame was dropped as " + reason + "; " + Replay(seed));
        Assert.True(rejectedBy.Keys.Any(k => k is not (FrameError.TooShort or FrameError.TooLong or FrameError.BadVersion or FrameError.WrongCluster or FrameError.NotForMe or FrameError.FromSelf or FrameError.BadTag or FrameError.UnknownSender or FrameError.StaleTerm)),
            what + ": no authentic frame failed a body check; " + Replay(seed));
        Assert.True(rebuilt < frames / 20, what + ": the target lost its role too often to be tested (" + rebuilt + " rebuilds)");
        return rejected;
    }

    /// <summary>
    /// A valid frame of the cluster, readdressed to the target and re-sealed, then damaged one way: garbage, a bit
    /// flip, truncation, a wrong tag, another cluster, or an authentic re-sealed frame with a bad body or header.
    /// </summary>
    private static (byte[] Frame, int Length) Mutate(byte[] sample, RaftNode target, Random random)
    {
        var codec = target.Codec;
        byte[] frame = new byte[FrameLimits.MaxFrameBytes + 16];
        int length = sample.Length;
        Array.Copy(sample, frame, length);
        int body = length - FrameLimits.TagBytes;
        frame[5] = random.Next(3) == 0 ? (byte)NodeId.Broadcast : (byte)target.Id;
        if (frame[4] == target.Id) frame[4] = (byte)(target.Id == 1 ? 2 : 1);
        codec.SealAsWritten(frame, body);
        switch (random.Next(12))
        {
            case 0: // garbage of any length
                length = random.Next(FrameLimits.MaxFrameBytes + 8);
                random.NextBytes(frame.AsSpan(0, length));
                break;
            case 1: // a bit flipped in the air
                frame[random.Next(length)] ^= (byte)(1 << random.Next(8));
                break;
            case 2: // truncated
                length = random.Next(length);
                break;
            case 3: // tagged with a key that is not the cluster's
                new FrameCodec(codec.ClusterId, OtherKey).SealAsWritten(frame, body);
                break;
            case 4: // another cluster's frame, authentic under its own key
                frame[1] ^= (byte)(1 + random.Next(255));
                new FrameCodec(frame[1] | (frame[2] << 8), OtherKey).SealAsWritten(frame, body);
                break;
            case 5: // a future protocol version
                frame[0] = (byte)(2 + random.Next(254));
                codec.SealAsWritten(frame, body);
                break;
            case 6: // authentic, sent by a board outside the membership
                frame[4] = (byte)(100 + random.Next(155));
                codec.SealAsWritten(frame, body);
                break;
            case 7: // authentic, for another board
                frame[5] = (byte)(target.Id + 1 + random.Next(50));
                codec.SealAsWritten(frame, body);
                break;
            case 8: // authentic, of an older term
                int term = target.Term;
                Bytes.WriteI32(frame, 6, term > 0 ? random.Next(term) : 0);
                codec.SealAsWritten(frame, body);
                break;
            case 9: // authentic, with an unknown or mismatched type
                frame[3] = (byte)random.Next(256);
                codec.SealAsWritten(frame, body);
                break;
            case 10: // authentic, body cut short or padded
                int cut = FrameLimits.HeaderBytes + random.Next(Math.Max(1, body - FrameLimits.HeaderBytes + 6));
                if (cut + FrameLimits.TagBytes > FrameLimits.MaxFrameBytes) cut = FrameLimits.MaxFrameBytes - FrameLimits.TagBytes;
                if (cut > body) random.NextBytes(frame.AsSpan(body, cut - body));
                length = codec.SealAsWritten(frame, cut);
                break;
            default: // authentic, with a body byte replaced: the decoder's field checks (or a legitimate frame)
                if (body > FrameLimits.HeaderBytes) frame[FrameLimits.HeaderBytes + random.Next(body - FrameLimits.HeaderBytes)] = (byte)random.Next(256);
                codec.SealAsWritten(frame, body);
                break;
        }

        return (frame, length);
    }

    /// <summary>Every kind of frame a cluster sends: elections, appends, acks, snapshot chunks, proposals, reads.</summary>
    private static List<byte[]> Samples()
    {
        TestCluster c = ClusterWithLaggingFollower();
        c.Node(2).Propose(EntryKind.Set, 3, 9, 9, 1); // forwarded by a follower
        c.Node(3).ReadIndex(5);
        c.Stabilize();
        c.Up(5);
        for (int t = 0; t < 20; t++)
        {
            c.TickAll();
            c.Stabilize();
        }

        // Membership frames too: a change forwarded and appended, then a follower's TransferRequest (§4.1, §3.10).
        Assert.Equal(ErrorCode.None, c.Node(2).Propose(EntryKind.AddLearner, 0, 0, 0, 6));
        c.Stabilize();
        Assert.True(c.Node(1).Learners.Contains(6));
        Assert.Equal(ErrorCode.None, c.Node(3).RequestTransfer(2));
        c.Stabilize();

        var samples = c.History.Select(f => f.Bytes).ToList();
        Assert.Contains(c.History, f => f.Type == MessageType.TransferRequest);
        Assert.Contains(c.History, f => f.Type == MessageType.SnapshotChunk);
        Assert.Contains(c.History, f => f.Type == MessageType.Propose);
        Assert.Contains(c.History, f => f.Type == MessageType.ReadIndexResponse);
        return samples;
    }

    /// <summary>Five boards, node 1 leads; node 5 was down while 90 commands committed and were compacted away.</summary>
    private static TestCluster ClusterWithLaggingFollower()
    {
        var c = new TestCluster(5, cfg => { cfg.DatabaseSlots = 8; cfg.ClientSessions = 64; cfg.CompactionThreshold = 16; });
        c.Elect(1);
        c.Down(5);
        // Sessions make the snapshot span several chunks; enough entries that the leader runs short of room and
        // compacts although node 5 lacks them.
        int[] clients = Enumerable.Range(1, 30).Select(n => c.Register(1, n)).ToArray();
        for (int i = 0; i < 90; i++)
        {
            Assert.Equal(ErrorCode.None, c.Set(1, i % 8, int.MinValue + i * 7919, client: clients[i % 30], seq: 1 + i / 30));
            c.Stabilize();
        }

        Assert.True(c.Node(1).Log.SnapshotIndex > 0, "the leader must have compacted");
        return c;
    }

    /// <summary>Node 5 got the first chunk of the leader's snapshot and was then cut off: a transfer in progress.</summary>
    private static SimBoard FollowerReceivingSnapshot()
    {
        TestCluster c = ClusterWithLaggingFollower();
        c.Up(5);
        for (int t = 0; t < 20 && c.Node(5).Stats.SnapshotsInstalled == 0; t++)
        {
            c.TickAll();
            c.DeliverOnce((f, to) => to == 5 && f.Type == MessageType.SnapshotChunk && Receiving(c.Node(5)));
            if (Receiving(c.Node(5))) break;
        }

        Assert.True(Receiving(c.Node(5)), "node 5 must be in the middle of a snapshot transfer");
        c.Isolate(5);
        c.Hosts[5].ProcessReady();
        return c.Hosts[5];
    }

    /// <summary>Node 1 leads with node 5 receiving a snapshot, node 4 probing after a lost frame, and a read waiting.</summary>
    private static SimBoard LeaderWithFollowersInProgress()
    {
        TestCluster c = ClusterWithLaggingFollower();
        c.Up(5);
        c.TickAll();
        c.DeliverOnce((f, to) => to == 4 || (f.Type == MessageType.SnapshotChunk && f.To == 5 && Receiving(c.Node(5))));
        Assert.Equal(ErrorCode.None, c.Set(1, 0, 42));
        c.Isolate(1);
        Assert.Equal(ErrorCode.None, c.Node(1).ReadIndex(77));
        c.Hosts[1].ProcessReady();
        RaftNode leader = c.Node(1);
        Assert.Equal(ProgressState.Snapshot, leader.ProgressOf(5).State);
        Assert.True(leader.Log.LastIndex > leader.CommitIndex, "an entry must be waiting for acknowledgements");
        return c.Hosts[1];
    }

    /// <summary>Node 4 of a cluster without PreVote campaigns while cut off: a candidate waiting for votes.</summary>
    private static SimBoard Candidate()
    {
        var c = new TestCluster(5, cfg => cfg.PreVote = false);
        c.Elect(1);
        c.Set(1, 1, 11);
        c.Stabilize();
        c.Isolate(4);
        c.Node(4).StartElection();
        c.Hosts[4].ProcessReady();
        return c.Hosts[4];
    }

    private static bool Receiving(RaftNode node) =>
        (bool)typeof(RaftNode).GetField("incomingActive", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!.GetValue(node)!;

    private static int FirstDifference(byte[] a, byte[] b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++) if (a[i] != b[i]) return i;
        return n;
    }

    private static string Hex(byte[] frame, int length) => Convert.ToHexString(frame, 0, Math.Clamp(length, 0, frame.Length));
}
