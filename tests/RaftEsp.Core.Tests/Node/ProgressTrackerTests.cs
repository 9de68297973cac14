using FsCheck;
using FsCheck.Fluent;

namespace RaftEsp.Core.Tests.Node;

/// <summary>
/// The leader's records keyed by node id, voters and learners, and the majority questions asked of them: the commit
/// candidate (§5.3), CheckQuorum, ReadIndex rounds and elections (§5.2).
/// </summary>
public class ProgressTrackerTests
{
    private static readonly byte[] NoLearners = [];

    private static byte[] Ids(params int[] ids) => ids.Select(i => (byte)i).ToArray();

    private static byte[] Range(int first, int count) => Enumerable.Range(first, count).Select(i => (byte)i).ToArray();

    private static ProgressTracker Tracker(byte[] voters, byte[]? learners = null, int capacity = Config.MaxClusterSize)
    {
        var t = new ProgressTracker(capacity, 2);
        Assert.True(t.ApplyConfiguration(voters, learners ?? NoLearners, 0));
        return t;
    }

    private static void SetMatches(ProgressTracker t, params int[] matchesById)
    {
        for (int i = 0; i < matchesById.Length; i += 2) t.ProgressOf(matchesById[i]).Match = matchesById[i + 1];
    }

    [Fact]
    public void Records_are_keyed_by_id_and_iterated_voters_first_in_configuration_order()
    {
        var t = Tracker(Ids(7, 3, 200), Ids(9, 0));
        Assert.Equal(5, t.Count);
        Assert.Equal([7, 3, 200, 9, 0], Enumerable.Range(0, t.Count).Select(i => t.ProgressAt(i).NodeId));
        foreach (int id in new[] { 7, 3, 200, 9, 0 })
        {
            Assert.True(t.Contains(id));
            Assert.Equal(id, t.ProgressOf(id).NodeId);
        }

        Assert.Equal([7, 3, 200], Enumerable.Range(0, t.Voters.Count).Select(t.Voters.IdAt));
        Assert.Equal([9, 0], Enumerable.Range(0, t.Learners.Count).Select(t.Learners.IdAt));
        Assert.True(t.IsVoter(200));
        Assert.False(t.IsVoter(9));
        Assert.True(t.Learners.Contains(9));
        Assert.False(t.Voters.Contains(9));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(254)]
    [InlineData(255)]
    [InlineData(-1)]
    [InlineData(1000)]
    public void An_id_outside_the_configuration_is_not_tracked(int id)
    {
        var t = Tracker(Ids(0, 2, 3));
        Assert.False(t.Contains(id));
        Assert.False(t.IsVoter(id));
        Assert.Throws<ArgumentException>(() => t.ProgressOf(id));
    }

    [Fact]
    public void S5_3_the_commit_candidate_is_the_index_a_majority_of_voters_stored()
    {
        var t = Tracker(Ids(1, 2, 3, 4, 5));
        SetMatches(t, 1, 9, 2, 7, 3, 3, 4, 8, 5, 0);
        Assert.Equal(7, t.Committed());
        t.ProgressOf(3).Match = 8;
        Assert.Equal(8, t.Committed());
    }

    [Fact]
    public void Committed_leaves_the_records_in_place()
    {
        var t = Tracker(Ids(1, 2, 3));
        SetMatches(t, 1, 1, 2, 5, 3, 3);
        Assert.Equal(3, t.Committed());
        Assert.Equal([1, 5, 3], Enumerable.Range(0, 3).Select(i => t.ProgressAt(i).Match));
    }

