using RaftEsp.Core;

namespace RaftEsp.Simulator;

/// <summary>
/// Leadership transfer on the simulated radio (§3.10; docs/design.md, "Leadership transfer"): how long a hand-over
/// takes under client load, and the preferred leader (the server node, as on the boards) taking over, staying away
/// while it is down, and returning.
/// </summary>
public static class TransferScenarios
{
    /// <summary>The leader's election timeout with the default configuration (30 ticks of 10 ms): a transfer's limit.</summary>
    private const long ElectionMicros = 300_000;

    /// <summary>
    /// Elects a leader under client load, asks it to hand over to the next board, and returns the time from the
    /// request to that board leading, or -1 when it did not within two election timeouts.
    /// </summary>
    public static long MeasureTransfer(Simulation sim)
    {
        sim.RunUntil(() => sim.Leader() != NodeId.None, 3_000_000);
        sim.RunFor(1_000_000);
        return MeasureTransferFromHere(sim);
    }

    public static long MeasureTransferFromHere(Simulation sim)
    {
        int leader = sim.Leader();
        if (leader == NodeId.None) return -1;
        int target = (leader + 1) % sim.Boards.Count;
        ErrorCode asked = ErrorCode.InvalidState;
        for (int i = 0; i < 1000 && asked == ErrorCode.InvalidState; i++)
        {
            asked = sim.Boards[leader].TransferDirect(target);
            if (asked == ErrorCode.InvalidState) sim.RunFor(500);
        }

        if (asked != ErrorCode.None) return -1;
        long start = sim.Now;
        bool led = sim.RunUntil(() => sim.Leader() == target, 2 * ElectionMicros);
        return led ? sim.Now - start : -1;
    }

    public static ScenarioOutcome LeadershipTransfer(ulong seed, Action<string>? log) =>
        Scenarios.Script("leadership-transfer", seed, log, new SimOptions { Loss = 0.02 }, (sim, o) =>
        {
            long took = MeasureTransfer(sim);
            o.Expect(took >= 0, "the target to lead within two election timeouts of the request");
            if (took >= 0) o.Notes.Add($"transfer {took / 1000.0:F0} ms");
        });

    public static ScenarioOutcome PreferredLeader(ulong seed, Action<string>? log) =>
        Scenarios.Script("preferred-leader", seed, log, new SimOptions { PreferServer = true, Loss = 0.02 }, (sim, o) =>
        {
            int server = sim.Options.ServerNode;
            o.Expect(sim.RunUntil(() => sim.Leader() == server, 5_000_000), "the server node to lead within 5 s of power-on");
            long crashed = sim.Now;
            sim.Crash(server);
            o.Expect(sim.RunUntil(() => sim.Leader() != NodeId.None, 3_000_000), "another leader within 3 s of the server node's crash");
            int committed = sim.Checker.GlobalCommit;
            sim.RunFor(3_000_000);
            o.Expect(sim.Leader() != NodeId.None && sim.Leader() != server, "a leader while the server node is down");
            o.Expect(sim.Checker.GlobalCommit > committed, "commits while the preferred leader is down");
            sim.Restart(server);
            long restarted = sim.Now;
            o.Expect(sim.RunUntil(() => sim.Leader() == server, 5_000_000), "the server node to lead again within 5 s of its restart");
            o.Notes.Add($"server node down {(restarted - crashed) / 1000.0:F0} ms; leads again {(sim.Now - restarted) / 1000.0:F0} ms after its restart");
        });
}
