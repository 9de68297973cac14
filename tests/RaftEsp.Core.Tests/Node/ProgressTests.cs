namespace RaftEsp.Core.Tests.Node;

/// <summary>The leader's record of one follower: §5.3 nextIndex/matchIndex plus the probe/replicate/snapshot states.</summary>
public class ProgressTests
{
    private static Progress Fresh(int lastIndex, int window = 2)
    {
        var p = new Progress(2, window);
        p.ResetForLeader(lastIndex);
        return p;
    }

    [Fact]
    public void S5_3_a_new_leader_starts_nextIndex_after_its_last_entry_and_knows_no_match()
    {
        var p = new Progress(2, 2);
        p.Match = 7;
        p.State = ProgressState.Snapshot;
        p.ProbeSent = true;
        p.RecentActive = false;
        p.AckedRound = 4;
        p.CommitSent = 6;
        p.HeartbeatDue = true;
        p.SnapshotIndex = 5;
        p.SnapshotOffset = 100;
        p.SnapshotChunkSent = true;
        p.Inflights.Add(3);
        p.ResetForLeader(9);
        Assert.Equal(0, p.Match);
        Assert.Equal(10, p.Next);
        Assert.Equal(ProgressState.Probe, p.State);
        Assert.False(p.ProbeSent);
        Assert.Equal(0, p.Inflights.Count);
        Assert.True(p.RecentActive); // a new leader gives every follower one quorum period to answer
        Assert.Equal(0, p.AckedRound);
        Assert.Equal(0, p.CommitSent);
        Assert.False(p.HeartbeatDue);
        Assert.Equal(0, p.SnapshotIndex);
        Assert.Equal(0, p.SnapshotOffset);
        Assert.False(p.SnapshotChunkSent);
    }

    [Fact]
    public void A_probe_allows_one_frame_until_it_is_answered()
    {
        Progress p = Fresh(4);
        Assert.True(p.CanSendData);
        p.ProbeSent = true;
        Assert.False(p.CanSendData);
        Assert.True(p.MaybeUpdate(4));
        Assert.False(p.ProbeSent);
        Assert.True(p.CanSendData);
    }

    [Fact]
    public void Replicate_sends_while_the_window_has_room_and_snapshot_sends_no_entries()
    {
        Progress p = Fresh(4, window: 2);
        p.MaybeUpdate(4);
        p.BecomeReplicate();
        p.ProbeSent = true; // irrelevant in Replicate
        Assert.True(p.CanSendData);
        p.Inflights.Add(5);
        Assert.True(p.CanSendData);
        p.Inflights.Add(6);
        Assert.False(p.CanSendData);
        p.BecomeSnapshot(3);
        Assert.False(p.CanSendData);
    }

    [Fact]
    public void S5_3_an_acknowledgement_raises_matchIndex_and_nextIndex_but_never_lowers_them()
    {
        Progress p = Fresh(10);
        Assert.True(p.MaybeUpdate(6));
        Assert.Equal(6, p.Match);
        Assert.Equal(11, p.Next); // nextIndex was already past it
        Assert.False(p.MaybeUpdate(6)); // says nothing new
        Assert.False(p.MaybeUpdate(3)); // a late answer to an old frame
        Assert.Equal(6, p.Match);
        Assert.Equal(11, p.Next);
        Assert.True(p.MaybeUpdate(12));
        Assert.Equal(12, p.Match);
        Assert.Equal(13, p.Next);
    }

    [Fact]
    public void An_old_acknowledgement_does_not_reopen_an_outstanding_probe()
    {
        Progress p = Fresh(10);
        p.MaybeUpdate(6);
        p.ProbeSent = true;
        Assert.False(p.MaybeUpdate(5));
        Assert.True(p.ProbeSent);
    }

    [Fact]
    public void S5_3_in_probe_a_rejection_moves_nextIndex_back_to_the_hint()
    {
        Progress p = Fresh(10); // Next 11: the outstanding probe had prevLogIndex 10
        p.ProbeSent = true;
        Assert.True(p.MaybeDecreaseTo(10, 4));
        Assert.Equal(5, p.Next);
        Assert.False(p.ProbeSent);
    }

    [Fact]
    public void S5_3_a_hint_above_the_rejected_index_backs_up_by_one()
    {
        Progress p = Fresh(10);
        Assert.True(p.MaybeDecreaseTo(10, 20));
        Assert.Equal(10, p.Next);
    }

    [Fact]
    public void In_probe_only_the_answer_to_the_outstanding_probe_counts()
    {
        Progress p = Fresh(10);
        p.ProbeSent = true;
        Assert.False(p.MaybeDecreaseTo(9, 2));
        Assert.Equal(11, p.Next);
        Assert.True(p.ProbeSent);
    }

    [Fact]
    public void Backtracking_never_goes_below_the_known_match_nor_below_index_1()
    {
        Progress p = Fresh(10);
        p.MaybeUpdate(3);
        p.Next = 8;
        Assert.True(p.MaybeDecreaseTo(7, 0));
        Assert.Equal(4, p.Next); // the follower matched up to 3 already

        Progress q = Fresh(0); // empty log: Next 1, probe prevLogIndex 0
        Assert.True(q.MaybeDecreaseTo(0, 0));
        Assert.Equal(1, q.Next);
    }

    [Fact]
    public void In_replicate_a_rejection_above_match_falls_back_to_probing_and_a_stale_one_is_ignored()
    {
        Progress p = Fresh(10, window: 4);
        p.MaybeUpdate(6);
        p.BecomeReplicate();
        Assert.Equal(7, p.Next);
        p.Inflights.Add(8);
        p.Next = 9;
        Assert.False(p.MaybeDecreaseTo(6, 0)); // answers a frame sent before index 6 was acknowledged
        Assert.Equal(ProgressState.Replicate, p.State);
        Assert.Equal(9, p.Next);
        Assert.Equal(1, p.Inflights.Count);
        Assert.False(p.MaybeDecreaseTo(5, 0));
        Assert.True(p.MaybeDecreaseTo(7, 0));
        Assert.Equal(ProgressState.Probe, p.State);
        Assert.Equal(7, p.Next);
        Assert.Equal(0, p.Inflights.Count);
    }

    [Fact]
    public void State_changes_restart_from_the_match_and_clear_what_was_in_flight()
    {
        Progress p = Fresh(10, window: 4);
        p.MaybeUpdate(5);
        p.ProbeSent = true;
        p.BecomeReplicate();
        Assert.Equal(ProgressState.Replicate, p.State);
        Assert.Equal(6, p.Next);
        Assert.False(p.ProbeSent);
        p.Inflights.Add(8);
        p.Next = 9;

        p.BecomeSnapshot(12);
        Assert.Equal(ProgressState.Snapshot, p.State);
        Assert.Equal(12, p.SnapshotIndex);
        Assert.Equal(0, p.SnapshotOffset);
        Assert.Equal(0, p.Inflights.Count);

        p.SnapshotOffset = 40;
        p.SnapshotChunkSent = true;
        p.ProbeSent = true;
        p.BecomeSnapshot(15);
        Assert.Equal(0, p.SnapshotOffset); // a new snapshot starts from its first byte
        Assert.False(p.SnapshotChunkSent);

        p.SnapshotChunkSent = true;
        p.BecomeProbe();
        Assert.Equal(ProgressState.Probe, p.State);
        Assert.Equal(6, p.Next);
        Assert.False(p.ProbeSent);
        Assert.False(p.SnapshotChunkSent);

        p.Inflights.Add(7);
        p.BecomeReplicate();
        Assert.Equal(0, p.Inflights.Count);
    }
}
