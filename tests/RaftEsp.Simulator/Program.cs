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
        var seed = new Option<ulong>("--seed") { Description = "root seed; run i of --runs uses seed+i", DefaultValueFactory = _ => 1 };
        var runs = new Option<int>("--runs") { Description = "number of runs", DefaultValueFactory = _ => 1 };
        var nodes = new Option<int>("--nodes") { Description = "boards in the cluster (3-9)", DefaultValueFactory = _ => 5 };
        var loss = new Option<double>("--loss") { Description = "radio loss per frame copy, 0-0.9", DefaultValueFactory = _ => 0.02 };
        var duration = new Option<double>("--duration") { Description = "simulated seconds of the safety phase", DefaultValueFactory = _ => 20 };
        var phyRate = new Option<double>("--phy-rate") { Description = "radio PHY rate in Mbit/s", DefaultValueFactory = _ => 1 };
        var clients = new Option<int>("--clients") { Description = "concurrent clients of the server node", DefaultValueFactory = _ => 3 };
        var think = new Option<double>("--think-ms") { Description = "client think time between operations, ms (max)", DefaultValueFactory = _ => 100 };
        var faultMode = new Option<string>("--faults") { Description = "random (crashes, partitions, flapping links, loss bursts), leader (only leader crashes), or none", DefaultValueFactory = _ => "random" };
        var naive = new Option<bool>("--naive") { Description = "one entry per frame and no broadcast, for comparison" };
        var quiet = new Option<bool>("--quiet") { Description = "summary lines only" };
        var scenario = new Option<string?>("--scenario") { Description = "run a named scenario (or 'all') instead of random runs" };
        var parallel = new Option<int>("--parallel") { Description = "runs at once", DefaultValueFactory = _ => Environment.ProcessorCount };
        var root = new RootCommand("RaftEsp simulator: virtual clusters on a model ESP-NOW radio, with faults and checkers.")
        {
            seed, runs, nodes, loss, duration, phyRate, clients, think, faultMode, naive, quiet, parallel, scenario,
        };
        root.SetAction(r =>
        {
            string? named = r.GetValue(scenario);
            if (named != null) return RunScenarios(named, r.GetValue(seed), r.GetValue(quiet));

            var s = new Settings(r.GetValue(seed), r.GetValue(runs), r.GetValue(nodes), r.GetValue(loss), r.GetValue(duration),
                r.GetValue(phyRate), r.GetValue(clients), r.GetValue(think), r.GetValue(faultMode) ?? "random", r.GetValue(naive),
                r.GetValue(quiet), Math.Max(1, r.GetValue(parallel)));
            string? error = s.Validate();
            if (error != null)
            {
                Console.Error.WriteLine("error: " + error);
                return 2;
            }

            return Run(s);
        });
        return root.Parse(args).Invoke();
    }

    private sealed record Settings(ulong Seed, int Runs, int Nodes, double Loss, double Duration, double PhyRate, int Clients,
        double ThinkMs, string Faults, bool Naive, bool Quiet, int Parallel)
    {
        public string? Validate()
        {
            if (Runs < 1) return "--runs must be at least 1";
            if (Nodes < 3 || Nodes > 9) return "--nodes must be 3 to 9";
            if (Loss < 0 || Loss > 0.9) return "--loss must be 0 to 0.9";
            if (Duration <= 0 || Duration > 24 * 3600) return "--duration must be above 0 and at most a day";
            if (PhyRate < 0.1 || PhyRate > 54) return "--phy-rate must be 0.1 to 54 Mbit/s";
            if (Clients < 0 || Clients > 200) return "--clients must be 0 to 200";
            if (ThinkMs < 0) return "--think-ms must not be negative";
            if (Mode() == null) return "--faults must be random, leader or none";
            return null;
        }

        public FaultMode? Mode() => Faults switch
        {
            "random" => FaultMode.Random,
            "leader" => FaultMode.LeaderCrashes,
            "none" => FaultMode.None,
            _ => null,
        };

        public SimOptions Options() => new()
        {
            Nodes = Nodes,
            Loss = Loss,
            Clients = Clients,
            ClientThinkMicros = (long)(ThinkMs * 1000),
            Naive = Naive,
            Radio = new RadioConfig { PhyRateMbps = PhyRate },
            Duplication = Mode() == FaultMode.Random ? 0.01 : 0,
            ReorderMicros = Mode() == FaultMode.Random ? 2_000 : 0,
        };

        public string Replay(ulong runSeed) => string.Create(CultureInfo.InvariantCulture,
            $"dotnet run --project tests/RaftEsp.Simulator -- --seed {runSeed} --nodes {Nodes} --loss {Loss} --duration {Duration} " +
            $"--phy-rate {PhyRate} --clients {Clients} --think-ms {ThinkMs} --faults {Faults}{(Naive ? " --naive" : "")}");
    }

    private static int RunScenarios(string name, ulong seed, bool quiet)
    {
        string[] names = name == "all" ? Scenarios.All.Select(a => a.Name).ToArray() : [name];
        int failed = 0;
        foreach (string n in names)
        {
            if (n != "all" && !Scenarios.All.Any(a => a.Name == n))
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

    private static int Run(Settings s)
    {
        var results = new RunResult[s.Runs];
        long safety = (long)(s.Duration * 1_000_000);
        var started = DateTime.UtcNow;
        if (s.Runs == 1)
        {
            Action<string>? log = s.Quiet ? null : Console.WriteLine;
            log?.Invoke($"{s.Nodes} boards (node 0 is the server node), {s.Clients} clients, seed {s.Seed}, loss {s.Loss:P0}, " +
                        $"{s.PhyRate} Mbit/s, faults {s.Faults}{(s.Naive ? ", naive setting" : "")}");
            results[0] = RandomRun.Execute(s.Options(), s.Seed, safety, s.Mode()!.Value, log);
        }
        else
        {
            Parallel.For(0, s.Runs, new ParallelOptions { MaxDegreeOfParallelism = s.Parallel },
                i => results[i] = RandomRun.Execute(s.Options(), s.Seed + (ulong)i, safety, s.Mode()!.Value));
        }

        int failed = 0;
        foreach (RunResult r in results)
        {
            Console.WriteLine(Summary(r));
            if (r.Ok) continue;
            failed++;
            Console.WriteLine($"  VIOLATIONS in seed {r.Seed}:");
            foreach (string v in r.Violations) Console.WriteLine("    " + v);
            Console.WriteLine("  replay: " + s.Replay(r.Seed));
        }

        if (s.Runs == 1) Console.WriteLine(RadioLine(results[0]));
        if (s.Runs > 1) Console.WriteLine(Total(results, failed, DateTime.UtcNow - started));
        return failed == 0 ? 0 : 1;
    }

    public static string Summary(RunResult r) => string.Create(CultureInfo.InvariantCulture,
        $"seed {r.Seed}: {(r.Ok ? "ok" : "VIOLATION")}, violations {r.Violations.Count}, elections {r.Elections}, " +
        $"commits {r.CommittedCommands}, frames/commit {r.FramesPerCommand:F1}, bytes/commit {r.BytesPerCommand:F0}, " +
        $"commits/s {r.CommitsPerSecond:F1}, commit latency p50 {RunResult.Ms(RunResult.Percentile(r.CommitLatencies, 50))} " +
        $"p99 {RunResult.Ms(RunResult.Percentile(r.CommitLatencies, 99))}, first leader {RunResult.Ms(r.FirstLeaderMicros)}, " +
        $"failover p50 {RunResult.Ms(RunResult.Percentile(r.Failovers, 50))} p99 {RunResult.Ms(RunResult.Percentile(r.Failovers, 99))}, " +
        $"faults {r.FaultsInjected}, converged {RunResult.Ms(r.ConvergeMicros)} after healing");

    public static string RadioLine(RunResult r)
    {
        RadioStats x = r.Radio;
        string types = string.Join(", ", Enumerable.Range(1, 12).Where(t => x.ByType[t] > 0).Select(t => $"{MessageTypes.Name((MessageType)t)} {x.ByType[t]}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"radio: frames {x.Frames} ({x.BroadcastFrames} broadcast), transmissions {x.Transmissions}, collisions {x.Collisions}, " +
            $"retries {x.Retries}, unicast failures {x.UnicastFailures}, copies lost {x.CopiesLost}, cut {x.CopiesCut}, " +
            $"duplicated {x.Duplicates}, tx queue drops {x.TxQueueDrops}, rx queue drops {x.RxQueueDrops}, append rejects {x.AppendRejects}, " +
            $"channel busy {100.0 * x.BusyMicros / Math.Max(1, r.TotalMicros):F1} %; by type: {types}");
    }

    private static string Total(RunResult[] results, int failed, TimeSpan wall)
    {
        var latencies = results.SelectMany(r => r.CommitLatencies).ToList();
        var failovers = results.SelectMany(r => r.Failovers).ToList();
        long frames = results.Sum(r => r.Frames);
        long bytes = results.Sum(r => r.Bytes);
        long commits = results.Sum(r => (long)r.CommittedCommands);
        double seconds = results.Sum(r => r.SimulatedSeconds);
        var firstLeaders = results.Where(r => r.FirstLeaderMicros >= 0).Select(r => r.FirstLeaderMicros).ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"total: runs {results.Length}, violations {failed}, elections {results.Sum(r => r.Elections)}, commits {commits}, " +
            $"frames/commit {(commits == 0 ? 0 : (double)frames / commits):F1}, bytes/commit {(commits == 0 ? 0 : (double)bytes / commits):F0}, " +
            $"commits/s {(seconds == 0 ? 0 : commits / seconds):F1}, commit latency p50 {RunResult.Ms(RunResult.Percentile(latencies, 50))} " +
            $"p99 {RunResult.Ms(RunResult.Percentile(latencies, 99))}, first leader p50 {RunResult.Ms(RunResult.Percentile(firstLeaders, 50))}, " +
            $"failover p50 {RunResult.Ms(RunResult.Percentile(failovers, 50))} p99 {RunResult.Ms(RunResult.Percentile(failovers, 99))}, " +
            $"wall time {wall.TotalSeconds:F0} s");
    }
}
