using RaftEsp.Core;

namespace RaftEsp.Simulator;

/// <summary>
/// The named scenarios of docs/testing.md, each a script of faults on a seeded simulation followed by the liveness
/// phase and the history checks. The xunit suite runs each with a fixed seed; the console runs them with
/// <c>--scenario name --seed n</c>.
/// </summary>
public static class Scenarios
{
    /// <summary>The shortest election timeout with the default configuration: 30 ticks of 10 ms.</summary>
    private const long MinElectionMicros = 300_000;

    public static readonly (string Name, Func<ulong, Action<string>?, ScenarioOutcome> Run)[] All =
    [
        ("initial-election", InitialElection),
        ("re-election", ReElection),
        ("no-leader-without-majority", NoLeaderWithoutMajority),
        ("dueling-candidates", DuelingCandidates),
        ("figure-8-leader-crashes", Figure8LeaderCrashes),
        ("unreliable-network", UnreliableNetwork),
        ("old-leader-overwritten", OldLeaderOverwritten),
        ("fast-backup", FastBackup),
        ("all-crash", AllCrash),
        ("prevote-isolated-node-returns", PreVoteIsolatedNodeReturns),
        ("checkquorum-leader-steps-down", CheckQuorumLeaderStepsDown),
        ("snapshot-catch-up", SnapshotCatchUp),
        ("churn", Churn),
        ("leadership-transfer", TransferScenarios.LeadershipTransfer),
        ("preferred-leader", TransferScenarios.PreferredLeader),
        ("remove-leader", MembershipScenarios.RemoveLeader),
        ("add-during-partition", MembershipScenarios.AddDuringPartition),
        ("replace-crashed-board", MembershipScenarios.ReplaceCrashedBoard),
        ("change-before-own-term-commit", MembershipScenarios.ChangeBeforeOwnTermCommit),
        ("removed-board-keeps-running", MembershipScenarios.RemovedBoardKeepsRunning),
        ("transfer-to-lagging-or-crashed-target", MembershipScenarios.TransferToLaggingOrCrashedTarget),
        ("learner-never-catches-up", MembershipScenarios.LearnerNeverCatchesUp),
    ];

    public static ScenarioOutcome Run(string name, ulong seed, Action<string>? log = null)
    {
        foreach (var (n, run) in All)
            if (n == name) return run(seed, log);
        var unknown = new ScenarioOutcome { Name = name, Seed = seed };
        unknown.Failures.Add($"unknown scenario '{name}'; known: {string.Join(", ", All.Select(a => a.Name))}");
        return unknown;
    }

    internal static ScenarioOutcome Script(string name, ulong seed, Action<string>? log, SimOptions options, Action<Simulation, ScenarioOutcome> script)
    {
        var outcome = new ScenarioOutcome { Name = name, Seed = seed };
        Simulation? sim = null;
        try
        {
            sim = new Simulation(options, seed) { Log = log };
            script(sim, outcome);
            long converge = sim.HealAndConverge();
            if (converge >= 0) outcome.Notes.Add($"converged {converge / 1000.0:F0} ms after healing");
            sim.FinalChecks();
        }
        catch (Exception e)
        {
            // Anything a scenario throws (the core's own checks included) is a failure with the seed and replay line.
            outcome.Failures.Add(SimulationFailure.Describe(e));
        }

        if (sim != null) outcome.Failures.AddRange(sim.Checker.Violations);
        return outcome;
    }

    internal static int WaitForLeader(Simulation sim, long timeout, int not = NodeId.None)
    {
        sim.RunUntil(() => sim.Leader() != NodeId.None && sim.Leader() != not, timeout);
        int leader = sim.Leader();
        return leader == not ? NodeId.None : leader;
    }

    internal static int AckedWrites(Simulation sim) => sim.History.Count(o => o.IsWrite && o.Acked);

