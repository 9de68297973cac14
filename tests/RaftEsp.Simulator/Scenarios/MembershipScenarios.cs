using RaftEsp.Core;

namespace RaftEsp.Simulator;

/// <summary>
/// Membership changes on the simulated radio while clients write (dissertation §4; docs/design.md, "Membership
/// changes"): removing the leader (§4.2.2), adding during a partition, replacing a crashed board, the 2015 rule, a
/// removed board that keeps running (§4.2.3), transfers to a target that lags or is down (§3.10), and a learner that
/// never catches up (§4.2.1). Each ends with the liveness phase and every checker, the configuration checker included.
/// </summary>
public static class MembershipScenarios
{
    /// <summary>The election timeout with the default configuration (30 ticks of 10 ms).</summary>
    public const long ElectionMicros = 300_000;

    /// <summary>Five founders and room for three joiners.</summary>
    private static SimOptions Options(double loss = 0) => new() { MaxBoards = 8, Loss = loss };

    /// <summary>A scenario whose operator opens its session as soon as a leader can take it, before any change.</summary>
    private static ScenarioOutcome Script(string name, ulong seed, Action<string>? log, SimOptions options, Action<Simulation, ScenarioOutcome> script) =>
        Scenarios.Script(name, seed, log, options, (sim, o) =>
        {
            sim.Operator.Open();
            script(sim, o);
        });

    /// <summary>Calls <paramref name="call"/> until the board's CPU is free to take it (it answers InvalidState while busy).</summary>
    internal static ErrorCode WhenFree(Simulation sim, Func<ErrorCode> call)
    {
        for (int i = 0; i < 2000; i++)
        {
            ErrorCode answer = call();
            if (answer != ErrorCode.InvalidState) return answer;
            sim.RunFor(500);
        }

        throw new SimulationFailure("a board stayed busy for a second");
    }

    /// <summary>The first follower of <paramref name="leader"/> that is not the server node (nor <paramref name="not"/>).</summary>
    internal static int Follower(Simulation sim, int leader, int not = NodeId.None) =>
        Enumerable.Range(0, sim.Options.Nodes).First(i => i != leader && i != sim.Options.ServerNode && i != not);

    /// <summary>
    /// Elects a leader, then moves the leadership off the server node if it has it: the server node, which the
    /// clients talk to, never leaves (on the boards it answers ServerCannotLeave). Returns the leader, 1 s later.
    /// </summary>
    internal static int LeaderNotServer(Simulation sim)
    {
        int leader = Scenarios.WaitForLeader(sim, 2_000_000);
        if (leader == sim.Options.ServerNode)
        {
            int target = Follower(sim, leader);
            if (WhenFree(sim, () => sim.Boards[leader].TransferDirect(target)) != ErrorCode.None || !sim.RunUntil(() => sim.Leader() == target, 1_000_000))
                throw new SimulationFailure($"node {leader} could not hand its leadership to node {target}");
            leader = target;
        }

        sim.RunFor(1_000_000);
        return sim.Leader();
    }

    /// <summary>When the first entry of a term above <paramref name="term"/> was committed (the new leader can commit), or -1.</summary>
    internal static long FirstCommitAfterTerm(Simulation sim, int term)
    {
        for (int index = 1; index <= sim.Checker.GlobalCommit; index++)
        {
            if (sim.Checker.Applied.TryGetValue(index, out LoggedEntry e) && e.Term > term) return sim.Checker.CommitTimes[index - 1];
        }

        return -1;
    }

    public static ScenarioOutcome RemoveLeader(ulong seed, Action<string>? log) =>
        Script("remove-leader", seed, log, Options(0.02), (sim, o) =>
        {
            int leader = LeaderNotServer(sim);
            int term = sim.Boards[leader].Node.Term;
            int elections = sim.Checker.Leaderships.Count;
            MembershipChange change = sim.Operator.Request(ChangeKind.Remove, leader);
            o.Expect(sim.RunUntil(() => change.Done, 3_000_000) && change.Completed >= 0, "the leader's removal to complete within 3 s");
            o.Expect(change.Answers.Contains(ErrorCode.TransferInProgress), "the leader to answer TransferInProgress: it hands over first (§4.2.2)");
            o.Expect(!sim.Configurations.Committed.Contains(leader), $"node {leader} out of the committed configuration");
            int next = sim.Leader();
            o.Expect(next != NodeId.None && next != leader && sim.Boards[next].Node.Term == term + 1, "the new leader to lead the next term");
            o.Expect(sim.Checker.Leaderships.Count == elections + 1, "exactly one new leadership: the transfer's, no election timeout");
            o.Expect(!sim.Checker.CandidatesByTerm.TryGetValue(term + 1, out var candidates) || candidates.SetEquals([next]),
                "no other board campaigned for the new term");
            long window = FirstCommitAfterTerm(sim, term) - change.Requested;
            o.Expect(window >= 0 && window <= ElectionMicros, $"the leader's removal to leave the cluster unable to commit for at most one election timeout (was {window / 1000} ms)");
            int commits = sim.Checker.GlobalCommit;
            sim.RunFor(3_000_000);
            o.Expect(sim.Boards[leader].Up, "the removed board keeps running");
            o.Expect(sim.Leader() == next && sim.Boards[next].Node.Term == term + 1, "the removed board not to disturb the new leader's term");
            o.Expect(sim.Checker.GlobalCommit > commits, "commits after the removal");
            o.Notes.Add($"removal of leader {leader}: {(change.Completed - change.Requested) / 1000.0:F0} ms to committed; no leader able to commit for {window / 1000.0:F0} ms; answers {string.Join(", ", change.Answers.Select(ErrorCodes.Name))}");
        });

