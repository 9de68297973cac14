namespace RaftEsp.Simulator.Tests;

/// <summary>The checkers catch what they claim to: each test plants one bug in an otherwise correct run's record.</summary>
public class CheckerTests
{
    private static Simulation CleanRun(ulong seed = 3)
    {
        var sim = new Simulation(new SimOptions { Clients = 4 }, seed);
        sim.RunFor(5_000_000);
        Assert.True(sim.HealAndConverge() >= 0);
        sim.FinalChecks();
        Assert.Empty(sim.Checker.Violations);
        return sim;
    }

    private static List<string> HistoryProblems(Simulation sim) => HistoryChecker.Check(sim);

    /// <summary>Plants a committed, applied entry after the run's last one, with what the database answered for it.</summary>
    private static int PlantEntry(Simulation sim, LoggedEntry entry, AppliedEffect effect)
    {
        int index = sim.Checker.Applied.Keys.Max() + 1;
        sim.Checker.RecordCommit(9, new RaftLog(4), sim.Checker.GlobalCommit, index);
        sim.Checker.Applied[index] = entry;
        sim.Checker.Effects[index] = effect;
        return index;
    }

    private static (ClientOp Write, LoggedEntry Entry) AnAppliedWrite(Simulation sim)
    {
        // The last write of the history: its session's last applied sequence, so a copy of it is a duplicate, not stale.
        ClientOp write = sim.History.Last(o => o.IsWrite && o.Acked);
        return (write, sim.Checker.Applied[write.ResultIndex]);
    }

    [Fact]
    public void A_stale_read_is_caught()
    {
        Simulation sim = CleanRun();
        ClientOp read = sim.History.Last(o => o.Kind == OpKind.Get && o.Acked && sim.History.Any(w => w.IsWrite && w.Slot == o.Slot && w.Acked && w.Completed < o.Invoked));
        read.Result = int.MinValue + 12345; // a value this slot never held
        Assert.Contains(HistoryProblems(sim), p => p.StartsWith("Linearizability", StringComparison.Ordinal) && p.Contains($"op {read.Id} "));
    }

    [Fact]
    public void A_write_answered_with_the_wrong_previous_value_is_caught()
    {
        Simulation sim = CleanRun();
        ClientOp write = sim.History.First(o => o.IsWrite && o.Acked);
        write.Result += 1;
        Assert.Contains(HistoryProblems(sim), p => p.Contains("reported previous value") && p.Contains($"op {write.Id} "));
    }

    [Fact]
    public void An_acknowledged_write_missing_from_the_log_is_caught()
    {
        Simulation sim = CleanRun();
        ClientOp ghost = sim.NewOp(1, sim.History.First(o => o.IsWrite).Client, 60_000, OpKind.Set, 0, 5);
        ghost.Completed = sim.Now;
        Assert.Contains(HistoryProblems(sim), p => p.StartsWith("Durability", StringComparison.Ordinal) && p.Contains($"op {ghost.Id} "));
    }

    [Fact]
    public void A_write_answered_with_another_index_is_caught()
    {
        Simulation sim = CleanRun();
        ClientOp write = sim.History.First(o => o.IsWrite && o.Acked);
        write.ResultIndex += 1;
        Assert.Contains(HistoryProblems(sim), p => p.StartsWith("Exactly-once", StringComparison.Ordinal) && p.Contains($"op {write.Id} "));
    }

    [Fact]
    public void A_retry_the_leader_appended_again_is_caught_even_when_the_database_ignores_it()
    {
        Simulation sim = CleanRun();
        var (write, entry) = AnAppliedWrite(sim);
        Assert.Empty(HistoryProblems(sim));
        int index = PlantEntry(sim, entry, new AppliedEffect(ErrorCode.None, true, entry.Client, write.Result, write.ResultIndex));
        Assert.Contains(HistoryProblems(sim), p => p.StartsWith($"Exactly-once: index {index} holds client {write.Client} seq {write.Seq}", StringComparison.Ordinal));
    }

    [Fact]
    public void A_database_that_applies_a_retry_twice_is_caught()
    {
        Simulation sim = CleanRun();
        var (_, entry) = AnAppliedWrite(sim);
        int index = PlantEntry(sim, entry, new AppliedEffect(ErrorCode.None, false, entry.Client, 0, sim.Checker.Applied.Keys.Max() + 1));
        Assert.Contains(HistoryProblems(sim), p => p.StartsWith($"Sessions: index {index} ", StringComparison.Ordinal) && p.Contains("should be duplicate"));
    }

    [Fact]
    public void A_write_of_a_session_that_does_not_exist_applied_anyway_is_caught()
    {
        Simulation sim = CleanRun();
        int index = sim.Checker.Applied.Keys.Max() + 1;
        var entry = new LoggedEntry(sim.Boards[0].Node.Term, EntryKind.Set, 0, index - 1, 1, 77); // no register at index - 1
        Assert.NotEqual(EntryKind.Register, sim.Checker.Applied[index - 1].Kind);
        PlantEntry(sim, entry, new AppliedEffect(ErrorCode.None, false, entry.Client, 0, index));
        Assert.Contains(HistoryProblems(sim), p => p.StartsWith($"Sessions: index {index} ", StringComparison.Ordinal) && p.Contains("should be expired"));
    }

