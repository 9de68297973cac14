using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Raft;

/// <summary>§5.3 log replication and §5.4.2 the commit rule.</summary>
public class ReplicationTests
{
    [Fact]
    public void S5_3_a_committed_command_reaches_every_database()
    {
        var c = new TestCluster(5);
        c.Elect(1);
        Assert.Equal(ErrorCode.None, c.Set(1, 3, 42));
        c.Stabilize();
        c.TickAll();
        c.Stabilize();
        Assert.All(c.Ids, i => Assert.Equal(42, c.Hosts[i].Values()[3]));
        Assert.All(c.Ids, i => Assert.Equal(c.Node(1).CommitIndex, c.Node(i).CommitIndex));
    }

    [Fact]
    public void S5_3_a_follower_rejects_entries_whose_previous_entry_does_not_match_and_hints_where_to_resume()
    {
        var s = new Scripted(1, 3);
        s.Restore(3, 1, 1, 2, 2);
        var append = Scripted.Msg(MessageType.AppendEntries, 2, 1, 3, index: 4, logTerm: 3);
        s.Step(append);
        var reply = s.Drain().Single();
        Assert.True(reply.Reject);
        Assert.Equal(4, reply.Index);
        // Our entries with terms above 3 would be skipped; term 2 <= 3, so the hint is index 4 itself with term 2.
        Assert.Equal(4, reply.HintIndex);
        Assert.Equal(2, reply.HintTerm);
        Assert.Equal(4, s.Node.Log.LastIndex);
    }

    [Fact]
    public void S5_3_a_follower_drops_a_conflicting_suffix_and_takes_the_leaders_entries()
    {
        var s = new Scripted(1, 3);
        s.Restore(3, 1, 1, 2, 2);
        var append = Scripted.Msg(MessageType.AppendEntries, 2, 1, 3, index: 2, logTerm: 1);
        append.EntriesTerm = 3;
        append.EntryCount = 1;
        append.SetEntry(0, EntryKind.Set, 1, 0, 0, 77);
        append.Commit = 3;
        s.Step(append);
        var reply = s.Drain().Single();
        Assert.False(reply.Reject);
        Assert.Equal(3, reply.Index);
        Assert.Equal(3, s.Node.Log.LastIndex);
        Assert.Equal(3, s.Node.Log.TermAt(3));
        Assert.Equal(77, s.Node.Log.ValueAt(3));
        Assert.Equal(3, s.Node.CommitIndex);
        Assert.Equal([1, 1, 3], s.Host.Storage.Entries.Select(e => e.Term));
    }

    [Fact]
    public void S5_3_a_follower_commits_no_further_than_the_last_entry_the_frame_vouched_for()
    {
        var s = new Scripted(1, 3);
        s.Restore(1, 1, 1, 1, 1, 1);
        // Leader commit is 5, but this frame only proves index 2 matches: entries 3..5 could be stale.
        var heartbeat = Scripted.Msg(MessageType.AppendEntries, 2, 1, 2, index: 2, logTerm: 1);
        heartbeat.Commit = 5;
        s.Step(heartbeat);
        s.Drain();
        Assert.Equal(2, s.Node.CommitIndex);
    }

    [Fact]
    public void S5_4_2_Figure8_a_leader_does_not_commit_an_entry_of_an_earlier_term_by_counting_replicas()
    {
        var s = new Scripted(1, 5);
        s.Restore(3, 1, 2);
        s.BecomeLeader(2, 3); // term 4, appends a no-op at index 3
        Assert.Equal(4, s.Node.Term);
        Assert.Equal(3, s.Node.Log.LastIndex);
        // Index 2 (term 2) now sits on a majority: nodes 1, 2, 3.
        s.Step(Scripted.Ack(2, 1, 4, 2));
        s.Step(Scripted.Ack(3, 1, 4, 2));
        s.Drain();
        Assert.Equal(0, s.Node.CommitIndex);
        // Once the term-4 entry is on a majority, it commits, and index 2 with it.
        s.Step(Scripted.Ack(2, 1, 4, 3));
        s.Step(Scripted.Ack(3, 1, 4, 3));
        s.Drain();
        Assert.Equal(3, s.Node.CommitIndex);
    }