    public static ScenarioOutcome AddDuringPartition(ulong seed, Action<string>? log) =>
        Script("add-during-partition", seed, log, Options(), (sim, o) =>
        {
            int old = Scenarios.WaitForLeader(sim, 2_000_000);
            sim.RunFor(500_000);
            int[] others = Enumerable.Range(0, 5).Where(i => i != old).ToArray();
            int joiner = sim.AddBoard();
            sim.Partition([old, others[0]], [.. others.Skip(1), joiner]); // the leader in the minority
            MembershipChange change = sim.Operator.Request(ChangeKind.Add, joiner);
            o.Expect(sim.RunUntil(() => change.Completed >= 0, 4_000_000), "the majority's new leader to add the board while the partition lasts");
            o.Expect(sim.Boards[old].Node.Role != Role.Leader || sim.Leader() != old, "the minority leader not to be the leader of the highest term");
            int addsInOldLog = CountInLog(sim.Boards[old].Node.Log, EntryKind.AddLearner, joiner);
            sim.Heal();
            o.Expect(sim.RunUntil(() => sim.Configurations.Committed.Voters.Contains(joiner), 5_000_000), "the joiner promoted to voter after the heal");
            sim.RunUntil(sim.Converged, 5_000_000);
            o.Expect(sim.Checker.Applied.Values.Count(e => e.Kind == EntryKind.AddLearner && e.Value == joiner) == 1, "exactly one committed add of the joiner");
            o.Expect(CountInLog(sim.Boards[old].Node.Log, EntryKind.AddLearner, joiner) <= 1, "the old leader's log to hold the add at most once after the heal");
            o.Notes.Add($"the minority leader's log held {addsInOldLog} uncommitted add(s); the add committed {(change.Completed - change.Requested) / 1000.0:F0} ms after the request, answers {string.Join(", ", change.Answers.Select(ErrorCodes.Name))}");
        });

    private static int CountInLog(RaftLog log, EntryKind kind, int node)
    {
        int n = 0;
        for (int i = log.FirstIndex; i <= log.LastIndex; i++)
            if (log.KindAt(i) == kind && log.ValueAt(i) == node) n++;
        return n;
    }

    public static ScenarioOutcome ReplaceCrashedBoard(ulong seed, Action<string>? log) =>
        Script("replace-crashed-board", seed, log, Options(0.02), (sim, o) =>
        {
            int leader = Scenarios.WaitForLeader(sim, 2_000_000);
            sim.RunFor(1_000_000);
            int broken = Follower(sim, leader);
            sim.Crash(broken);
            sim.RunFor(1_000_000);
            var (joiner, add) = sim.Join();
            MembershipChange remove = sim.Operator.Request(ChangeKind.Remove, broken);
            o.Expect(sim.RunUntil(() => add.Done && remove.Done, 5_000_000) && add.Completed >= 0 && remove.Completed >= 0, "the add and the removal to complete within 5 s");
            o.Expect(sim.RunUntil(() => sim.Configurations.Committed.Voters.Contains(joiner), 3_000_000), "the new board promoted to voter");
            o.Expect(!sim.Configurations.Committed.Contains(broken), "the crashed board out of the configuration");
            o.Expect(sim.Configurations.Committed.Voters.Count == 5, $"five voters again (saw {sim.Configurations.Committed})");
            int lead = sim.Leader(), term = lead < 0 ? 0 : sim.Boards[lead].Node.Term;
            sim.Restart(broken); // it comes back with the old configuration: it missed its own removal
            sim.RunFor(3_000_000);
            o.Expect(sim.Leader() == lead && sim.Boards[lead].Node.Term == term, "the returning removed board not to disturb the leader (§4.2.3)");
            o.Expect(!sim.Checker.Leaderships.Any(l => l.Node == broken && l.Term > term), "the removed board never to lead");
            o.Notes.Add($"replaced node {broken} by node {joiner}: done {(Math.Max(add.Completed, remove.Completed) - add.Requested) / 1000.0:F0} ms after the request; " +
                        $"the returning board started {sim.Boards[broken].Node.Stats.PreVotesStarted} pre-votes (the leader's broadcast heartbeats keep a board that missed its removal quiet)");
        });