    /// <summary>Proposes on one board directly (a client at that board), waiting for its CPU to be free.</summary>
    private static void ProposeDirect(Simulation sim, int board, int slot, int value)
    {
        for (int i = 0; i < 1000; i++)
        {
            if (sim.Boards[board].ProposeDirect(EntryKind.Set, slot, value) != ErrorCode.InvalidState) return;
            sim.RunFor(500);
        }

        throw new SimulationFailure($"node {board} stayed busy: could not propose");
    }

    private static ScenarioOutcome InitialElection(ulong seed, Action<string>? log) =>
        Script("initial-election", seed, log, new SimOptions(), (sim, o) =>
        {
            int leader = WaitForLeader(sim, 2_000_000);
            o.Expect(leader != NodeId.None, "a leader within 2 s of power-on");
            o.Notes.Add($"first leader after {sim.Checker.Leaderships.FirstOrDefault().Time / 1000.0:F0} ms");
            sim.RunFor(1_000_000);
            o.Expect(sim.Boards.All(b => b.Node.Leader == leader && b.Node.Term == sim.Boards[leader].Node.Term), "every board to follow that leader in its term");
            o.Expect(sim.Checker.Leaderships.Count == 1, $"exactly one election (saw {sim.Checker.Leaderships.Count})");
        });

    private static ScenarioOutcome ReElection(ulong seed, Action<string>? log) =>
        Script("re-election", seed, log, new SimOptions(), (sim, o) =>
        {
            int old = WaitForLeader(sim, 2_000_000);
            sim.RunFor(1_000_000);
            int term = sim.Boards[old].Node.Term;
            long crashed = sim.Now;
            sim.Crash(old);
            int next = WaitForLeader(sim, 3_000_000, not: old);
            o.Expect(next != NodeId.None, "a new leader within 3 s of the leader's crash");
            if (next == NodeId.None) return;
            o.Expect(sim.Boards[next].Node.Term > term, "the new leader's term to be higher");
            o.Notes.Add($"failover {(sim.Now - crashed) / 1000.0:F0} ms");
        });

    private static ScenarioOutcome NoLeaderWithoutMajority(ulong seed, Action<string>? log) =>
        Script("no-leader-without-majority", seed, log, new SimOptions(), (sim, o) =>
        {
            int leader = WaitForLeader(sim, 2_000_000);
            sim.RunFor(500_000);
            int[] victims = new[] { leader }.Concat(Enumerable.Range(0, sim.Boards.Count).Where(i => i != leader).Take(2)).ToArray();
            foreach (int v in victims) sim.Crash(v);
            int committed = sim.Checker.GlobalCommit;
            bool anyLeader = sim.RunUntil(() => sim.Leader() != NodeId.None, 5_000_000);
            o.Expect(!anyLeader, "no leader while only 2 of 5 boards are up");
            o.Expect(sim.Checker.GlobalCommit == committed, "nothing committed without a majority");
        });

    private static ScenarioOutcome DuelingCandidates(ulong seed, Action<string>? log)
    {
        // Boards 1 and 2 share a seed, a tick phase and the shortest timeout, so both campaign at once at power-on.
        // Without PreVote both become candidates at that same tick, whatever the radio and flash timing; with it, the
        // first to win its pre-vote round often deposes the other before it is a candidate, and no duel happens.
        var options = new SimOptions
        {
            AlignTicks = true,
            Tweak = c =>
            {
                c.PreVote = false;
                if (c.NodeId == 1 || c.NodeId == 2) c.RandomSeed = 7;
                else c.ElectionTicks = 90;
            },
        };
        return Script("dueling-candidates", seed, log, options, (sim, o) =>
        {
            int leader = WaitForLeader(sim, 5_000_000);
            o.Expect(leader != NodeId.None, "a leader despite the duel");
            var duel = sim.Checker.CandidatesByTerm.Where(kv => kv.Value.Count >= 2).ToList();
            o.Expect(duel.Count > 0, "two candidates in one term");
            foreach (var kv in duel) o.Notes.Add($"term {kv.Key}: candidates {string.Join(", ", kv.Value.Order())}");
        });
    }

