using RaftEsp.Core;

namespace RaftEsp.Simulator;

/// <summary>What one run found and measured.</summary>
public sealed class RunResult
{
    public ulong Seed { get; init; }
    public IReadOnlyList<string> Violations { get; init; } = [];
    public int Elections { get; init; }
    public int CommittedCommands { get; init; }
    public long Frames { get; init; }
    public long Bytes { get; init; }
    public double SimulatedSeconds { get; init; }
    public long FirstLeaderMicros { get; init; } = -1;
    public long ConvergeMicros { get; init; } = -1;
    public List<long> CommitLatencies { get; init; } = new();
    public List<long> Failovers { get; init; } = new();
    public int FaultsInjected { get; init; }
    public RadioStats Radio { get; init; } = new();

    /// <summary>Simulated time of the whole run, liveness phase included.</summary>
    public long TotalMicros { get; init; }

    public bool Ok => Violations.Count == 0;
    public double FramesPerCommand => CommittedCommands == 0 ? 0 : (double)Frames / CommittedCommands;
    public double BytesPerCommand => CommittedCommands == 0 ? 0 : (double)Bytes / CommittedCommands;
    public double CommitsPerSecond => SimulatedSeconds <= 0 ? 0 : CommittedCommands / SimulatedSeconds;

    public static RunResult From(Simulation sim, ulong seed, long measuredMicros, long convergeMicros, int faults, IEnumerable<string> extraViolations)
    {
        var commands = new HashSet<(int, int)>();
        foreach (var e in sim.Checker.Applied.Values)
            if (e.Kind == EntryKind.Set || e.Kind == EntryKind.Remove) commands.Add((e.Client, e.Seq));
        return new RunResult
        {
            Seed = seed,
            Violations = sim.Checker.Violations.Concat(extraViolations).ToList(),
            Elections = sim.Checker.Leaderships.Count,
            CommittedCommands = commands.Count,
            Frames = sim.Channel.Stats.Frames,
            Bytes = sim.Channel.Stats.Bytes,
            SimulatedSeconds = measuredMicros / 1e6,
            FirstLeaderMicros = sim.Checker.Leaderships.Count == 0 ? -1 : sim.Checker.Leaderships[0].Time,
            ConvergeMicros = convergeMicros,
            CommitLatencies = sim.History.Where(o => o.IsWrite && o.Acked).Select(o => o.Completed - o.Invoked).ToList(),
            Failovers = sim.Failovers.ToList(),
            FaultsInjected = faults,
            Radio = sim.Channel.Stats,
            TotalMicros = sim.Now,
        };
    }

    public static double Percentile(IReadOnlyList<long> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.OrderBy(v => v).ToArray();
        int rank = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    public static string Ms(double micros) => double.IsNaN(micros) || micros < 0 ? "-" : (micros / 1000).ToString("F0") + " ms";
}
