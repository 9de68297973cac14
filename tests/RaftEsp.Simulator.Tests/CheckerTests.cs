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
        VirtualBoard board = sim.Boards[2];
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
