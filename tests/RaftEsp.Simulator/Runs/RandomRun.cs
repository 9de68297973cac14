using System.Globalization;

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
/// history checks. It never throws: any exception in the run (a <see cref="SimulationFailure"/> on a bug such as an
/// oversized frame, or anything unexpected from the core or the simulator) becomes a violation of the run, which is
/// then reported with its seed and replay command like any other.
/// </summary>
public static class RandomRun
{
    /// <summary>One run; with <paramref name="record"/>, also written to that file as a recording (SimRecorder).</summary>
    public static RunResult Execute(RunSettings settings, ulong seed, Action<string>? log = null, string? record = null)
    {
        string replay = settings.ReplayCommand(seed);
        string? invalid = settings.Validate();
        if (invalid != null) return RunResult.Failed(seed, replay, ["invalid settings: " + invalid]);
        return Execute(settings.ToOptions(), seed, settings.SafetyMicros, settings.Mode!.Value, replay, log, record);
    }

    public static RunResult Execute(SimOptions options, ulong seed, long safetyMicros, FaultMode faults, string replay, Action<string>? log = null, string? record = null)
    {
        SimRecorder? recorder = null;
        Simulation? sim = null;
        FaultPlan? plan = null;
        var extra = new List<string>();
        long converge = -1;
        try
        {
            sim = new Simulation(options, seed) { Log = log };
            if (record != null) recorder = SimRecorder.Start(sim, record);
            plan = new FaultPlan(sim, sim.Seeds.Faults);
            if (faults == FaultMode.Random) plan.Start(safetyMicros);
            if (faults == FaultMode.LeaderCrashes) plan.StartLeaderCrashes(safetyMicros);
            if (options.RandomMembership) new MembershipPlan(sim, sim.Seeds.Membership ^ 0x4D45_4D42_4552u).Start(safetyMicros);
            sim.RunFor(safetyMicros);
            sim.Say("safety phase over: healing every fault, restarting every board");
            converge = sim.HealAndConverge();
            if (converge >= 0) sim.Say($"converged {converge / 1000.0:F0} ms after healing");
            sim.FinalChecks();
        }
        catch (Exception e)
        {
            string at = sim == null ? "building the cluster" : (sim.Now / 1000.0).ToString("F3", CultureInfo.InvariantCulture) + " ms";
            extra.Add($"{at}: {SimulationFailure.Describe(e)}");
        }

        recorder?.Dispose();
        if (sim == null || plan == null) return RunResult.Failed(seed, replay, extra);
        try
        {
            return RunResult.From(sim, seed, replay, safetyMicros, converge, plan.Injected, extra);
        }
        catch (Exception e)
        {
            extra.Add("measuring the run: " + SimulationFailure.Describe(e));
            return RunResult.Failed(seed, replay, sim.Checker.Violations.Concat(extra));
        }
    }
}