    [Fact]
    public void Committed_matches_a_counting_reference_for_every_size_up_to_sixteen()
    {
        Prop.ForAll(QuorumTests.VoterMatches(), values =>
        {
            var t = Tracker(Range(10, values.Length));
            for (int i = 0; i < values.Length; i++) t.ProgressOf(10 + i).Match = values[i];
            return t.Committed() == QuorumTests.ReferenceMajorityIndex(values);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Learners_do_not_count_towards_the_commit_index()
    {
        // Voters 1, 2, 3 at 2, 2, 9; learners far ahead would make 9 a "majority" of all five if they counted.
        var t = Tracker(Ids(1, 2, 3), Ids(4, 5));
        SetMatches(t, 1, 2, 2, 2, 3, 9, 4, 9, 5, 9);
        Assert.Equal(2, t.Committed());
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(4, 3)]
    [InlineData(5, 3)]
    [InlineData(16, 9)]
    public void CheckQuorum_needs_a_majority_of_voters_recently_active(int size, int majority)
    {
        var t = Tracker(Range(1, size));
        for (int i = 0; i < size; i++) t.ProgressAt(i).RecentActive = i < majority - 1;
        Assert.False(t.QuorumActive());
        t.ProgressAt(majority - 1).RecentActive = true;
        Assert.True(t.QuorumActive());
    }

    [Fact]
    public void CheckQuorum_ignores_active_learners()
    {
        var t = Tracker(Ids(1, 2, 3), Ids(4, 5, 6));
        for (int i = 0; i < t.Count; i++) t.ProgressAt(i).RecentActive = !t.IsVoter(t.ProgressAt(i).NodeId);
        t.ProgressOf(1).RecentActive = true;
        Assert.False(t.QuorumActive());
    }

    [Fact]
    public void S6_4_a_round_is_confirmed_once_a_majority_of_voters_acknowledged_it_or_a_later_one()
    {
        var t = Tracker(Ids(1, 2, 3, 4, 5), Ids(6, 7, 8));
        t.ProgressOf(1).AckedRound = 4;
        t.ProgressOf(2).AckedRound = 3;
        foreach (int learner in new[] { 6, 7, 8 }) t.ProgressOf(learner).AckedRound = 9;
        Assert.False(t.QuorumAcknowledged(4));
        t.ProgressOf(5).AckedRound = 6; // a later round proves the earlier one too
        Assert.False(t.QuorumAcknowledged(4));
        t.ProgressOf(3).AckedRound = 4;
        Assert.True(t.QuorumAcknowledged(4));
        Assert.False(t.QuorumAcknowledged(5));
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(4, 3)]
    [InlineData(5, 3)]
    [InlineData(16, 9)]
    public void S5_2_a_majority_of_grants_wins_and_one_fewer_is_pending(int size, int majority)
    {
        var t = Tracker(Range(1, size));
        for (int id = 1; id < majority; id++) t.RecordVote(id, true);
        Assert.Equal(VoteResult.Pending, t.TallyVotes());
        t.RecordVote(majority, true);
        Assert.Equal(VoteResult.Won, t.TallyVotes());
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(4, 3)]
    [InlineData(5, 3)]
    [InlineData(16, 9)]
    public void S5_2_a_majority_of_refusals_loses_and_one_fewer_is_pending(int size, int majority)
    {
        var t = Tracker(Range(1, size));
        t.RecordVote(1, true); // our own vote
        for (int id = 2; id <= majority; id++) t.RecordVote(id, false);
        Assert.Equal(VoteResult.Pending, t.TallyVotes());
        t.RecordVote(majority + 1, false);
        Assert.Equal(VoteResult.Lost, t.TallyVotes());
    }

    [Fact]
    public void A_single_voter_wins_with_its_own_vote()
    {
        var t = Tracker(Ids(4));
        Assert.Equal(VoteResult.Pending, t.TallyVotes());
        t.RecordVote(4, true);
        Assert.Equal(VoteResult.Won, t.TallyVotes());
    }

    [Fact]
    public void S5_2_the_first_answer_of_a_voter_counts_and_a_repeat_is_ignored()
    {
        var t = Tracker(Ids(1, 2, 3));
        t.RecordVote(2, false);
        t.RecordVote(2, true); // a duplicated or changed answer must not turn a refusal into a grant
        t.RecordVote(1, true);
        Assert.Equal(VoteResult.Pending, t.TallyVotes());
        t.RecordVote(3, false);
        Assert.Equal(VoteResult.Lost, t.TallyVotes());
    }

    [Fact]
    public void A_grant_repeated_by_one_voter_is_counted_once()
    {
        var t = Tracker(Ids(1, 2, 3, 4, 5));
        t.RecordVote(1, true);
        for (int i = 0; i < 5; i++) t.RecordVote(4, true);
        Assert.Equal(VoteResult.Pending, t.TallyVotes());
    }

    [Theory]
    [InlineData(9)]
    [InlineData(255)]
    [InlineData(1000)]
    [InlineData(NodeId.None)]
    public void A_vote_from_an_unknown_node_is_ignored(int stranger)
    {
        var t = Tracker(Ids(1, 2, 3));
        t.RecordVote(stranger, true);
        t.RecordVote(1, true);
        Assert.Equal(VoteResult.Pending, t.TallyVotes());
    }

    [Fact]
    public void Learners_votes_never_count()
    {
        var t = Tracker(Ids(1, 2, 3), Ids(4, 5, 6));
        t.RecordVote(1, true);
        foreach (int learner in new[] { 4, 5, 6 }) t.RecordVote(learner, true);
        Assert.Equal(VoteResult.Pending, t.TallyVotes());
        t.RecordVote(2, false);
        foreach (int learner in new[] { 4, 5, 6 }) t.RecordVote(learner, false);
        Assert.Equal(VoteResult.Pending, t.TallyVotes());
        t.RecordVote(3, true);
        Assert.Equal(VoteResult.Won, t.TallyVotes());
    }

    [Fact]
    public void Reset_forgets_every_vote_of_the_last_election()
    {
        var t = Tracker(Ids(1, 2, 3));
        t.RecordVote(1, true);
        t.RecordVote(2, true);
        Assert.Equal(VoteResult.Won, t.TallyVotes());
        t.ResetVotes();
        Assert.Equal(VoteResult.Pending, t.TallyVotes());
        t.RecordVote(2, false); // recorded again after the reset: the old grant is gone
        t.RecordVote(3, false);
        Assert.Equal(VoteResult.Lost, t.TallyVotes());
    }

    [Fact]
    public void Reset_clears_the_votes_of_the_largest_cluster()
    {
        var t = Tracker(Range(1, Config.MaxClusterSize));
        for (int id = 1; id <= Config.MaxClusterSize; id++) t.RecordVote(id, false);
        Assert.Equal(VoteResult.Lost, t.TallyVotes());
        t.ResetVotes();
        // Each grant would be ignored as a repeat if the reset had missed its voter.
        for (int id = 1; id <= Config.MaxClusterSize; id++) t.RecordVote(id, true);
        Assert.Equal(VoteResult.Won, t.TallyVotes());
    }

    [Fact]
    public void A_new_leader_resets_every_record()
    {
        var t = Tracker(Ids(1, 2), Ids(3));
        for (int i = 0; i < t.Count; i++)
        {
            t.ProgressAt(i).Match = 5;
            t.ProgressAt(i).RecentActive = false;
        }

        t.ResetForLeader(12);
        for (int i = 0; i < t.Count; i++)
        {
            Assert.Equal(0, t.ProgressAt(i).Match);
            Assert.Equal(13, t.ProgressAt(i).Next);
            Assert.True(t.ProgressAt(i).RecentActive);
        }
    }

    [Fact]
    public void A_new_configuration_keeps_the_records_and_votes_of_nodes_that_stay()
    {
        var t = Tracker(Ids(1, 2, 3), capacity: 5);
        Progress two = t.ProgressOf(2);
        Progress three = t.ProgressOf(3);
        two.Match = 6;
        three.Match = 4;
        three.State = ProgressState.Replicate;
        t.RecordVote(2, true);
        t.RecordVote(3, false);

        // 3 becomes a learner, 1 leaves, 8 joins as a voter and 9 as a learner.
        Assert.True(t.ApplyConfiguration(Ids(8, 2), Ids(3, 9), 20));
        Assert.Same(two, t.ProgressOf(2));
        Assert.Same(three, t.ProgressOf(3));
        Assert.Equal(6, two.Match);
        Assert.Equal(ProgressState.Replicate, three.State);
        Assert.False(t.Contains(1));
        Assert.Equal([8, 2, 3, 9], Enumerable.Range(0, t.Count).Select(i => t.ProgressAt(i).NodeId));
        Assert.True(t.IsVoter(8));
        Assert.False(t.IsVoter(3));

        // The newcomers start as a leader's fresh records; the kept grant of 2 still counts, 3's refusal no longer.
        foreach (int id in new[] { 8, 9 })
        {
            Assert.Equal(0, t.ProgressOf(id).Match);
            Assert.Equal(21, t.ProgressOf(id).Next);
            Assert.True(t.ProgressOf(id).RecentActive);
        }

        Assert.Equal(VoteResult.Pending, t.TallyVotes());
        t.RecordVote(8, true);
        Assert.Equal(VoteResult.Won, t.TallyVotes());
        Assert.Equal(0, t.Committed()); // voters 8 and 2 at 0 and 6: both must have it
        t.ProgressOf(8).Match = 6;
        Assert.Equal(6, t.Committed());
    }

    [Fact]
    public void A_removed_node_rejoining_gets_a_fresh_record()
    {
        var t = Tracker(Ids(1, 2, 3));
        t.ProgressOf(3).Match = 9;
        t.RecordVote(3, false);
        Assert.True(t.ApplyConfiguration(Ids(1, 2), NoLearners, 10));
        Assert.Equal(VoteResult.Pending, t.TallyVotes());
        Assert.True(t.ApplyConfiguration(Ids(1, 2, 3), NoLearners, 10));
        Assert.Equal(0, t.ProgressOf(3).Match);
        t.RecordVote(3, true); // its refusal left with it
        t.RecordVote(1, true);
        Assert.Equal(VoteResult.Won, t.TallyVotes());
    }

    [Fact]
    public void Records_are_reused_so_every_capacity_worth_of_newcomers_fits_again_and_again()
    {
        var t = Tracker(Range(0, 4), capacity: 4);
        for (int first = 4; first < 240; first += 4)
        {
            Assert.True(t.ApplyConfiguration(Range(first, 3), Range(first + 3, 1), first));
            Assert.Equal(4, t.Count);
            Assert.False(t.Contains(first - 1));
            for (int id = first; id < first + 4; id++) Assert.Equal(id, t.ProgressOf(id).NodeId);
        }
    }

    [Theory]
    [InlineData("no voters")]
    [InlineData("repeated voter")]
    [InlineData("voter also learner")]
    [InlineData("repeated learner")]
    [InlineData("broadcast id")]
    [InlineData("over capacity")]
    [InlineData("null voters")]
    [InlineData("null learners")]
    public void An_unacceptable_configuration_is_refused_and_changes_nothing(string which)
    {
        var t = Tracker(Ids(1, 2, 3), Ids(4), capacity: 5);
        t.ProgressOf(2).Match = 7;
        t.RecordVote(2, true);
        byte[] voters = Ids(1, 2, 3);
        byte[] learners = Ids(4);
        switch (which)
        {
            case "no voters": voters = []; learners = Ids(1); break;
            case "repeated voter": voters = Ids(1, 5, 1); break;
            case "voter also learner": learners = Ids(5, 2); break;
            case "repeated learner": learners = Ids(5, 5); break;
            case "broadcast id": learners = Ids(NodeId.Broadcast); break;
            case "over capacity": learners = Ids(4, 5, 6); break;
            case "null voters": voters = null!; break;
            default: learners = null!; break;
        }

        Assert.False(t.ApplyConfiguration(voters, learners, 30));
        Assert.Equal([1, 2, 3, 4], Enumerable.Range(0, t.Count).Select(i => t.ProgressAt(i).NodeId));
        Assert.Equal(3, t.Voters.Count);
        Assert.Equal(1, t.Learners.Count);
        Assert.Equal(7, t.ProgressOf(2).Match);
        t.RecordVote(1, true);
        Assert.Equal(VoteResult.Won, t.TallyVotes());
    }

    [Fact]
    public void A_configuration_of_the_largest_cluster_fits()
    {
        var t = Tracker(Range(0, 10), Range(10, Config.MaxClusterSize - 10));
        Assert.Equal(Config.MaxClusterSize, t.Count);
        Assert.Equal(10, t.Voters.Count);
        Assert.False(t.ApplyConfiguration(Range(0, Config.MaxClusterSize + 1), NoLearners, 0));
    }

    [Fact]
    public void Nothing_is_allocated_after_construction()
    {
        var t = Tracker(Ids(1, 2, 3));
        byte[] next = Ids(5, 2, 1);
        byte[] learners = Ids(3);
        byte[] back = Ids(1, 2, 3);
        Exercise(t, next, learners, back); // warm-up
        long before = GC.GetAllocatedBytesForCurrentThread();
        Exercise(t, next, learners, back);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void Exercise(ProgressTracker t, byte[] next, byte[] learners, byte[] back)
    {
        t.ApplyConfiguration(next, learners, 5);
        t.ResetVotes();
        t.RecordVote(5, true);
        t.TallyVotes();
        t.Committed();
        t.QuorumActive();
        t.QuorumAcknowledged(1);
        t.ProgressOf(3).Heard();
        t.ApplyConfiguration(back, NoLearners, 5);
    }
}
