using System.Globalization;
using RaftEsp.Core;

namespace RaftEsp.Simulator;

/// <summary>
/// The membership figures of docs/performance.md, measured in simulated time over many seeds (<c>--figures
/// membership --runs N --seed S</c>): the time to add a board (join request to voter) with an empty and a full log,
/// the time of a leadership transfer, the window in which no leader can commit when the leader is removed, and the
/// throughput with the server node or another board leading at 3, 5 and 7 boards. Each measurement is a function of
/// its seed; none is a wall-clock time.
/// </summary>
public static class MembershipFigures
{
    /// <summary>Clients that keep the throughput runs' channel busy (no think time).</summary>
    public const int ThroughputClients = 40;

    /// <summary>Simulated seconds over which throughput is counted, after the leader is settled.</summary>
    public const double ThroughputSeconds = 10;

    /// <summary>
    /// From the operator's add request to the committed configuration holding the new board as a voter (its add
    /// and its promotion committed), in µs; -1 if that took more than 10 s. A full log: 64 slots and 64 sessions written
    /// for 3 s by 12 clients, so the leader has compacted and the joiner installs a snapshot of several chunks.
    /// </summary>
    public static long AddTime(ulong seed, bool fullLog)
    {
        var options = new SimOptions { Loss = 0.02, MaxBoards = 6 };
        if (fullLog)
        {
            options.Clients = 12;
            options.ClientThinkMicros = 20_000;
            options.Tweak = c =>
            {
                c.DatabaseSlots = 64;
                c.ClientSessions = 64;
            };
        }

        var sim = new Simulation(options, seed);
        sim.Operator.Open();
        if (Scenarios.WaitForLeader(sim, 3_000_000) == NodeId.None) return -1;
        sim.RunUntil(() => sim.Operator.Idle, 2_000_000);
        if (fullLog)
        {
            sim.RunFor(3_000_000);
            if (sim.Leader() == NodeId.None || sim.Boards[sim.Leader()].Node.Log.SnapshotIndex == 0) return -1;
        }

        var (joiner, change) = sim.Join();
        if (!sim.RunUntil(() => sim.Configurations.Committed.Voters.Contains(joiner), 10_000_000)) return -1;
        return VoterSince(sim, joiner) - change.Requested;
    }

    /// <summary>When the committed configuration first held <paramref name="node"/> as a voter.</summary>
    private static long VoterSince(Simulation sim, int node)
    {
        var lineage = sim.Configurations.Lineage;
        int index = lineage.First(l => l.Configuration.Voters.Contains(node)).Index;
        return sim.Configurations.CommitTimes.First(t => t.Index == index).Time;
    }

    /// <summary>
    /// Removes the leader (not the server node) under client load: the time from the request until an entry of a
    /// newer term commits (no leader able to commit meanwhile), and whether it took one leadership (the transfer)
    /// rather than an election. -1 if the removal did not complete within 3 s.
    /// </summary>
    public static (long Window, bool NoElection) LeaderRemovalWindow(ulong seed)
    {
        var sim = new Simulation(new SimOptions { Loss = 0.02, MaxBoards = 5 }, seed);
        sim.Operator.Open();
        int leader = MembershipScenarios.LeaderNotServer(sim);
        if (leader == NodeId.None) return (-1, false);
        int term = sim.Boards[leader].Node.Term;
        int leaderships = sim.Checker.Leaderships.Count;
        MembershipChange change = sim.Operator.Request(ChangeKind.Remove, leader);
        if (!sim.RunUntil(() => change.Completed >= 0 && MembershipScenarios.FirstCommitAfterTerm(sim, term) >= 0, 3_000_000)) return (-1, false);
        bool oneLeadership = sim.Checker.Leaderships.Count == leaderships + 1 && sim.Checker.Leaderships[^1].Term == term + 1;
        return (MembershipScenarios.FirstCommitAfterTerm(sim, term) - change.Requested, oneLeadership);
    }

