using RaftEsp.Core;

namespace RaftEsp.Simulator.Tests;

/// <summary>
/// The configuration checker catches what it claims to (dissertation §4.1: single-server changes keep every two
/// majorities overlapping; the 2015 rule keeps at most one change uncommitted), and the membership nemesis of random
/// runs changes the cluster without a violation.
/// </summary>
public class ConfigurationCheckerTests
{
    private static ConfigurationChecker Checker(List<string> violations, int founders = 3, int capacity = 5) =>
        new(Enumerable.Range(0, founders), capacity, violations.Add);

    [Fact]
    public void S4_1_one_voter_more_or_less_never_allows_two_disjoint_majorities()
    {
        for (int n = 1; n <= 9; n++)
        {
            var config = new MemberSet(Enumerable.Range(0, n));
            Assert.False(config.HasDisjointMajorityWith(new MemberSet(Enumerable.Range(0, n + 1))), $"add to {n}");
            if (n > 1) Assert.False(config.HasDisjointMajorityWith(new MemberSet(Enumerable.Range(0, n - 1))), $"remove from {n}");
            Assert.False(config.HasDisjointMajorityWith(config), $"itself, {n}");
        }
    }

    [Fact]
    public void S4_1_the_2015_bug_two_uncommitted_changes_from_four_voters_allow_disjoint_majorities()
    {
        // Ongaro's raft-dev note: from {0,1,2,3}, one leader adds 4 and another removes 3; {0,1} is a majority of
        // {0,1,2} and {2,3,4} one of {0,1,2,3,4}.
        var added = new MemberSet([0, 1, 2, 3, 4]);
        var removed = new MemberSet([0, 1, 2]);
        Assert.True(added.HasDisjointMajorityWith(removed));
        Assert.Equal(2, added.VotersDifferingFrom(removed));
    }

    [Fact]
    public void The_committed_line_follows_the_membership_entries_and_learners_do_not_vote()
    {
        var violations = new List<string>();
        var checker = Checker(violations);
        checker.OnCommitted(4, new LoggedEntry(2, EntryKind.AddLearner, 0, 0, 0, 3), 100);
        checker.OnCommitted(6, new LoggedEntry(2, EntryKind.PromoteLearner, 0, 0, 0, 3), 200);
        checker.OnCommitted(9, new LoggedEntry(3, EntryKind.RemoveNode, 0, 0, 0, 0), 300);
        Assert.Empty(violations);
        Assert.Equal([1, 2, 3], checker.Committed.Voters.Order());
        Assert.Equal([3], checker.At(5).Learners);
        Assert.Equal([0, 1, 2], checker.At(5).Voters.Order());
        Assert.Equal([0, 1, 2, 3], checker.At(8).Voters.Order());
    }

    [Fact]
    public void A_committed_change_that_changes_nothing_is_caught()
    {
        var violations = new List<string>();
        var checker = Checker(violations);
        checker.OnCommitted(4, new LoggedEntry(2, EntryKind.PromoteLearner, 0, 0, 0, 7), 100); // 7 was never a learner
        Assert.Contains(violations, v => v.Contains("does not apply"));
    }

    [Fact]
    public void A_full_cluster_refuses_another_learner_in_the_model_too()
    {
        var violations = new List<string>();
        var checker = Checker(violations, founders: 3, capacity: 4);
        checker.OnCommitted(4, new LoggedEntry(2, EntryKind.AddLearner, 0, 0, 0, 3), 100);
        checker.OnCommitted(5, new LoggedEntry(2, EntryKind.AddLearner, 0, 0, 0, 4), 100);
        Assert.Contains(violations, v => v.Contains("does not apply"));
    }