    private static ScenarioOutcome Figure8LeaderCrashes(ulong seed, Action<string>? log) =>
        Script("figure-8-leader-crashes", seed, log, new SimOptions { Loss = 0.10, Clients = 4 }, (sim, o) =>
        {
            var random = new SplitMix64(seed ^ 0xF18);
            int crashes = 0;
            long end = sim.Now + 20_000_000;
            while (sim.Now < end)
            {
                sim.RunFor(random.Between(300_000, 1_500_000));
                int leader = sim.Leader();
                if (leader == NodeId.None) continue;
                sim.Crash(leader);
                crashes++;
                long downtime = random.Between(100_000, 2_000_000);
                sim.Events.After(downtime, () => sim.Restart(leader));
            }

            o.Expect(crashes >= 10, $"at least 10 leader crashes (saw {crashes})");
            o.Notes.Add($"{crashes} leader crashes, {sim.Checker.Leaderships.Count} elections, {AckedWrites(sim)} acknowledged writes");
        });

    private static ScenarioOutcome UnreliableNetwork(ulong seed, Action<string>? log) =>
        Script("unreliable-network", seed, log, new SimOptions { Loss = 0.10, ReorderMicros = 5_000, Duplication = 0.02 }, (sim, o) =>
        {
            sim.RunFor(20_000_000);
            o.Expect(AckedWrites(sim) >= 100, $"at least 100 acknowledged writes at 10 % loss (saw {AckedWrites(sim)})");
            o.Notes.Add($"{AckedWrites(sim)} acknowledged writes, {sim.Channel.Stats.Duplicates} duplicated copies, {sim.Checker.Leaderships.Count} elections");
        });

    private static ScenarioOutcome OldLeaderOverwritten(ulong seed, Action<string>? log) =>
        Script("old-leader-overwritten", seed, log, new SimOptions(), (sim, o) =>
        {
            int old = WaitForLeader(sim, 2_000_000);
            sim.RunFor(500_000);
            sim.Isolate(old);
            for (int i = 0; i < 5; i++) ProposeDirect(sim, old, 1, 900_000 + i);
            int lastWithMarkers = sim.Boards[old].Node.Log.LastIndex;
            int next = WaitForLeader(sim, 3_000_000, not: old);
            o.Expect(next != NodeId.None, "the majority to elect a new leader");
            sim.RunFor(2_000_000);
            sim.Heal();
            sim.RunUntil(sim.Converged, 5_000_000);
            o.Expect(!sim.Checker.Applied.Values.Any(e => e.Value >= 900_000 && e.Value < 900_005), "the old leader's uncommitted entries never applied");
            RaftLog log = sim.Boards[old].Node.Log;
            bool kept = false;
            for (int i = Math.Max(log.FirstIndex, 1); i <= Math.Min(log.LastIndex, lastWithMarkers); i++)
                kept |= log.ValueAt(i) >= 900_000 && log.ValueAt(i) < 900_005;
            o.Expect(!kept, "the old leader's log to lose its uncommitted entries");
        });

