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

    private static List<string> HistoryProblems(Simulation sim) =>
        HistoryChecker.Check(sim.History, sim.Checker, sim.Boards, sim.DatabaseSlots);

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
        ClientOp ghost = sim.NewOp(1, 60_000, OpKind.Set, 0, 5);
        ghost.Completed = sim.Now;
        Assert.Contains(HistoryProblems(sim), p => p.StartsWith("Durability", StringComparison.Ordinal) && p.Contains($"op {ghost.Id} "));
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