    [Fact]
    public void A_register_that_evicts_the_wrong_session_is_caught()
    {
        Simulation sim = CleanRun();
        int register = sim.Checker.Applied.Where(kv => kv.Value.Kind == EntryKind.Register).Max(kv => kv.Key);
        AppliedEffect right = sim.Checker.Effects[register];
        sim.Checker.Effects[register] = right with { Value = right.Value + 1 };
        Assert.Contains(HistoryProblems(sim), p => p.StartsWith($"Sessions: the register at index {register} ", StringComparison.Ordinal));
    }

    [Fact]
    public void Two_clients_given_one_client_id_are_caught()
    {
        Simulation sim = CleanRun();
        var registers = sim.History.Where(o => o.Kind == OpKind.Register && o.Acked).ToList();
        Assert.True(registers.Count >= 2, "each of the clients registered");
        registers[1].Result = registers[0].Result;
        registers[1].ResultIndex = registers[0].ResultIndex;
        Assert.Contains(HistoryProblems(sim), p => p.Contains($"both got client id {registers[0].Result}"));
    }

    [Fact]
    public void A_replayed_request_that_was_appended_is_caught()
    {
        Simulation sim = CleanRun();
        var (write, entry) = AnAppliedWrite(sim);
        // A copy sent before the original's entry committed stands for a replay whose entry the log took.
        ClientOp early = new() { Id = 1_000_000, Client = entry.Client, Seq = entry.Seq, Kind = write.Kind, Invoked = 0, ReplayOf = write };
        ClientOp late = sim.NewReplay(write);
        List<string> Problems(ClientOp copy) =>
            HistoryChecker.Check(sim.History, sim.Checker, sim.Boards, sim.DatabaseSlots, sim.ClientSessions, [copy]);
        Assert.DoesNotContain(Problems(late), p => p.StartsWith("Replay", StringComparison.Ordinal));
        Assert.Contains(Problems(early), p => p.StartsWith("Replay: a copy of", StringComparison.Ordinal) && p.Contains($"appended at index {write.ResultIndex}"));
    }

    [Fact]
    public void A_board_whose_database_drifted_from_the_history_is_caught()
    {
        Simulation sim = CleanRun();
        SimulatedBoard board = sim.Boards[2];
        var other = new RaftEsp.Core.Database(board.Database.SlotCount, board.Database.ClientSessions);
        var result = new ApplyResult();
        for (int i = 1; i <= board.Database.AppliedIndex; i++) other.Apply(i, EntryKind.Set, 0, 0, 0, 424242, result);
        byte[] snapshot = new byte[RaftEsp.Core.Database.MaxSnapshotSize(other.SlotCount, other.ClientSessions)];
        int length = other.WriteSnapshot(snapshot, 0);
        board.Database.RestoreSnapshot(other.AppliedIndex, snapshot, 0, length);
        Assert.Contains(HistoryProblems(sim), p => p.StartsWith("Durability: node 2", StringComparison.Ordinal));
    }

    [Fact]
    public void Two_leaders_in_one_term_are_caught()
    {
        var checker = new SafetyChecker(new EventQueue());
        var log = new RaftLog(16);
        checker.RecordLeader(1, 5, log);
        checker.RecordLeader(1, 6, log);
        Assert.Empty(checker.Violations);
        checker.RecordLeader(2, 6, log);
        Assert.Contains(checker.Violations, v => v.Contains("Election Safety"));
    }

    [Fact]
    public void Two_entries_applied_at_one_index_are_caught()
    {
        var checker = new SafetyChecker(new EventQueue());
        var log = new RaftLog(16);
        log.Append(1, EntryKind.Set, 0, 0, 0, 7);
        checker.RecordCommit(1, log, 0, 1);
        checker.RecordApplied(1, 1, new LoggedEntry(1, EntryKind.Set, 0, 0, 0, 7));
        checker.RecordApplied(2, 1, new LoggedEntry(1, EntryKind.Set, 0, 0, 0, 8));
        Assert.Contains(checker.Violations, v => v.Contains("State Machine Safety"));
    }

    [Fact]
    public void A_leader_missing_a_committed_entry_is_caught()
    {
        var checker = new SafetyChecker(new EventQueue());
        var full = new RaftLog(16);
        full.Append(1, EntryKind.Set, 0, 0, 0, 7);
        full.Append(1, EntryKind.Set, 0, 0, 0, 8);
        checker.RecordCommit(1, full, 0, 2);
        var shorter = new RaftLog(16);
        shorter.Append(1, EntryKind.Set, 0, 0, 0, 7);
        checker.RecordLeader(3, 2, shorter);
        Assert.Contains(checker.Violations, v => v.Contains("Leader Completeness"));
    }