    private static ScenarioOutcome FastBackup(ulong seed, Action<string>? log) =>
        Script("fast-backup", seed, log, new SimOptions { Clients = 0 }, (sim, o) =>
        {
            int a = WaitForLeader(sim, 2_000_000);
            sim.RunFor(300_000);
            int[] others = Enumerable.Range(0, 5).Where(i => i != a).ToArray();
            int b = others[0];
            sim.Partition([a, b], others.Skip(1).ToArray());
            for (int i = 0; i < 50; i++) ProposeDirect(sim, a, i % 5, 700_000 + i);
            int c = WaitForLeader(sim, 3_000_000, not: a);
            o.Expect(c != NodeId.None && c != b, "a leader in the majority after the first split");
            if (c == NodeId.None) return;
            int[] rest = others.Skip(1).Where(i => i != c).ToArray(); // two boards
            sim.Partition([c, rest[0]], [a, b, rest[1]]);
            for (int i = 0; i < 50; i++) ProposeDirect(sim, c, i % 5, 800_000 + i);
            int d = WaitForLeader(sim, 4_000_000, not: c);
            o.Expect(d != NodeId.None, "a leader in the second majority");
            sim.RunFor(1_000_000); // it commits an entry of its term, so the second minority's entries can never win
            long rejectsBefore = sim.Channel.Stats.AppendRejects;
            sim.Heal();
            bool converged = sim.RunUntil(sim.Converged, 5_000_000);
            o.Expect(converged, "convergence after healing");
            long rejects = sim.Channel.Stats.AppendRejects - rejectsBefore;
            o.Notes.Add($"{rejects} AppendEntries rejections to bring every log in line after healing (one-entry backtracking would need about 100)");
            o.Expect(rejects <= 12, $"fast backtracking: at most 12 rejections after healing (saw {rejects})");
            // The first minority's entries may legitimately commit later (a leader that holds them can win the second
            // majority, §5.4.2); the second minority's cannot, once the majority committed an entry of a newer term.
            o.Expect(!sim.Checker.Applied.Values.Any(e => e.Value >= 800_000 && e.Value < 900_000), "none of the second minority leader's entries applied");
            o.Notes.Add($"{sim.Checker.Applied.Values.Count(e => e.Value >= 700_000 && e.Value < 800_000)} of the first minority leader's 50 entries were committed by a later leader");
        });

    private static ScenarioOutcome AllCrash(ulong seed, Action<string>? log) =>
        Script("all-crash", seed, log, new SimOptions { Clients = 5 }, (sim, o) =>
        {
            WaitForLeader(sim, 2_000_000);
            sim.RunFor(3_000_000);
            int acked = AckedWrites(sim);
            o.Expect(acked > 20, $"writes acknowledged before the power cut (saw {acked})");
            foreach (var b in sim.Boards) sim.Crash(b.Id);
            sim.RunFor(1_000_000);
            o.Notes.Add($"{acked} writes acknowledged before every board lost power; the history check proves each survived");
        });

    private static ScenarioOutcome PreVoteIsolatedNodeReturns(ulong seed, Action<string>? log) =>
        Script("prevote-isolated-node-returns", seed, log, new SimOptions(), (sim, o) =>
        {
            int leader = WaitForLeader(sim, 2_000_000);
            sim.RunFor(500_000);
            int term = sim.Boards[leader].Node.Term;
            int lonely = (leader + 1) % sim.Boards.Count;
            sim.Isolate(lonely);
            sim.RunFor(5_000_000);
            o.Expect(sim.Boards[lonely].Node.Stats.PreVotesStarted > 0, "the isolated board to try pre-votes");
            o.Expect(sim.Boards[lonely].Node.Term == term, "the isolated board not to raise its term (PreVote)");
            sim.Heal();
            sim.RunFor(3_000_000);
            o.Expect(sim.Leader() == leader && sim.Boards[leader].Node.Term == term, $"node {leader} still to lead term {term}");
            o.Expect(sim.Checker.Leaderships.Count == 1, "no election at all");
        });

    private static ScenarioOutcome CheckQuorumLeaderStepsDown(ulong seed, Action<string>? log) =>
        Script("checkquorum-leader-steps-down", seed, log, new SimOptions(), (sim, o) =>
        {
            int leader = WaitForLeader(sim, 2_000_000);
            sim.RunFor(777_000);
            long cut = sim.Now;
            sim.Isolate(leader);
            bool stepped = sim.RunUntil(() => sim.Boards[leader].Node.Role != Role.Leader, 2_000_000);
            long took = sim.Now - cut;
            o.Expect(stepped, "the cut-off leader to step down");
            // The leader last heard the majority at or before the cut and checks every tick, so it steps down on the
            // 30th tick after that: one election timeout (300 ms) + one tick (10 ms) + 20 ms for the board to work
            // through its queue = 330 ms (dissertation §6.2).
            long bound = MinElectionMicros + sim.Options.TickMicros + 20_000;
            o.Expect(took <= bound, $"step-down within one election timeout, {bound / 1000} ms (took {took / 1000} ms)");
            o.Notes.Add($"stepped down {took / 1000} ms after losing the majority (CheckQuorum checks every tick)");
            int next = WaitForLeader(sim, 3_000_000, not: leader);
            o.Expect(next != NodeId.None, "the majority to elect a new leader");
        });

