using System.CommandLine;
using System.Globalization;
using RaftEsp.Core;

namespace RaftEsp.Simulator;

/// <summary>
/// raftesp-sim: runs virtual clusters of RaftEsp boards in simulated time on a model of the ESP-NOW radio, with
/// faults, clients and safety/liveness checkers. One run narrates what happens; many runs print a line each and a
/// total. Any violation prints the seed and the command that replays it, and the exit code is 1.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var cli = new SimCommandLine();
        cli.Root.SetAction(r =>
        {
            string? named = r.GetValue(cli.Scenario);
            if (named != null) return RunScenarios(named, r.GetValue(cli.Seed), r.GetValue(cli.Quiet));
            string? figures = r.GetValue(cli.Figures);
            if (figures != null) return RunFigures(figures, r.GetValue(cli.Seed), r.GetValue(cli.Runs), Math.Max(1, r.GetValue(cli.Parallel)));

            RunSettings settings = cli.Settings(r);
            int runs = r.GetValue(cli.Runs);
            string? record = r.GetValue(cli.Record);
            string? error = runs < 1 ? "--runs must be at least 1" : record != null && runs != 1 ? "--record writes one run: give --runs 1" : settings.Validate();
            if (error != null)
            {
                Console.Error.WriteLine("error: " + error);
                return 2;
            }

            return Run(settings, r.GetValue(cli.Seed), runs, r.GetValue(cli.Quiet), Math.Max(1, r.GetValue(cli.Parallel)), record);
        });
        return cli.Root.Parse(args).Invoke();
    }

    private static int RunFigures(string name, ulong seed, int runs, int parallel)
    {
        if (name != "membership")
        {
            Console.Error.WriteLine($"error: unknown figures '{name}'; known: membership");
            return 2;
        }

        if (runs < 2)
        {
            Console.Error.WriteLine("error: --figures needs --runs of at least 2 (the seeds the percentiles are taken over)");
            return 2;
        }

        Console.WriteLine($"membership figures over {runs} seeds from {seed} (5 boards, 2 % loss, 3 clients unless stated; simulated time)");
        int failures = MembershipFigures.Print(seed, runs, parallel, Console.WriteLine);
        return failures == 0 ? 0 : 1;
    }

    private static int RunScenarios(string name, ulong seed, bool quiet)
    {
        string[] names = name == "all" ? Scenarios.All.Select(a => a.Name).ToArray() : [name];
        int failed = 0;
        foreach (string n in names)
        {
            if (!Scenarios.All.Any(a => a.Name == n))
            {
                Console.Error.WriteLine($"error: unknown scenario '{n}'; known: {string.Join(", ", Scenarios.All.Select(a => a.Name))}, all");
                return 2;
            }

            ScenarioOutcome outcome = Scenarios.Run(n, seed, quiet || names.Length > 1 ? null : Console.WriteLine);
            Console.WriteLine(outcome);
            if (!outcome.Ok) failed++;
        }

        return failed == 0 ? 0 : 1;
    }

    private static int Run(RunSettings s, ulong seed, int runs, bool quiet, int parallel, string? record = null)
    {
        var results = new RunResult[runs];
        var started = DateTime.UtcNow;
        if (runs == 1)
        {
            Action<string>? log = quiet ? null : Console.WriteLine;
            log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"{s.Nodes} boards (node 0 is the server node), {s.Clients} clients, seed {seed}, loss {s.Loss:P0}, " +
                $"{s.PhyRate} Mbit/s, faults {s.Faults}{(s.Naive ? ", naive setting" : "")}{(s.ReplayAttacks ? ", replay attacks" : "")}" +
                $"{(s.Sessions > 0 ? $", {s.Sessions} sessions per board" : "")}{(s.Replays ? ", replayed requests" : "")}{(s.Membership ? ", membership changes" : "")}" +
                $"{(s.BoardModel != "interpreted" ? $", board model {s.BoardModel}" : "")}"));
            results[0] = RandomRun.Execute(s, seed, log, record);
            if (record != null) Console.WriteLine($"recorded to {record}; watch it: dotnet run --project desktop-monitor/RaftEsp.Monitor -- --replay {record}");
        }
        else
        {
            // RandomRun.Execute never throws: every failure, expected or not, comes back as a run with violations.
            System.Threading.Tasks.Parallel.For(0, runs, new ParallelOptions { MaxDegreeOfParallelism = parallel },
                i => results[i] = RandomRun.Execute(s, seed + (ulong)i));
        }

        int failed = 0;
        for (int i = 0; i < runs; i++)
        {
            RunResult r = results[i];
            Console.WriteLine(Summary(r, i + 1, runs));
            if (r.Ok) continue;
            failed++;
            Console.WriteLine(r.FailureReport());
        }

        if (runs == 1)
        {
            Console.WriteLine(RadioLine(results[0], s));
            Console.WriteLine(BoardsLine(results[0]));
            Console.WriteLine(SessionLine(results[0], s));
            Console.WriteLine(ReadFigures.Line(results[0]));
        }

        Console.WriteLine(Total(results, failed, DateTime.UtcNow - started));
        return failed == 0 ? 0 : 1;
    }

    public static string Summary(RunResult r, int run, int runs) => string.Create(CultureInfo.InvariantCulture,
        $"run {run}/{runs}, seed {r.Seed}: {(r.Ok ? "ok" : "VIOLATION")}, violations {r.Violations.Count}, elections {r.Elections}, " +
        $"commits {r.CommittedCommands}, frames/commit {r.FramesPerCommand:F1}, bytes/commit {r.BytesPerCommand:F0}, " +
        $"flash writes/commit {r.FlashWritesPerCommand:F1}, " +
        $"commits/s {r.CommitsPerSecond:F1}, commit latency p50 {RunResult.Ms(RunResult.Percentile(r.CommitLatencies, 50))} " +
        $"p99 {RunResult.Ms(RunResult.Percentile(r.CommitLatencies, 99))}, first leader {RunResult.Ms(r.FirstLeaderMicros)}, " +
        $"failover p50 {RunResult.Ms(RunResult.Percentile(r.Failovers, 50))} p99 {RunResult.Ms(RunResult.Percentile(r.Failovers, 99))}, " +
        $"faults {r.FaultsInjected}, converged {RunResult.Ms(r.ConvergeMicros)} after healing, " +
        $"membership changes {r.MembershipChangesDone} done {r.MembershipChangesAbandoned} abandoned, boards {r.BoardsPoweredOn}, " +
        $"replays injected {r.ReplaysInjected}, refused as replayed {r.ReplayedDrops}, unsynced {r.UnsyncedDrops}, hash {(r.Hash.Length == 0 ? "-" : r.Hash[..16])}");

    /// <summary>What the client sessions did: registers, evictions felt by clients, replayed requests.</summary>
    public static string SessionLine(RunResult r, RunSettings s)
    {
        string table = s.Sessions > 0 ? s.Sessions.ToString(CultureInfo.InvariantCulture) : "room for every client";
        string replays = s.Replays
            ? string.Create(CultureInfo.InvariantCulture, $", old requests replayed {r.ReplaysSent} ({r.ReplaysAnsweredFirstResult} answered with the first result, {r.ReplaysAnsweredStaleOrExpired} stale-sequence or session-expired)")
            : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"sessions: table {table}, register entries {r.Registers}, operations ended session-expired {r.SessionsExpired}{replays}");
    }

    /// <summary>How busy each board's CPU was: the leader's board is the first limit of a healthy cluster.</summary>
    public static string BoardsLine(RunResult r) => "boards busy: " +
        string.Join(", ", r.BoardBusyPercent.Select((p, id) => string.Create(CultureInfo.InvariantCulture, $"node {id} {p:F0} %"))) +
        "; flash writes: " + string.Join(", ", r.BoardFlashWrites.Select((w, id) => string.Create(CultureInfo.InvariantCulture, $"node {id} {w}")));

    /// <summary>What the radio carried, and the channel bound the model implies for this cluster and setting.</summary>
    public static string RadioLine(RunResult r, RunSettings s)
    {
        RadioStats x = r.Radio;
        RadioConfig radio = s.ToOptions().Radio;
        string types = string.Join(", ", Enumerable.Range(1, MessageTypes.MaxRaftType).Where(t => x.ByType[t] > 0).Select(t => $"{MessageTypes.Name((MessageType)t)} {x.ByType[t]}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"radio: frames {x.Frames} ({x.BroadcastFrames} broadcast), transmissions {x.Transmissions}, collisions {x.Collisions}, " +
            $"retries {x.Retries}, unicast failures {x.UnicastFailures}, copies lost {x.CopiesLost}, cut {x.CopiesCut}, " +
            $"duplicated {x.Duplicates}, tx queue drops {x.TxQueueDrops}, rx queue drops {x.RxQueueDrops}, append rejects {x.AppendRejects} ({x.AppendRejectsAfterLostCopy} after a lost copy), outbox overflows {r.OutboxOverflows}, " +
            $"channel busy {100.0 * x.BusyMicros / Math.Max(1, r.TotalMicros):F1} %; " +
            $"channel bound{(s.Naive ? " (naive)" : "")} {ChannelBound.CommitsPerSecond(radio, s.Nodes, s.Naive, serverLeads: true):F0} commits/s " +
            $"when the server node leads, {ChannelBound.CommitsPerSecond(radio, s.Nodes, s.Naive, serverLeads: false):F0} when another node leads; " +
            $"by type: {types}");
    }

    private static string Total(RunResult[] results, int failed, TimeSpan wall)
    {
        var latencies = results.SelectMany(r => r.CommitLatencies).ToList();
        var failovers = results.SelectMany(r => r.Failovers).ToList();
        long frames = results.Sum(r => r.Frames);
        long bytes = results.Sum(r => r.Bytes);
        long flash = results.Sum(r => r.FlashWrites);
        long commits = results.Sum(r => (long)r.CommittedCommands);
        double seconds = results.Sum(r => r.SimulatedSeconds);
        var firstLeaders = results.Where(r => r.FirstLeaderMicros >= 0).Select(r => r.FirstLeaderMicros).ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"total: runs {results.Length}, violations {failed}, elections {results.Sum(r => r.Elections)}, commits {commits}, " +
            $"frames/commit {(commits == 0 ? 0 : (double)frames / commits):F1}, bytes/commit {(commits == 0 ? 0 : (double)bytes / commits):F0}, " +
            $"flash writes/commit {(commits == 0 ? 0 : (double)flash / commits):F1}, " +
            $"commits/s {(seconds == 0 ? 0 : commits / seconds):F1}, commit latency p50 {RunResult.Ms(RunResult.Percentile(latencies, 50))} " +
            $"p99 {RunResult.Ms(RunResult.Percentile(latencies, 99))}, first leader p50 {RunResult.Ms(RunResult.Percentile(firstLeaders, 50))}, " +
            $"failover p50 {RunResult.Ms(RunResult.Percentile(failovers, 50))} p99 {RunResult.Ms(RunResult.Percentile(failovers, 99))}, " +
            $"wall time {wall.TotalSeconds:F0} s");
    }
}