    [Fact]
    public void A_different_entry_committed_at_an_index_is_caught()
    {
        var checker = new SafetyChecker(new EventQueue());
        var a = new RaftLog(16);
        a.Append(1, EntryKind.Set, 0, 0, 0, 7);
        var b = new RaftLog(16);
        b.Append(2, EntryKind.Set, 0, 0, 0, 7);
        checker.RecordCommit(1, a, 0, 1);
        checker.RecordCommit(2, b, 0, 1);
        Assert.Contains(checker.Violations, v => v.Contains("committed"));
    }

    [Fact]
    public void Two_logs_that_agree_on_an_entry_but_differ_before_it_are_caught()
    {
        Simulation sim = CleanRun();
        RaftLog log = sim.Boards[2].Node.Log;
        int last = log.LastIndex;
        Assert.True(log.FirstIndex < last, "the clean run leaves at least two entries in the log");
        Assert.All(sim.Boards, b => Assert.True(b.Node.Log.Holds(last - 1) && b.Node.Log.Holds(last), "every board holds the same last two entries"));
        LoggedEntry before = LoggedEntry.At(log, last - 1);
        LoggedEntry tail = LoggedEntry.At(log, last);
        // Rewrite entry last-1 with another value and the same term, then put the last entry back: the logs still
        // agree on the last index and term, so Log Matching says they must be identical before it.
        log.TruncateAfter(last - 2);
        Assert.True(log.Append(before.Term, EntryKind.Set, before.Slot, 1, before.Seq, before.Value + 1));
        Assert.True(log.Append(tail.Term, tail.Kind, tail.Slot, tail.Client, tail.Seq, tail.Value));
        Assert.Empty(sim.Checker.Violations);
        sim.Checker.CheckLogMatching(sim.Boards);
        Assert.Contains(sim.Checker.Violations, v => v.Contains("Log Matching") && v.Contains($"agree on index {last} ") && v.Contains($"differ at {last - 1}"));
    }

    [Fact]
    public void A_commit_index_going_back_while_the_board_runs_is_caught()
    {
        Simulation sim = CleanRun();
        int commit = sim.Boards[2].Node.CommitIndex;
        Assert.True(commit > 0);
        // Node 2 of a cluster that has just powered on reports commit index 0 to the checker that saw it at `commit`.
        SimulatedBoard fresh = new Simulation(new SimOptions { Clients = 4 }, 3).Boards[2];
        Assert.Equal(0, fresh.Node.CommitIndex);
        sim.Checker.OnNodeState(fresh);
        Assert.Contains(sim.Checker.Violations, v => v.Contains($"node 2's commit index went back from {commit} to 0"));
    }

    [Fact]
    public void An_apply_index_going_back_is_caught()
    {
        Simulation sim = CleanRun();
        SimulatedBoard board = sim.Boards[2];
        int applied = board.Database.AppliedIndex;
        Assert.True(applied > 1);
        LoggedEntry again = sim.Checker.Applied[applied - 1];
        var result = new ApplyResult { Kind = again.Kind, Slot = again.Slot, Client = again.Client, Seq = again.Seq };
        sim.Checker.OnApplied(board, applied - 1, again.Term, result, again.Value); // the same entry, applied a second time
        Assert.Contains(sim.Checker.Violations, v => v.Contains($"node 2 applied index {applied - 1} after {applied}"));
    }

    [Fact]
    public void A_cluster_that_does_not_converge_within_the_liveness_bound_is_caught()
    {
        var sim = new Simulation(new SimOptions { LivenessBoundMicros = 300_000 }, 3);
        sim.RunFor(2_000_000);
        void KeepNodeOneDown()
        {
            sim.Crash(1);
            sim.Events.After(1_000, KeepNodeOneDown);
        }

        sim.Events.After(1_000, KeepNodeOneDown); // the liveness phase restarts every board; this one goes down again at once
        sim.RunFor(5_000); // node 1 is down when the liveness phase starts, whatever the cluster was doing
        Assert.Equal(-1, sim.HealAndConverge());
        Assert.Contains(sim.Checker.Violations, v => v.Contains("Liveness: 0 s after healing"));
    }

    [Fact]
    public void A_crash_mid_write_loses_the_pending_write_or_tears_the_append()
    {
        var files = new SimFlashFiles();
        byte[] first = [1, 2, 3];
        files.Append("f", first, 0, 3);
        files.Complete();
        files.Append("f", [4, 5, 6, 7], 0, 4);
        Assert.Equal(7, files.Length("f")); // the board reads its own pending writes
        files.Crash(new SplitMix64(1), tornProbability: 0);
        Assert.Equal(3, files.Length("f"));
        Assert.Equal(1, files.LostWrites);

        files.Append("f", [4, 5, 6, 7], 0, 4);
        files.Crash(new SplitMix64(2), tornProbability: 1);
        Assert.InRange(files.Length("f"), 4, 6); // part of the append reached the flash
        Assert.Equal(1, files.TornWrites);
        Assert.False(files.WriteInFlight);
    }
}