    private static ScenarioOutcome SnapshotCatchUp(ulong seed, Action<string>? log)
    {
        var options = new SimOptions
        {
            Clients = 12,
            ClientThinkMicros = 20_000,
            Tweak = c =>
            {
                c.DatabaseSlots = 64;
                c.ClientSessions = 64;
            },
        };
        return Script("snapshot-catch-up", seed, log, options, (sim, o) =>
        {
            int leader = WaitForLeader(sim, 2_000_000);
            int lagging = leader == 1 ? 2 : 1;
            sim.RunFor(3_000_000); // most of the 64 slots and the 12 sessions written: a snapshot of more than one chunk
            int behind = sim.Boards[lagging].Node.Log.LastIndex; // at most this much survives the crash
            sim.Crash(lagging);
            long crashedAt = sim.Now;
            bool compacted = sim.RunUntil(() => sim.Now - crashedAt >= 2_000_000 && sim.Leader() != NodeId.None &&
                                                sim.Boards[sim.Leader()].Node.Log.SnapshotIndex > behind + 10, 60_000_000);
            o.Expect(compacted, "the leader to compact past the crashed board's log");
            int now = sim.Leader();
            int chunksBefore = now < 0 ? 0 : sim.Boards[now].Node.Stats.SnapshotChunksSent;
            sim.Restart(lagging);
            bool caughtUp = sim.RunUntil(() => sim.Boards[lagging].Node.Stats.SnapshotsInstalled > 0 && sim.Leader() >= 0 &&
                                               sim.Boards[lagging].Database.AppliedIndex >= sim.Boards[sim.Leader()].Node.Log.SnapshotIndex, 10_000_000);
            o.Expect(caughtUp, "the restarted board to install a snapshot and catch up; " + sim.Describe() +
                               $"; installs {sim.Boards[lagging].Node.Stats.SnapshotsInstalled}" +
                               (sim.Leader() < 0 ? "" : $"; leader snapshot {sim.Boards[sim.Leader()].Node.Log.SnapshotIndex}, progress {sim.Boards[sim.Leader()].Node.ProgressOf(lagging).State}"));
            int snapshot = now < 0 ? 0 : sim.Boards[now].Node.SnapshotLength;
            int chunks = now < 0 ? 0 : sim.Boards[now].Node.Stats.SnapshotChunksSent - chunksBefore;
            // Installed and larger than one chunk's 216 bytes: it arrived in at least two chunks.
            o.Expect(snapshot > FrameLimits.MaxSnapshotChunkData, $"a snapshot larger than one chunk (was {snapshot} bytes)");
            o.Notes.Add($"snapshot of {snapshot} bytes; the leader sent {chunks} chunk frames after the restart");
        });
    }

    private static ScenarioOutcome Churn(ulong seed, Action<string>? log) =>
        Script("churn", seed, log, new SimOptions { Loss = 0.05, Clients = 5, Duplication = 0.01, ReorderMicros = 2_000 }, (sim, o) =>
        {
            var plan = new FaultPlan(sim, sim.Seeds.Faults);
            plan.Start(sim.Now + 30_000_000);
            sim.RunFor(30_000_000);
            o.Expect(plan.Injected >= 15, $"at least 15 faults (saw {plan.Injected})");
            o.Notes.Add($"{plan.Injected} faults, {sim.Checker.Leaderships.Count} elections, {AckedWrites(sim)} acknowledged writes");
        });
}
