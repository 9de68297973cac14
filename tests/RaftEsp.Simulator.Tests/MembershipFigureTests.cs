using Xunit.Abstractions;

namespace RaftEsp.Simulator.Tests;

/// <summary>
/// The membership figures of docs/performance.md (<c>--figures membership</c>) on a few seeds: each measurement
/// completes, and the bounds the design states hold (a leader's removal leaves no leader able to commit for at most
/// one election timeout, with no election, §4.2.2 and §3.10). The figures themselves are printed, not asserted.
/// </summary>
public class MembershipFigureTests(ITestOutputHelper output)
{
    private static readonly ulong[] Seeds = [31, 32, 33];

    [Fact]
    public void Adding_a_board_reaches_voter_with_an_empty_and_with_a_full_log_S4_2_1()
    {
        foreach (ulong seed in Seeds)
        {
            long empty = MembershipFigures.AddTime(seed, fullLog: false);
            long full = MembershipFigures.AddTime(seed, fullLog: true);
            output.WriteLine($"seed {seed}: add with an empty log {empty / 1000} ms, with a full log {full / 1000} ms");
            Assert.True(empty > 0, $"seed {seed}: the joiner became a voter (empty log)");
            Assert.True(full > 0, $"seed {seed}: the joiner became a voter (full log, snapshot)");
        }
    }

    [Fact]
    public void Removing_the_leader_leaves_no_leader_able_to_commit_for_at_most_one_election_timeout_and_holds_no_election_S4_2_2()
    {
        foreach (ulong seed in Seeds)
        {
            var (window, noElection) = MembershipFigures.LeaderRemovalWindow(seed);
            output.WriteLine($"seed {seed}: window {window / 1000} ms, no election {noElection}");
            Assert.InRange(window, 0, MembershipScenarios.ElectionMicros);
            Assert.True(noElection, $"seed {seed}: one leadership, by the transfer");
        }
    }

    [Fact]
    public void The_throughput_runs_keep_their_preferred_leader()
    {
        var (serverRate, serverLed) = MembershipFigures.Throughput(Seeds[0], 3, serverLeads: true);
        var (otherRate, otherLed) = MembershipFigures.Throughput(Seeds[0], 3, serverLeads: false);
        output.WriteLine($"3 boards: server node leads {serverRate:F0} commits/s, node 1 leads {otherRate:F0} commits/s");
        Assert.True(serverLed && otherLed, "each run kept its preferred leader throughout");
        Assert.True(serverRate > 0 && otherRate > 0);
    }
}