    public static ScenarioOutcome ChangeBeforeOwnTermCommit(ulong seed, Action<string>? log) =>
        Script("change-before-own-term-commit", seed, log, Options(), (sim, o) =>
        {
            int first = Scenarios.WaitForLeader(sim, 2_000_000);
            sim.RunFor(1_000_000);
            int target = Follower(sim, first);
            int joiner = sim.AddBoard();
            int isolated = NodeId.None;
            // The moment the target wins, cut it off: its no-op (its own term's first entry) cannot commit.
            sim.LeaderWon = (node, _) =>
            {
                if (node != target || isolated != NodeId.None) return;
                sim.Isolate(node);
                isolated = node;
            };
            o.Expect(WhenFree(sim, () => sim.Boards[first].TransferDirect(target)) == ErrorCode.None, "the transfer to start");
            o.Expect(sim.RunUntil(() => isolated != NodeId.None, 1_000_000), "the target to win the transfer");
            RaftNode leader = sim.Boards[target].Node;
            int ownTerm = leader.Term;
            MembershipChange change = sim.Operator.Request(ChangeKind.Add, joiner);
            sim.RunFor(150_000);
            o.Expect(change.Answers.Count > 0 && change.Answers[0] == ErrorCode.LeaderNotReady,
                "a change asked before the leader's own term committed to be refused with LeaderNotReady (the 2015 rule)");
            o.Expect(CountInLog(leader.Log, EntryKind.AddLearner, joiner) == 0, "no membership entry appended meanwhile");
            int noop = Enumerable.Range(leader.Log.FirstIndex, leader.Log.LastIndex - leader.Log.FirstIndex + 1).First(i => leader.Log.TermAt(i) == ownTerm);
            sim.Heal();
            o.Expect(sim.RunUntil(() => change.Completed >= 0, 3_000_000), "the change to go through once the leader's term committed");
            // The operator sees the change done once it is committed; a board applies it a moment later.
            bool AddApplied() => sim.Checker.Applied.Any(kv => kv.Value.Kind == EntryKind.AddLearner && kv.Value.Value == joiner);
            o.Expect(sim.RunUntil(AddApplied, 1_000_000), "the add to be applied");
            if (!AddApplied()) return;
            int addIndex = sim.Checker.Applied.First(kv => kv.Value.Kind == EntryKind.AddLearner && kv.Value.Value == joiner).Key;
            o.Expect(addIndex > noop, $"the add (index {addIndex}) after the leader's first entry of its term (index {noop})");
            o.Notes.Add($"answers {string.Join(", ", change.Answers.Select(ErrorCodes.Name))}; the add is index {addIndex}, after the leader's no-op at {noop}");
        });

    public static ScenarioOutcome RemovedBoardKeepsRunning(ulong seed, Action<string>? log) =>
        Script("removed-board-keeps-running", seed, log, Options(), (sim, o) =>
        {
            int leader = Scenarios.WaitForLeader(sim, 2_000_000);
            sim.RunFor(1_000_000);
            int informed = Follower(sim, leader);
            int unaware = Follower(sim, leader, not: informed);
            MembershipChange first = sim.Operator.Request(ChangeKind.Remove, informed);
            o.Expect(sim.RunUntil(() => first.Done, 2_000_000) && first.Completed >= 0, $"node {informed}'s removal to complete");
            sim.RunUntil(() => !sim.Boards[informed].Node.Voters.Contains(informed), 1_000_000);
            sim.Isolate(unaware); // it will miss its own removal
            MembershipChange second = sim.Operator.Request(ChangeKind.Remove, unaware);
            o.Expect(sim.RunUntil(() => second.Done, 2_000_000) && second.Completed >= 0, $"node {unaware}'s removal to complete while it is cut off");
            sim.Heal();
            int lead = sim.Leader(), term = lead < 0 ? 0 : sim.Boards[lead].Node.Term;
            int informedPreVotes = sim.Boards[informed].Node.Stats.PreVotesStarted;
            int commits = sim.Checker.GlobalCommit;
            sim.RunFor(5_000_000);
            o.Expect(sim.Boards[informed].Up && sim.Boards[unaware].Up, "both removed boards keep running");
            // The leader stops replicating to a board the moment it appends its removal, so the board learns of it
            // only from a broadcast frame that carried the entry: usually, not always (docs/design.md).
            bool knows = !sim.Boards[informed].Node.Promotable;
            if (knows) o.Expect(sim.Boards[informed].Node.Stats.PreVotesStarted == informedPreVotes, "a board that knows it was removed never campaigns");
            o.Expect(sim.Boards[unaware].Node.Voters.Contains(unaware), $"node {unaware} to have missed its removal");
            o.Expect(sim.Leader() == lead && sim.Boards[lead].Node.Term == term, "neither removed board disturbs the leader or its term (§4.2.3)");
            o.Expect(sim.Checker.GlobalCommit > commits, "the cluster keeps committing");
            o.Notes.Add($"node {unaware}, unaware of its removal, started {sim.Boards[unaware].Node.Stats.PreVotesStarted} pre-votes (none raised a term; the leader's broadcast heartbeats keep it quiet); node {informed} {(knows ? "knew of its removal and started none" : "missed its removal too")}");
        });

