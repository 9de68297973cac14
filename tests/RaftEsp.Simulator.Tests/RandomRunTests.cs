using System.Collections.Concurrent;

namespace RaftEsp.Simulator.Tests;

/// <summary>
/// VOPR-style: many seeded cluster runs with random faults, each a safety phase then a liveness phase. The root seed
/// is fixed so CI is reproducible; RAFTESP_SIM_SEED and RAFTESP_SIM_RUNS explore further (docs/testing.md).
/// </summary>
public class RandomRunTests
{
    [Fact]
    public void A_thousand_random_runs_with_faults_find_no_violation()
    {
        ulong root = ulong.TryParse(Environment.GetEnvironmentVariable("RAFTESP_SIM_SEED"), out ulong s) ? s : 20261123;
        int runs = int.TryParse(Environment.GetEnvironmentVariable("RAFTESP_SIM_RUNS"), out int r) ? r : 1000;
        var failures = new ConcurrentBag<string>();
        var nodes = new[] { 3, 5, 5, 7 };
        Parallel.For(0, runs, i =>
        {
            ulong seed = root + (ulong)i;
            var options = new SimOptions
            {
                Nodes = nodes[i % nodes.Length],
                Loss = i % 3 * 0.05,
                Duplication = 0.01,
                ReorderMicros = 2_000,
            };
            RunResult result = RandomRun.Execute(options, seed, 10_000_000, FaultMode.Random);
            if (!result.Ok)
                failures.Add($"seed {seed} ({options.Nodes} nodes, loss {options.Loss}): {string.Join(" | ", result.Violations)}\n  replay: " +
                             $"dotnet run --project tests/RaftEsp.Simulator -- --seed {seed} --nodes {options.Nodes} --loss {options.Loss} --duration 10");
        });
        Assert.True(failures.IsEmpty, $"{failures.Count} of {runs} runs failed (root seed {root}):\n" + string.Join("\n", failures.Take(10)));
    }
}