    [Fact]
    public void A_node_whose_configuration_is_not_the_one_its_log_gives_is_caught()
    {
        var sim = new Simulation(new SimOptions { Clients = 1 }, 5);
        sim.RunFor(2_000_000);
        Assert.Empty(sim.Checker.Violations);
        sim.Configurations.Check(sim.Boards, sim.Leader());
        Assert.Empty(sim.Checker.Violations);

        // A model founded without node 4: every board acts on five voters while its log (no membership entry) gives four.
        var violations = new List<string>();
        var wrong = new ConfigurationChecker([0, 1, 2, 3], 7, violations.Add);
        wrong.Check(sim.Boards, NodeId.None);
        Assert.Contains(violations, v => v.Contains("acts on voters {0,1,2,3,4}") && v.Contains("gives voters {0,1,2,3}"));
    }

    [Fact]
    public void A_leader_two_voters_away_from_the_committed_configuration_is_caught()
    {
        var sim = new Simulation(new SimOptions { Clients = 0 }, 6);
        sim.RunUntil(() => sim.Leader() != NodeId.None, 3_000_000);
        int leader = sim.Leader();
        // The model believes two voters were removed by committed entries; the leader still acts on all five.
        sim.Configurations.OnCommitted(1_000, new LoggedEntry(9, EntryKind.RemoveNode, 0, 0, 0, (leader + 1) % 5), sim.Now);
        sim.Configurations.OnCommitted(1_001, new LoggedEntry(9, EntryKind.RemoveNode, 0, 0, 0, (leader + 2) % 5), sim.Now);
        sim.Configurations.CheckInForce(sim.Boards[leader]);
        Assert.Contains(sim.Checker.Violations, v => v.Contains("more than one voter away"));
    }

    [Fact]
    public void A_learner_that_campaigns_is_caught()
    {
        var sim = new Simulation(new SimOptions { Clients = 0, MaxBoards = 6 }, 8);
        int joiner = sim.AddBoard(); // boots outside every configuration
        sim.RunFor(100_000);
        Assert.False(sim.Boards[joiner].Node.Voters.Contains(joiner));
        sim.Configurations.CheckCampaigner(sim.Boards[joiner]);
        Assert.Contains(sim.Checker.Violations, v => v.Contains($"node {joiner}") && v.Contains("not a voter"));
    }

    [Theory]
    [InlineData(3, 11UL)]
    [InlineData(5, 12UL)]
    [InlineData(7, 13UL)]
    public void Random_membership_changes_under_faults_keep_every_property(int nodes, ulong seed)
    {
        var settings = new RunSettings { Nodes = nodes, Duration = 15, Loss = 0.05, Membership = true };
        RunResult result = RandomRun.Execute(settings, seed);
        Assert.True(result.Ok, result.FailureReport());
        Assert.True(result.MembershipChangesDone >= 3, $"at least three changes done (saw {result.MembershipChangesDone})");
        Assert.True(result.BoardsPoweredOn > nodes, "at least one board joined");
        Assert.Contains("--membership", result.ReplayCommand);
    }

    [Fact]
    public void A_membership_run_replays_bit_for_bit_and_another_seed_differs()
    {
        var settings = new RunSettings { Nodes = 5, Duration = 8, Loss = 0.05, Membership = true };
        RunResult first = RandomRun.Execute(settings, 21);
        RunResult again = RandomRun.Execute(settings, 21);
        RunResult other = RandomRun.Execute(settings, 22);
        Assert.True(first.Ok, first.FailureReport());
        Assert.Equal(first.Hash, again.Hash);
        Assert.Equal(first.MembershipChangesDone, again.MembershipChangesDone);
        Assert.NotEqual(first.Hash, other.Hash);
    }

    [Fact]
    public void A_replay_command_carries_the_membership_nemesis()
    {
        var settings = new RunSettings { Nodes = 4, Membership = true };
        var (parsed, seed) = SimCommandLine.ParseRun(Replay.Arguments(Replay.Run(settings, 77)));
        Assert.Equal(settings, parsed);
        Assert.Equal(77UL, seed);
        Assert.Equal(4 + RunSettings.JoinerRoom, parsed.ToOptions().BoardCapacity);
        Assert.True(parsed.ToOptions().RandomMembership);
    }
}
