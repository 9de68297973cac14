using System.Globalization;
using RaftEsp.Core;

namespace RaftEsp.Simulator;

/// <summary>What one run found and measured.</summary>
public sealed class RunResult
{
    public ulong Seed { get; init; }

    /// <summary>The console command that replays this run (<see cref="Replay"/>).</summary>
    public string ReplayCommand { get; init; } = "";

    /// <summary>The run's <see cref="RunHash"/>: equal for a run and its replay. Empty if the run never built a cluster.</summary>
    public string Hash { get; init; } = "";

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

    /// <summary>Latencies of the gets answered with a value (linearizable reads, §6.4), in µs.</summary>
    public List<long> GetLatencies { get; init; } = new();

    /// <summary>Heartbeat rounds leaders started for reads (<see cref="NodeStats.ReadRoundsStarted"/>, all boards).</summary>
    public long ReadRounds { get; init; }
    public int FaultsInjected { get; init; }
    public RadioStats Radio { get; init; } = new();

    /// <summary>Share of the run each board's CPU was busy (receiving, sending, ticking, flash, applying), by node id.</summary>
    public List<double> BoardBusyPercent { get; init; } = new();

    /// <summary>Flash writes each board completed, by node id: the leader's own writes apart from its followers'.</summary>
    public List<long> BoardFlashWrites { get; init; } = new();

    /// <summary>Flash writes completed on all boards together (one per Ready that persisted, one per compaction).</summary>
    public long FlashWrites { get; init; }

    /// <summary>Frames the boards' cores dropped because their outbox was full (of the boards as they are at the end).</summary>
    public long OutboxOverflows { get; init; }

    /// <summary>Register entries committed (first sessions, re-registrations after session-expired, retried registers).</summary>
    public int Registers { get; init; }

    /// <summary>Client operations that ended session-expired (their outcome unknown; the client registered again).</summary>
    public int SessionsExpired { get; init; }

    /// <summary>Old acknowledged writes the replay adversary re-sent, and how many of them were answered with the first result.</summary>
    public int ReplaysSent { get; init; }

    public int ReplaysAnsweredFirstResult { get; init; }

    /// <summary>Replayed copies answered stale-sequence (the client moved on) or session-expired (the session was evicted).</summary>
    public int ReplaysAnsweredStaleOrExpired { get; init; }

    /// <summary>Membership changes and transfers the operator completed, and those it gave up (<c>--membership</c>).</summary>
    public int MembershipChangesDone { get; init; }

    public int MembershipChangesAbandoned { get; init; }

    /// <summary>Boards that were ever powered on (founders and joiners).</summary>
    public int BoardsPoweredOn { get; init; }

    /// <summary>Simulated time of the whole run, liveness phase included.</summary>
    public long TotalMicros { get; init; }

    /// <summary>Recorded frames the replay adversary fed back (0 without <c>--replay-attacks</c>).</summary>
    public long ReplaysInjected { get; init; }

    /// <summary>Frames the boards refused as replays, and as from senders they had not synchronised with yet.</summary>
    public long ReplayedDrops { get; init; }

    public long UnsyncedDrops { get; init; }

    public bool Ok => Violations.Count == 0;
    public double FramesPerCommand => CommittedCommands == 0 ? 0 : (double)Frames / CommittedCommands;
    public double BytesPerCommand => CommittedCommands == 0 ? 0 : (double)Bytes / CommittedCommands;
    public double FlashWritesPerCommand => CommittedCommands == 0 ? 0 : (double)FlashWrites / CommittedCommands;
    public double CommitsPerSecond => SimulatedSeconds <= 0 ? 0 : CommittedCommands / SimulatedSeconds;

    /// <summary>A run that stopped before it had a cluster to measure (its options could not even build one).</summary>
    public static RunResult Failed(ulong seed, string replay, IEnumerable<string> violations) =>
        new() { Seed = seed, ReplayCommand = replay, Violations = violations.ToList() };

