using FsCheck;
using FsCheck.Fluent;

namespace RaftEsp.Core.Tests.Node;

/// <summary>Majority arithmetic: the size of a majority, the index a majority reached, and a vote's outcome.</summary>
public class QuorumTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 2)]
    [InlineData(4, 3)]
    [InlineData(5, 3)]
    [InlineData(6, 4)]
    [InlineData(7, 4)]
    [InlineData(15, 8)]
    [InlineData(16, 9)]
    public void A_majority_is_more_than_half(int voters, int majority)
    {
        Assert.Equal(majority, Quorum.Majority(voters));
    }

    [Theory]
    [InlineData(new[] { 7 }, 7)]
    [InlineData(new[] { 4, 9 }, 4)]
    [InlineData(new[] { 1, 2, 3 }, 2)]
    [InlineData(new[] { 3, 3, 1, 1 }, 1)]
    [InlineData(new[] { 5, 5, 5, 1 }, 5)]
    [InlineData(new[] { 0, 10, 8, 9, 0 }, 8)]
    [InlineData(new[] { 2, 2, 2, 2, 2, 2 }, 2)]
    public void S5_3_the_majority_index_is_the_highest_index_a_majority_reached(int[] matches, int expected)
    {
        Assert.Equal(expected, Quorum.MajorityIndex((int[])matches.Clone(), matches.Length));
    }

    [Fact]
    public void Only_the_first_count_entries_are_voters()
    {
        // Two voters at 1 and 2: entries after them (stale scratch) must not raise the answer.
        int[] values = [1, 2, 100, 100, 100];
        Assert.Equal(1, Quorum.MajorityIndex(values, 2));
        Assert.Equal([100, 100, 100], values[2..]);
    }

    [Fact]
    public void No_voters_reach_nothing()
    {
        Assert.Equal(0, Quorum.MajorityIndex([5, 6], 0));
    }

    /// <summary>The match indexes of 1 to 16 voters, small enough that many of them are equal.</summary>
    internal static Arbitrary<int[]> VoterMatches() =>
        (from size in Gen.Choose(1, Config.MaxClusterSize)
         from values in Gen.Choose(0, 40).ArrayOf(size)
         select values).ToArbitrary();

    [Fact]
    public void The_majority_index_matches_a_counting_reference_for_every_size_up_to_sixteen()
    {
        Prop.ForAll(VoterMatches(), values =>
        {
            int expected = ReferenceMajorityIndex(values);
            return Quorum.MajorityIndex((int[])values.Clone(), values.Length) == expected;
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(3, 2, 0, VoteResult.Won)]
    [InlineData(3, 1, 1, VoteResult.Pending)]
    [InlineData(3, 0, 2, VoteResult.Lost)]
    [InlineData(4, 2, 2, VoteResult.Pending)]
    [InlineData(4, 3, 1, VoteResult.Won)]
    [InlineData(4, 1, 3, VoteResult.Lost)]
    [InlineData(1, 1, 0, VoteResult.Won)]
    [InlineData(16, 8, 8, VoteResult.Pending)]
    [InlineData(16, 9, 0, VoteResult.Won)]
    [InlineData(16, 0, 9, VoteResult.Lost)]
    public void S5_2_a_vote_is_decided_by_a_majority_either_way(int voters, int granted, int refused, VoteResult expected)
    {
        Assert.Equal(expected, Quorum.Outcome(granted, refused, voters));
    }

    /// <summary>The highest value that at least a majority of the entries reach, by counting for every candidate.</summary>
    internal static int ReferenceMajorityIndex(int[] values)
    {
        int best = 0;
        foreach (int candidate in values)
        {
            int reached = values.Count(v => v >= candidate);
            if (reached > values.Length / 2 && candidate > best) best = candidate;
        }

        return best;
    }
}