    public static ScenarioOutcome TransferToLaggingOrCrashedTarget(ulong seed, Action<string>? log) =>
        Script("transfer-to-lagging-or-crashed-target", seed, log, Options(), (sim, o) =>
        {
            int leader = Scenarios.WaitForLeader(sim, 2_000_000);
            sim.RunFor(1_000_000);
            int down = Follower(sim, leader);
            sim.Crash(down);
            int elections = sim.Checker.Leaderships.Count;
            o.Expect(WhenFree(sim, () => sim.Boards[leader].TransferDirect(down)) == ErrorCode.None, "the leader to start a transfer to a crashed voter");
            long asked = sim.Now;
            RaftNode l = sim.Boards[leader].Node;
            o.Expect(sim.RunUntil(() => l.TransferTarget == NodeId.None, 2 * ElectionMicros), "the leader to give the transfer up");
            long gaveUp = sim.Now - asked;
            o.Expect(gaveUp <= ElectionMicros + 50_000, $"the transfer given up within an election timeout (took {gaveUp / 1000} ms)");
            o.Expect(sim.Leader() == leader && sim.Checker.Leaderships.Count == elections, "the leader to keep leading, with no election");
            int commits = sim.Checker.GlobalCommit;
            sim.RunFor(500_000);
            o.Expect(sim.Checker.GlobalCommit > commits, "commits again after the abandoned transfer");
            sim.Restart(down);

            int lagging = Follower(sim, leader, not: down);
            sim.Isolate(lagging);
            sim.RunFor(2_000_000);
            int behind = sim.Boards[leader].Node.Log.LastIndex - sim.Boards[lagging].Node.Log.LastIndex;
            sim.Heal();
            o.Expect(WhenFree(sim, () => sim.Boards[leader].TransferDirect(lagging)) == ErrorCode.None, "the leader to start a transfer to a lagging voter");
            long start = sim.Now;
            o.Expect(sim.RunUntil(() => sim.Leader() == lagging, 2 * ElectionMicros), "the lagging target to catch up and lead within two election timeouts");
            o.Notes.Add($"transfer to crashed node {down} given up after {gaveUp / 1000} ms; node {lagging}, {behind} entries behind, led {(sim.Now - start) / 1000} ms after the request");
        });

    public static ScenarioOutcome LearnerNeverCatchesUp(ulong seed, Action<string>? log) =>
        Script("learner-never-catches-up", seed, log, Options(), (sim, o) =>
        {
            int leader = Scenarios.WaitForLeader(sim, 2_000_000);
            sim.RunFor(500_000);
            int joiner = sim.AddBoard();
            sim.Isolate(joiner); // out of range: it never hears the leader
            MembershipChange add = sim.Operator.Request(ChangeKind.Add, joiner);
            o.Expect(sim.RunUntil(() => add.Completed >= 0, 2_000_000), "the learner to be added (a learner's add needs no answer from it)");
            int commits = sim.Checker.GlobalCommit;
            sim.RunFor(4_000_000);
            o.Expect(sim.Configurations.Committed.Learners.Contains(joiner), "the board to stay a learner: it never caught up");
            o.Expect(sim.Checker.GlobalCommit >= commits + 20, $"the cluster to keep committing without it (saw {sim.Checker.GlobalCommit - commits} commits)");
            MembershipChange remove = sim.Operator.Request(ChangeKind.Remove, joiner);
            o.Expect(sim.RunUntil(() => remove.Completed >= 0, 2_000_000), "the learner to be removed");
            o.Expect(!sim.Configurations.Committed.Contains(joiner), "the learner out of the configuration");
            o.Notes.Add($"{sim.Checker.GlobalCommit - commits} commits while the learner was cut off; removed {(remove.Completed - remove.Requested) / 1000.0:F0} ms after the request");
        });
}
