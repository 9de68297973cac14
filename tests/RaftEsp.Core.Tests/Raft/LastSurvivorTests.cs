using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Raft;

/// <summary>Behaviours found untested by mutants that survived the first round of new tests (docs/testing.md).</summary>
public class LastSurvivorTests
{
    [Fact]
    public void A_null_frame_is_dropped_as_too_short_without_an_exception()
    {
        var s = new Scripted(1, 3);
        Assert.Equal(FrameError.TooShort, s.Node.Step(null!, 0));
        Assert.Equal(FrameError.TooShort, s.Node.Step(new byte[10], 11));
        Assert.Equal(2, s.Node.Drops.Get(FrameError.TooShort));
    }

    [Fact]
    public void S5_3_an_append_delivered_twice_changes_nothing_the_second_time()
    {
        var s = new Scripted(1, 3);
        s.Restore(2);
        var append = Scripted.Msg(MessageType.AppendEntries, 2, 1, 2);
        append.EntriesTerm = 2;
        append.EntryCount = 3;
        for (int k = 0; k < 3; k++) append.SetEntry(k, EntryKind.Set, k, 0, 0, 10 + k);
        s.Step(append);
        Assert.Equal(3, Assert.Single(s.Drain()).Index);
        var tail = Scripted.Msg(MessageType.AppendEntries, 2, 1, 2, index: 3, logTerm: 2);
        tail.EntriesTerm = 2;
        tail.EntryCount = 1;
        tail.SetEntry(0, EntryKind.Set, 4, 0, 0, 99);
        s.Step(tail);
        s.Drain();

        s.Step(append); // the radio duplicated the first frame and it arrives late
        Assert.Equal(3, Assert.Single(s.Drain()).Index);
        Assert.Equal(4, s.Node.Log.LastIndex); // entry 4 is not truncated by an older, shorter frame
        Assert.Equal(99, s.Node.Log.ValueAt(4));
        Assert.Equal(4, s.Host.Storage.Entries.Count);
    }

    [Fact]
    public void S5_3_a_stale_hint_just_below_the_match_still_resumes_after_the_match()
    {
        var p = new Progress(2, 2);
        p.ResetForLeader(10);
        p.MaybeUpdate(3);
        p.Next = 8;
        Assert.True(p.MaybeDecreaseTo(7, 2));
        Assert.Equal(4, p.Next);
    }

    [Fact]
    public void Advance_without_a_Ready_handed_out_changes_nothing()
    {
        var s = new Scripted(1, 3);
        s.Host.Storage.Commit = 2;
        s.Restore(2, 1, 1, 2);
        s.Node.Advance();
        Assert.Equal(0, s.Node.AppliedIndex);
        s.Node.Flush();
        Assert.True(s.Node.HasReady);
    }

    [Fact]
    public void Starting_an_election_on_a_leader_does_nothing()
    {
        var s = new Scripted(1, 3);
        s.BecomeLeader(2);
        int term = s.Node.Term;
        s.Node.StartElection();
        Assert.Equal(Role.Leader, s.Node.Role);
        Assert.Equal(term, s.Node.Term);
    }

    [Fact]
    public void S5_3_a_follower_whose_log_is_full_acknowledges_only_what_it_stored()
    {
        var s = new Scripted(1, 3, c => { c.LogCapacity = 16; c.MaxUncommittedEntries = 8; c.CompactionThreshold = 8; });
        s.Restore(2, Enumerable.Repeat(1, 16).ToArray());
        var append = Scripted.Msg(MessageType.AppendEntries, 2, 1, 2, index: 16, logTerm: 1);
        append.EntriesTerm = 2;
        append.EntryCount = 2;
        append.SetEntry(0, EntryKind.Set, 0, 0, 0, 1);
        append.SetEntry(1, EntryKind.Set, 1, 0, 0, 2);
        s.Step(append);
        var reply = Assert.Single(s.Drain());
        Assert.False(reply.Reject);
        Assert.Equal(16, reply.Index); // acknowledging 18 would let the leader count entries this node does not hold
        Assert.Equal(16, s.Node.Log.LastIndex);
    }

    [Fact]
    public void A_second_Advance_without_a_Ready_keeps_the_frames_queued_since()
    {
        var s = new Scripted(1, 3);
        s.Restore(2);
        s.Drain();
        s.Node.GetReady();
        s.Node.Advance();
        s.Step(Scripted.Msg(MessageType.VoteRequest, 2, 1, 2));
        s.Node.Advance(); // nothing was handed out: must not discard the vote answer
        var reply = Assert.Single(s.Drain());
        Assert.Equal(MessageType.VoteResponse, reply.Type);
    }
}
