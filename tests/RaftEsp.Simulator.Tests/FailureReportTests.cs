namespace RaftEsp.Simulator.Tests;

/// <summary>Whatever goes wrong inside a run, the run ends with its seed and replay command instead of an exception.</summary>
public class FailureReportTests
{
    private static readonly RunSettings Settings = new() { Nodes = 5, Loss = 0.05, Duration = 5, PhyRate = 2 };

    private static void AssertReported(RunResult result, ulong seed)
    {
        Assert.False(result.Ok);
        Assert.Contains(result.Violations, v => v.Contains("unexpected exception: System.InvalidOperationException: planted"));
        string report = result.FailureReport();
        Assert.Contains($"seed {seed}:", report);
        Assert.Contains("replay: " + Settings.ReplayCommand(seed), report);
    }

    [Fact]
    public void An_exception_from_an_options_hook_becomes_a_violation_with_seed_and_replay()
    {
        const ulong seed = 31;
        SimOptions options = Settings.ToOptions();
        options.Tweak = _ => throw new InvalidOperationException("planted");
        RunResult result = RandomRun.Execute(options, seed, Settings.SafetyMicros, FaultMode.Random, Settings.ReplayCommand(seed));
        AssertReported(result, seed);
        Assert.Contains(result.Violations, v => v.StartsWith("building the cluster", StringComparison.Ordinal) && v.Contains(" at ", StringComparison.Ordinal));
    }

    [Fact]
    public void An_exception_in_the_middle_of_a_run_becomes_a_violation_with_seed_and_replay()
    {
        const ulong seed = 32;
        // The narration hook runs inside the simulation's events: throwing there stands for any bug mid-run.
        RunResult result = RandomRun.Execute(Settings, seed, line =>
        {
            if (line.Contains("leads term", StringComparison.Ordinal)) throw new InvalidOperationException("planted");
        });
        AssertReported(result, seed);
        Assert.Contains(result.Violations, v => v.Contains(" ms: unexpected exception", StringComparison.Ordinal));
        Assert.NotEmpty(result.Hash); // the cluster existed: the run's figures are still reported
    }

    [Fact]
    public void Many_runs_in_parallel_with_a_failing_run_end_without_an_aggregate_exception()
    {
        var results = new RunResult[8];
        Parallel.For(0, results.Length, i =>
        {
            SimOptions options = Settings.ToOptions();
            if (i == 5) options.Tweak = _ => throw new InvalidOperationException("planted");
            results[i] = RandomRun.Execute(options, (ulong)i, 1_000_000, FaultMode.Random, Settings.ReplayCommand((ulong)i));
        });
        Assert.Equal([5], results.Select((r, i) => (r, i)).Where(x => !x.r.Ok).Select(x => x.i));
        AssertReported(results[5], 5);
    }

    [Fact]
    public void An_unknown_scenario_is_a_failed_outcome_not_an_exception()
    {
        ScenarioOutcome outcome = Scenarios.Run("no-such-scenario", 4);
        Assert.False(outcome.Ok);
        Assert.Contains(outcome.Failures, f => f.Contains("unknown scenario 'no-such-scenario'"));
        Assert.Contains("seed 4", outcome.ToString());
    }
}
