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
}
