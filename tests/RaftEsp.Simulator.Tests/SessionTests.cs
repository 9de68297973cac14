using RaftEsp.Apps;

namespace RaftEsp.Simulator.Tests;

/// <summary>Clients register through the log, survive eviction by registering again, and old requests replayed later change nothing.</summary>
public class SessionTests
{
    private static RunResult[] Runs(RunSettings settings, int count) =>
        Enumerable.Range(0, count).AsParallel().Select(i => RandomRun.Execute(settings, 500 + (ulong)i)).ToArray();

    [Fact]
    public void Every_client_registers_first_and_writes_in_its_own_session_from_seq_one()
    {
        var sim = new Simulation(new SimOptions { Clients = 4 }, 11);
        sim.RunFor(5_000_000);
        Assert.True(sim.HealAndConverge() >= 0);
        sim.FinalChecks();
        Assert.Empty(sim.Checker.Violations);
        foreach (IGrouping<int, ClientOp> ops in sim.History.GroupBy(o => o.Sender))
        {
            ClientOp first = ops.First();
            Assert.Equal(OpKind.Register, first.Kind);
            Assert.True(first.Acked);
            Assert.Equal(first.ResultIndex, first.Result); // the client id is the register entry's index
            var writes = ops.Where(o => o.IsWrite).ToList();
            Assert.NotEmpty(writes);
            Assert.All(writes, w => Assert.Equal(first.Result, w.Client));
            Assert.Equal(Enumerable.Range(1, writes.Count), writes.Select(w => w.Seq));
        }

        Assert.Equal(sim.Clients.Count, sim.History.Where(o => o.Kind == OpKind.Register && o.Acked).Select(o => o.Result).Distinct().Count());
    }

    [Fact]
    public void Session_churn_under_faults_evicts_live_sessions_and_the_checkers_stay_green()
    {
        var settings = new RunSettings { Clients = 8, Sessions = 3, Loss = 0.05, Duration = 10, Faults = "random" };
        RunResult[] results = Runs(settings, 8);
        Assert.All(results, r => Assert.True(r.Ok, r.FailureReport()));
        Assert.True(results.Sum(r => r.SessionsExpired) > 0, "some operations ended session-expired: sessions in use were evicted");
        Assert.All(results, r => Assert.True(r.Registers > settings.Clients, $"seed {r.Seed}: clients registered again after eviction ({r.Registers} registers)"));
        Assert.All(results, r => Assert.True(r.CommittedCommands > 0, $"seed {r.Seed}: writes still took effect"));
    }

    [Fact]
    public void Old_requests_replayed_after_crashes_and_leader_changes_change_nothing_and_append_nothing()
    {
        var settings = new RunSettings { Loss = 0.05, Duration = 10, Faults = "random", Replays = true };
        RunResult[] results = Runs(settings, 8);
        // HistoryChecker fails a run if a replayed (client, seq) appended an entry its session had applied, or took
        // effect twice; the adversary fails it if a copy was answered other than with the first result.
        Assert.All(results, r => Assert.True(r.Ok, r.FailureReport()));
        Assert.True(results.Sum(r => r.ReplaysSent) >= 8 * 10, "the adversary re-sent requests all along the runs");
        Assert.True(results.Sum(r => r.ReplaysAnsweredFirstResult) > 0, "copies of a session's last write were answered with its first result");
        Assert.True(results.Sum(r => r.ReplaysAnsweredFirstResult + r.ReplaysAnsweredStaleOrExpired) > results.Sum(r => r.ReplaysSent) / 2,
            "most copies were answered from the session (the others met no leader or a busy table)");
        Assert.True(results.Sum(r => r.Elections) > 8, "the runs changed leaders");
    }

    [Fact]
    public void A_replayed_copy_answered_with_another_result_is_a_violation()
    {
        var sim = new Simulation(new SimOptions { Clients = 2, ReplayOldRequests = true }, 5);
        sim.RunFor(3_000_000);
        Assert.Empty(sim.Checker.Violations);
        ClientOp original = sim.History.First(o => o.IsWrite && o.Acked);
        ClientOp copy = sim.NewReplay(original);
        sim.Replayer!.OnReply(copy, new ServerReply(CommandStatus.Ok, original.Result + 1, original.ResultIndex, original.Client));
        Assert.Contains(sim.Checker.Violations, v => v.Contains("Replay: a copy of") && v.Contains("not the first result"));
    }
}
