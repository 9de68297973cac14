namespace RaftEsp.Simulator.Tests;

/// <summary>The named scenarios of issue 3 / docs/testing.md, each with a fixed seed. A failure prints its replay command.</summary>
public class ScenarioTests
{
    private static void Check(string name, ulong seed)
    {
        ScenarioOutcome outcome = Scenarios.Run(name, seed);
        Assert.True(outcome.Ok, outcome.ToString());
    }

    [Fact] public void S01_initial_election() => Check("initial-election", 1);
    [Fact] public void S02_re_election_after_losing_the_leader() => Check("re-election", 2);
    [Fact] public void S03_no_leader_without_a_majority() => Check("no-leader-without-majority", 3);
    [Fact] public void S04_dueling_candidates() => Check("dueling-candidates", 4);
    [Fact] public void S05_figure_8_with_repeated_leader_crashes_under_loss() => Check("figure-8-leader-crashes", 5);
    [Fact] public void S06_agreement_on_an_unreliable_network() => Check("unreliable-network", 6);
    [Fact] public void S07_a_partitioned_old_leaders_uncommitted_entries_are_overwritten() => Check("old-leader-overwritten", 7);
    [Fact] public void S08_fast_backup_after_two_minority_leaders_took_50_entries_each() => Check("fast-backup", 8);
    [Fact] public void S09_all_nodes_crash_and_restart() => Check("all-crash", 9);
    [Fact] public void S10_an_isolated_node_returns_and_the_leader_stays() => Check("prevote-isolated-node-returns", 10);
    [Fact] public void S11_a_leader_cut_off_from_the_majority_steps_down() => Check("checkquorum-leader-steps-down", 11);
    [Fact] public void S12_a_lagging_follower_catches_up_by_chunked_snapshot() => Check("snapshot-catch-up", 12);
    [Fact] public void S13_churn_with_crashes_restarts_and_partitions_while_clients_write() => Check("churn", 13);
    [Fact] public void S14_a_leadership_transfer_under_load_hands_over_within_an_election_timeout() => Check("leadership-transfer", 14);
    [Fact] public void S15_the_server_node_as_preferred_leader_takes_over_steps_aside_when_down_and_returns() => Check("preferred-leader", 15);

    // Membership changes (dissertation §4): MembershipScenarios.
    [Fact] public void S16_removing_the_leader_hands_over_first_with_no_election_timeout_S4_2_2() => Check("remove-leader", 16);
    [Fact] public void S17_a_board_added_while_the_leader_is_in_a_minority_is_added_once_by_the_majoritys_leader_S4_1() => Check("add-during-partition", 17);
    [Fact] public void S18_a_crashed_board_is_replaced_and_does_not_disturb_when_it_returns_S4_2_3() => Check("replace-crashed-board", 18);
    [Fact] public void S19_a_change_before_the_leaders_own_term_commits_is_refused_with_leader_not_ready_2015_rule() => Check("change-before-own-term-commit", 19);
    [Fact] public void S20_removed_boards_keep_running_and_never_disturb_the_leader_S4_2_3() => Check("removed-board-keeps-running", 20);
    [Fact] public void S21_a_transfer_to_a_crashed_target_is_given_up_and_one_to_a_lagging_target_catches_it_up_S3_10() => Check("transfer-to-lagging-or-crashed-target", 21);
    [Fact] public void S22_a_learner_that_never_catches_up_stays_a_learner_costs_no_availability_and_is_removed_S4_2_1() => Check("learner-never-catches-up", 22);

    [Fact]
    public void Every_scenario_has_a_test()
    {
        var tested = typeof(ScenarioTests).GetMethods().Count(m => m.Name.StartsWith('S') && char.IsDigit(m.Name[1]));
        Assert.Equal(Scenarios.All.Length, tested);
    }
}