    public static RunResult From(Simulation sim, ulong seed, string replay, long measuredMicros, long convergeMicros, int faults, IEnumerable<string> extraViolations)
    {
        // Commands that took effect: retries, replays and writes of evicted sessions change nothing and do not count.
        int commands = sim.Checker.Applied.Count(kv => sim.Checker.Effects.TryGetValue(kv.Key, out AppliedEffect effect) && effect.Changed(kv.Value.Kind));
        return new RunResult
        {
            Seed = seed,
            ReplayCommand = replay,
            Hash = RunHash.Of(sim),
            Violations = sim.Checker.Violations.Concat(EncodeFailures(sim)).Concat(extraViolations).ToList(),
            Elections = sim.Checker.Leaderships.Count,
            CommittedCommands = commands,
            Frames = sim.Channel.Stats.Frames,
            Bytes = sim.Channel.Stats.Bytes,
            SimulatedSeconds = measuredMicros / 1e6,
            FirstLeaderMicros = sim.Checker.Leaderships.Count == 0 ? -1 : sim.Checker.Leaderships[0].Time,
            ConvergeMicros = convergeMicros,
            CommitLatencies = sim.History.Where(o => o.IsWrite && o.Acked).Select(o => o.Completed - o.Invoked).ToList(),
            Failovers = sim.Failovers.ToList(),
            GetLatencies = sim.History.Where(o => o.Kind == OpKind.Get && o.Acked).Select(o => o.Completed - o.Invoked).ToList(),
            ReadRounds = sim.Boards.Sum(b => (long)b.Node.Stats.ReadRoundsStarted),
            FaultsInjected = faults,
            Radio = sim.Channel.Stats,
            TotalMicros = sim.Now,
            Registers = sim.Checker.Applied.Count(kv => kv.Value.Kind == EntryKind.Register),
            SessionsExpired = sim.History.Count(o => o.LastError == Apps.CommandStatus.SessionExpired && !o.Acked),
            ReplaysSent = sim.Replayer?.Sent ?? 0,
            ReplaysAnsweredFirstResult = sim.Replayer?.AnsweredFirstResult ?? 0,
            ReplaysAnsweredStaleOrExpired = sim.Replayer?.AnsweredFromSessionState ?? 0,
            FlashWrites = sim.Boards.Sum(b => (long)b.Flash.Writes),
            OutboxOverflows = sim.Boards.Sum(b => (long)b.Node.Outbox.Overflows),
            ReplaysInjected = sim.Adversary?.Injected ?? 0,
            ReplayedDrops = sim.Boards.Sum(b => b.ReplayedDrops),
            UnsyncedDrops = sim.Boards.Sum(b => b.UnsyncedDrops),
            MembershipChangesDone = sim.Operator.Changes.Count(c => c.Completed >= 0),
            MembershipChangesAbandoned = sim.Operator.Changes.Count(c => c.Abandoned),
            BoardsPoweredOn = sim.Boards.Count,
            BoardBusyPercent = sim.Boards.Select(b => 100.0 * b.CpuBusyMicros / Math.Max(1, sim.Now)).ToList(),
            BoardFlashWrites = sim.Boards.Select(b => (long)b.Flash.Writes).ToList(),
        };
    }

    /// <summary>A message the codec could not represent is a core bug: one per board that had any.</summary>
    private static IEnumerable<string> EncodeFailures(Simulation sim) =>
        sim.Boards.Where(b => b.Node.Outbox.EncodeFailures > 0)
            .Select(b => $"node {b.Id}: {b.Node.Outbox.EncodeFailures} messages could not be encoded (a core bug)");

    /// <summary>What a failed run prints: its seed, every violation, and the command that replays it.</summary>
    public string FailureReport() =>
        $"  VIOLATIONS in seed {Seed}:" + string.Concat(Violations.Select(v => "\n    " + v)) + "\n  replay: " + ReplayCommand +
        (ReplayCommand.Contains(" --seed ", StringComparison.Ordinal) && !ReplayCommand.Contains("--scenario", StringComparison.Ordinal)
            ? "\n  record: " + Recording.RecordCommand(ReplayCommand, Seed) + "\n  watch:  " + Recording.WatchCommand(Seed)
            : "");

    public static double Percentile(IReadOnlyList<long> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.OrderBy(v => v).ToArray();
        int rank = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    public static string Ms(double micros) => double.IsNaN(micros) || micros < 0 ? "-" : (micros / 1000).ToString("F0", CultureInfo.InvariantCulture) + " ms";
}
