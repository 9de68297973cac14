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

    private static Progress Replicating(int match, int next, int window = 4)
    {
        Progress p = Fresh(match, window);
        p.MaybeUpdate(match);
        p.BecomeReplicate();
        for (int sent = match + 5; sent < next; sent += 5) p.Inflights.Add(sent);
        p.Next = next;
        return p;
    }

    [Fact]
    public void A_lost_copy_is_resent_from_the_followers_last_entry_without_leaving_replicate()
    {
        Progress p = Replicating(match: 10, next: 31); // frames through 15, 20, 25, 30 in flight
        // The follower holds 18 (it missed the frame after it) and refused the frame whose previous entry was 25.
        Assert.True(p.RepairGap(25, 18, frameRound: 3));
        Assert.Equal(ProgressState.Replicate, p.State);
        Assert.Equal(19, p.Next);
        Assert.Equal(10, p.Match); // a refusal commits nothing
        Assert.Equal(0, p.Inflights.Count);
    }

    [Fact]
    public void The_resend_is_marked_by_the_pass_that_sends_it()
    {
        Progress p = Replicating(match: 10, next: 31);
        p.RepairGap(25, 18, frameRound: 3);
        p.NoteSent(30, 3); // a pass that sent the follower nothing after the gap
        Assert.Equal(0, p.RepairMark);
        p.Next = 31; // the resend of 19..30 went out
        p.NoteSent(30, 4);
        Assert.Equal(30, p.RepairMark);
        p.NoteSent(40, 5); // later passes leave the mark alone
        Assert.Equal(30, p.RepairMark);
    }

    [Fact]
    public void Refusals_of_frames_sent_no_later_than_the_resend_are_stale()
    {
        Progress p = Replicating(match: 10, next: 31);
        p.RepairGap(20, 18, frameRound: 3);
        Assert.False(p.RepairGap(25, 18, frameRound: 3)); // the resend has not left yet
        p.Next = 31;
        p.NoteSent(30, 4);
        Assert.False(p.RepairGap(25, 18, frameRound: 4)); // below the mark: pipelined behind the gap
        Assert.False(p.RepairGap(30, 18, frameRound: 4)); // at the mark, in the resend's round: the same pass
        Assert.Equal(31, p.Next);
        Assert.False(p.RepairGap(10, 18, frameRound: 9)); // at or below the match: an answer to an old frame
    }

    [Fact]
    public void A_refusal_of_a_frame_sent_after_the_resend_means_it_was_lost_and_resends()
    {
        Progress p = Replicating(match: 10, next: 31);
        p.RepairGap(20, 18, frameRound: 3);
        p.Next = 31;
        p.NoteSent(30, 4);
        Assert.True(p.RepairGap(30, 18, frameRound: 5)); // the next round's heartbeat: the follower still lacks 19
        Assert.Equal(19, p.Next);
        p.Next = 41;
        p.NoteSent(40, 5);
        Assert.True(p.RepairGap(45, 18, frameRound: 5)); // a frame with later entries than the mark
    }

    [Fact]
    public void A_refusal_in_a_later_round_resends_even_below_the_mark()
    {
        // The resend's pass marked the leader's highest index sent (40), beyond this follower's frames (through 30):
        // its window then filled, so its heartbeats carry previous index 30, below the mark, in later rounds.
        Progress p = Replicating(match: 10, next: 31);
        p.RepairGap(20, 18, frameRound: 3);
        p.Next = 31;
        p.NoteSent(40, 4);
        Assert.False(p.RepairGap(30, 18, frameRound: 4)); // the resend's own round: pipelined behind the gap
        Assert.True(p.RepairGap(30, 18, frameRound: 5)); // a later round's heartbeat: the resend was lost
        Assert.Equal(19, p.Next);
    }

    [Fact]
    public void A_new_gap_after_the_follower_moved_on_is_repaired_at_once()
    {
        Progress p = Replicating(match: 10, next: 31);
        p.RepairGap(20, 18, frameRound: 3);
        Assert.True(p.RepairGap(35, 33, frameRound: 3)); // it took the resend, then missed another frame
        Assert.Equal(34, p.Next);
    }

    [Fact]
    public void Probing_and_replicating_anew_forget_the_repair()
    {
        Progress p = Replicating(match: 10, next: 31);
        p.RepairGap(20, 18, frameRound: 3);
        p.Next = 31;
        p.NoteSent(30, 3);
        p.BecomeProbe();
        Assert.Equal(0, p.RepairMark);
        p.BecomeReplicate();
        p.Next = 31;
        Assert.True(p.RepairGap(25, 18, frameRound: 3)); // not stale: the earlier repair belonged to another state
    }
}