    /// <summary>
    /// Commits per second with <paramref name="nodes"/> boards at saturation (40 clients with no think time, no loss,
    /// as the saturation table of docs/performance.md), when the preferred leader is the server node (the clients'
    /// board) or node 1; also whether that board led throughout.
    /// </summary>
    public static (double CommitsPerSecond, bool PreferredLed) Throughput(ulong seed, int nodes, bool serverLeads)
    {
        int preferred = serverLeads ? 0 : 1;
        var options = new SimOptions
        {
            Nodes = nodes,
            Clients = ThroughputClients,
            ClientThinkMicros = 0,
            Tweak = c => c.PreferredLeader = preferred,
        };
        // The load starts once the preferred leader has taken over: under saturation it is never exactly caught up,
        // so it would not take over by itself (docs/performance.md).
        options.ClientStartMicros = 4_000_000;
        var sim = new Simulation(options, seed);
        if (!sim.RunUntil(() => sim.Leader() == preferred, 4_000_000)) return (0, false);
        sim.RunFor(options.ClientStartMicros - sim.Now);
        sim.RunFor(1_000_000);
        int from = sim.Checker.GlobalCommit;
        int leaderships = sim.Checker.Leaderships.Count;
        sim.RunFor((long)(ThroughputSeconds * 1_000_000));
        return ((sim.Checker.GlobalCommit - from) / ThroughputSeconds, sim.Checker.Leaderships.Count == leaderships && sim.Leader() == preferred);
    }

    /// <summary>Runs every figure over <paramref name="runs"/> seeds from <paramref name="seed"/> and prints one line each.</summary>
    public static int Print(ulong seed, int runs, int parallel, Action<string> print)
    {
        ulong[] seeds = Enumerable.Range(0, runs).Select(i => seed + (ulong)i).ToArray();
        var po = new ParallelOptions { MaxDegreeOfParallelism = parallel };
        int failures = 0;

        foreach (bool full in new[] { false, true })
        {
            long[] times = new long[runs];
            Parallel.For(0, runs, po, i => times[i] = AddTime(seeds[i], full));
            failures += times.Count(t => t < 0);
            print(Line($"add a board (request to voter), {(full ? "full log (snapshot of 64 slots and 64 sessions)" : "empty log")}", times));
        }

        long[] transfers = new long[runs];
        Parallel.For(0, runs, po, i => transfers[i] = TransferScenarios.MeasureTransfer(new Simulation(new SimOptions { Loss = 0.02 }, seeds[i])));
        failures += transfers.Count(t => t < 0);
        print(Line("leadership transfer (request to target leading)", transfers));

        var removals = new (long Window, bool NoElection)[runs];
        Parallel.For(0, runs, po, i => removals[i] = LeaderRemovalWindow(seeds[i]));
        failures += removals.Count(r => r.Window < 0);
        print(Line("leader removal: no leader able to commit", removals.Select(r => r.Window).ToArray()) +
              string.Create(CultureInfo.InvariantCulture, $"; one leadership (the transfer), no election, in {removals.Count(r => r.NoElection)} of {runs}"));

        foreach (int nodes in new[] { 3, 5, 7 })
        {
            foreach (bool server in new[] { true, false })
            {
                var results = new (double Rate, bool Led)[runs];
                Parallel.For(0, runs, po, i => results[i] = Throughput(seeds[i], nodes, server));
                double[] rates = results.Where(r => r.Led).Select(r => r.Rate).Order().ToArray();
                print(string.Create(CultureInfo.InvariantCulture,
                    $"throughput, {nodes} boards, {(server ? "server node leads" : "node 1 leads")}: mean {(rates.Length == 0 ? 0 : rates.Average()):F0} commits/s, " +
                    $"p50 {(rates.Length == 0 ? 0 : rates[rates.Length / 2]):F0} ({rates.Length} of {runs} runs kept their preferred leader throughout)"));
            }
        }

        return failures;
    }

    private static string Line(string what, long[] micros)
    {
        long[] ok = micros.Where(t => t >= 0).Order().ToArray();
        string p(double q) => ok.Length == 0 ? "-" : (ok[Math.Clamp((int)Math.Ceiling(q / 100 * ok.Length) - 1, 0, ok.Length - 1)] / 1000.0).ToString("F0", CultureInfo.InvariantCulture) + " ms";
        return $"{what}: p50 {p(50)}, p99 {p(99)}, max {p(100)} over {ok.Length} seeds" + (ok.Length < micros.Length ? $" ({micros.Length - ok.Length} did not complete)" : "");
    }
}