    [Fact]
    public void S5_3_a_leader_counts_its_own_entries_only_once_they_are_durable()
    {
        var s = new Scripted(1, 3);
        s.BecomeLeader(2);
        s.Node.Propose(EntryKind.Set, 0, 0, 0, 5);
        s.Step(Scripted.Ack(2, 1, s.Node.Term, 2)); // the follower already has index 2 ...
        Assert.Equal(1, s.Node.CommitIndex); // ... but the leader has not persisted it: only the no-op has a majority
        Ready rd = s.Node.GetReady();
        Assert.Equal(2, rd.PersistTo);
        s.Node.Advance();
        Assert.Equal(2, s.Node.CommitIndex);
    }

    [Theory]
    [InlineData("a", new[] { 1, 1, 1, 4, 4, 5, 5, 6, 6 })]
    [InlineData("b", new[] { 1, 1, 1, 4 })]
    [InlineData("c", new[] { 1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6 })]
    [InlineData("d", new[] { 1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7 })]
    [InlineData("e", new[] { 1, 1, 1, 4, 4, 4, 4 })]
    [InlineData("f", new[] { 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3 })]
    public void S5_3_Figure7_the_leader_brings_each_follower_log_in_line_with_its_own(string follower, int[] followerTerms)
    {
        int[] leaderTerms = [1, 1, 1, 4, 4, 5, 5, 6, 6, 6];
        var c = new TestCluster(3, cfg => { cfg.ElectionTicks = 1000; cfg.CheckQuorum = false; });
        Preload(c.Hosts[1], 7, leaderTerms);
        Preload(c.Hosts[2], 7, leaderTerms); // the second voter: leader 1 wins with it
        Preload(c.Hosts[3], 7, followerTerms);
        c.Cut(2, 3); // node 3 learns its log only from node 1
        c.Elect(1);
        c.Node(1).Propose(EntryKind.Set, 0, 0, 0, 1);
        for (int i = 0; i < 20; i++)
        {
            c.TickAll();
            c.Stabilize();
        }

        var want = c.Hosts[1].Storage.Entries.Select(e => (e.Index, e.Term, e.Value)).ToList();
        var got = c.Hosts[3].Storage.Entries.Select(e => (e.Index, e.Term, e.Value)).ToList();
        Assert.True(want.SequenceEqual(got), "follower " + follower + " did not converge");
        Assert.Equal(c.Node(1).CommitIndex, c.Node(3).CommitIndex);
    }

    internal static void Preload(SimBoard host, int term, int[] terms)
    {
        host.Storage.Term = term;
        host.Storage.Entries.Clear();
        for (int i = 0; i < terms.Length; i++)
            host.Storage.Entries.Add(new SimStorage.StoredEntry(i + 1, terms[i], EntryKind.Set, 0, 0, 0, terms[i] * 100 + i));
        host.Crash();
    }

    [Fact]
    public void Fast_backtracking_needs_one_round_trip_per_conflicting_term_not_per_entry()
    {
        int[] leaderTerms = [1, 1, 1, 4, 4, 5, 5, 6, 6, 6];
        int[] followerF = [1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3];
        var c = new TestCluster(3, cfg => { cfg.ElectionTicks = 1000; cfg.CheckQuorum = false; });
        Preload(c.Hosts[1], 7, leaderTerms);
        Preload(c.Hosts[2], 7, leaderTerms);
        Preload(c.Hosts[3], 7, followerF);
        c.Cut(2, 3);
        c.Elect(1);
        c.TickAll();
        c.Stabilize();
        int rejections = c.History.Count(f => f.From == 3 && f.Type == MessageType.AppendResponse && Decode(f).Reject);
        Assert.InRange(rejections, 1, 3); // one per distinct conflicting term (3, 2), not one per entry (8)
    }

    private static Message Decode(SimBoard.SentFrame f)
    {
        var m = new Message();
        new FrameCodec(1, TestCluster.Key).Decode(f.Bytes, f.Bytes.Length, f.To == NodeId.Broadcast ? 200 : f.To, m);
        return m;
    }
}
