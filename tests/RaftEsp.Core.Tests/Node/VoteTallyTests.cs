namespace RaftEsp.Core.Tests.Node;

/// <summary>§5.2: a candidate wins with votes from a majority; one vote per member per election.</summary>
public class VoteTallyTests
{
    private static Membership Of(int size) => new(Enumerable.Range(1, size).Select(i => (byte)i).ToArray());

    [Theory]
    [InlineData(3, 2)]
    [InlineData(4, 3)]
    [InlineData(5, 3)]
    public void S5_2_a_majority_of_grants_wins_and_one_fewer_is_pending(int size, int majority)
    {
        var members = Of(size);
        var t = new VoteTally();
        for (int i = 0; i < majority - 1; i++) t.Record(i, true);
        Assert.Equal(VoteResult.Pending, t.Result(members));
        t.Record(majority - 1, true);
        Assert.Equal(VoteResult.Won, t.Result(members));
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(4, 3)]
    [InlineData(5, 3)]
    public void S5_2_a_majority_of_refusals_loses_and_one_fewer_is_pending(int size, int majority)
    {
        var members = Of(size);
        var t = new VoteTally();
        t.Record(0, true); // our own vote
        for (int i = 1; i < majority; i++) t.Record(i, false);
        Assert.Equal(VoteResult.Pending, t.Result(members));
        t.Record(majority, false);
        Assert.Equal(VoteResult.Lost, t.Result(members));
    }

    [Fact]
    public void S5_2_the_first_answer_of_a_member_counts_and_a_repeat_is_ignored()
    {
        var members = Of(3);
        var t = new VoteTally();
        t.Record(1, false);
        t.Record(1, true); // a duplicated or changed answer must not turn a refusal into a grant
        t.Record(0, true);
        Assert.Equal(VoteResult.Pending, t.Result(members));
        t.Record(2, false);
        Assert.Equal(VoteResult.Lost, t.Result(members));
    }

    [Fact]
    public void A_grant_repeated_by_one_member_is_counted_once()
    {
        var members = Of(5);
        var t = new VoteTally();
        t.Record(0, true);
        for (int i = 0; i < 5; i++) t.Record(3, true);
        Assert.Equal(VoteResult.Pending, t.Result(members));
    }

    [Fact]
    public void An_unknown_voter_position_is_ignored()
    {
        var members = Of(3);
        var t = new VoteTally();
        t.Record(-1, true);
        t.Record(0, true);
        Assert.Equal(VoteResult.Pending, t.Result(members));
    }

    [Fact]
    public void Votes_beyond_the_membership_do_not_count()
    {
        // A tally of a 5-node election read against 3 members counts only positions 0..2.
        var t = new VoteTally();
        t.Record(3, true);
        t.Record(4, true);
        t.Record(0, true);
        Assert.Equal(VoteResult.Pending, t.Result(Of(3)));
        t.Record(3, false);
        Assert.Equal(VoteResult.Won, t.Result(Of(5)));
    }

    [Fact]
    public void Reset_forgets_every_vote_of_the_last_election()
    {
        var members = Of(3);
        var t = new VoteTally();
        t.Record(0, true);
        t.Record(1, true);
        Assert.Equal(VoteResult.Won, t.Result(members));
        t.Reset();
        Assert.Equal(VoteResult.Pending, t.Result(members));
        t.Record(1, false); // recorded again after the reset: the old grant is gone
        t.Record(2, false);
        Assert.Equal(VoteResult.Lost, t.Result(members));
    }

    [Fact]
    public void Reset_clears_positions_up_to_the_largest_cluster()
    {
        var t = new VoteTally();
        int last = Config.MaxClusterSize - 1;
        t.Record(last, false);
        t.Reset();
        t.Record(last, true); // would be ignored as a repeat if the reset had missed the last position
        var all = new Membership(Enumerable.Range(1, Config.MaxClusterSize).Select(i => (byte)i).ToArray());
        for (int i = 0; i < all.Quorum - 1; i++) t.Record(i, true);
        Assert.Equal(VoteResult.Won, t.Result(all));
    }
}
