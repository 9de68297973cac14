namespace RaftEsp.Simulator;

public enum FaultMode
{
    /// <summary>No crashes or partitions; the radio's loss still applies.</summary>
    None,

    /// <summary>The <see cref="FaultPlan"/> mix: crashes, partitions, flapping links, loss bursts.</summary>
    Random,

    /// <summary>Only the leader crashes, every 1 to 3 s, and restarts a while later: failover figures.</summary>
    LeaderCrashes,
}

/// <summary>
/// One VOPR-style run: a safety phase of the given length with random faults (if enabled) while clients write and
/// read, then a liveness phase that heals everything and requires convergence within the stated bound, then the
/// history checks. Any exception the simulator throws on a bug (e.g. an oversized frame) becomes a violation.
/// </summary>
public static class RandomRun
{
    public static RunResult Execute(SimOptions options, ulong seed, long safetyMicros, FaultMode faults, Action<string>? log = null)
    {
        var sim = new Simulation(options, seed) { Log = log };
        var plan = new FaultPlan(sim, sim.Seeds.Faults);
        var extra = new List<string>();
        long converge = -1;
        try
        {
            if (faults == FaultMode.Random) plan.Start(safetyMicros);
            if (faults == FaultMode.LeaderCrashes) plan.StartLeaderCrashes(safetyMicros);
            sim.RunFor(safetyMicros);
            sim.Say("safety phase over: healing every fault, restarting every board");
            converge = sim.HealAndConverge();
            if (converge >= 0) sim.Say($"converged {converge / 1000.0:F0} ms after healing");
            sim.FinalChecks();
        }
        catch (SimulationFailure e)
        {
            extra.Add($"{sim.Now / 1000.0:F3} ms: {e.Message}");
        }

        return RunResult.From(sim, seed, safetyMicros, converge, plan.Injected, extra);
    }
}
