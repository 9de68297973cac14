namespace RaftEsp.Core.Tests.Database;

using Database = RaftEsp.Core.Database;

public class DatabaseTests
{
    private readonly Database db = new(5, 16);
    private readonly ApplyResult result = new();

    /// <summary>Applies a register entry at the next index; returns the new client id.</summary>
    private static int Register(Database d, ApplyResult r, int nonce = 1)
    {
        Assert.Equal(ErrorCode.None, d.Apply(d.AppliedIndex + 1, EntryKind.Register, 0, 0, nonce, 0, r));
        Assert.Equal(ErrorCode.None, r.Status);
        return r.Client;
    }

    private void Set(int client, int seq, int slot, int value) =>
        Assert.Equal(ErrorCode.None, db.Apply(db.AppliedIndex + 1, EntryKind.Set, slot, client, seq, value, result));

    [Fact]
    public void Set_and_remove_change_one_slot_and_report_the_previous_value()
    {
        int client = Register(db, result);
        Set(client, 1, 2, 42);
        Assert.Equal((ErrorCode.None, 0, 2), (result.Status, result.Value, result.ResultIndex));
        Assert.Equal(ErrorCode.None, db.Apply(3, EntryKind.Remove, 2, client, 2, 0, result));
        Assert.Equal(42, result.Value);
        Assert.Equal(ErrorCode.None, db.Read(2, out int v));
        Assert.Equal(0, v);
        Assert.Equal(3, db.AppliedIndex);
    }

    [Fact]
    public void A_register_entry_opens_a_session_whose_id_is_its_log_index()
    {
        db.Apply(1, EntryKind.Noop, 0, 0, 0, 0, result);
        db.Apply(2, EntryKind.Noop, 0, 0, 0, 0, result);
        Assert.Equal(ErrorCode.None, db.Apply(3, EntryKind.Register, 0, 0, 77, 0, result));
        Assert.Equal((EntryKind.Register, 3, 77, 3, 0), (result.Kind, result.Client, result.Seq, result.ResultIndex, result.Value));
        Assert.True(db.SessionOf(3, out int last));
        Assert.Equal(0, last);
        Assert.False(db.SessionOf(2, out _));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(5)]
    [InlineData(63)]
    public void An_out_of_range_slot_is_refused_and_changes_nothing(int slot)
    {
        int client = Register(db, result);
        Set(client, 1, 0, 7);
        byte[] before = Snapshot(db);
        Assert.Equal(ErrorCode.SlotOutOfRange, db.ValidateCommand(EntryKind.Set, slot, client, 2));
        Assert.Equal(ErrorCode.SlotOutOfRange, db.Read(slot, out _));
        Assert.Equal(ErrorCode.None, db.Apply(3, EntryKind.Set, slot, client, 2, 9, result));
        Assert.Equal(ErrorCode.SlotOutOfRange, result.Status);
        Assert.Equal(0, result.ResultIndex);
        Assert.Equal(before[1..], Snapshot(db)[1..]);
    }

    [Fact]
    public void Malformed_commands_are_refused()
    {
        Assert.Equal(ErrorCode.InvalidCommand, db.ValidateCommand(EntryKind.Noop, 0, 0, 0));
        Assert.Equal(ErrorCode.InvalidCommand, db.ValidateCommand((EntryKind)9, 0, 0, 0));
        Assert.Equal(ErrorCode.ClientOutOfRange, db.ValidateCommand(EntryKind.Set, 0, -1, 1));
        Assert.Equal(ErrorCode.None, db.ValidateCommand(EntryKind.Set, 0, 0, 0)); // no session
        Assert.Equal(ErrorCode.InvalidCommand, db.ValidateCommand(EntryKind.Set, 0, 0, -1));
        Assert.Equal(ErrorCode.InvalidCommand, db.ValidateCommand(EntryKind.Set, 0, 1, 0));
        Assert.Equal(ErrorCode.InvalidCommand, db.ValidateCommand(EntryKind.Register, 0, 0, 0));
        Assert.Equal(ErrorCode.InvalidCommand, db.ValidateCommand(EntryKind.Register, 0, 5, 1));
        Assert.Equal(ErrorCode.None, db.ValidateCommand(EntryKind.Register, 0, 0, 1));
        Assert.Equal(ErrorCode.None, db.ValidateCommand(EntryKind.AddLearner, 0, 0, 0));
        Assert.Equal(ErrorCode.InvalidCommand, db.ValidateCommand(EntryKind.AddLearner, 1, 0, 0)); // the id is in the value, not the slot
    }

    [Fact]
    public void Entries_apply_strictly_in_order()
    {
        Assert.Equal(ErrorCode.InvalidState, db.Apply(2, EntryKind.Set, 0, 1, 1, 1, result));
        Assert.Equal(0, db.AppliedIndex);
        Assert.Equal(ErrorCode.None, db.Apply(1, EntryKind.Noop, 0, 0, 0, 0, result));
        Assert.Equal(ErrorCode.InvalidState, db.Apply(1, EntryKind.Set, 0, 1, 1, 1, result));
    }

    [Fact]
    public void A_command_of_a_client_without_a_session_is_session_expired_and_changes_nothing()
    {
        int client = Register(db, result);
        Set(client, 1, 0, 5);
        Assert.Equal(ErrorCode.None, db.Apply(3, EntryKind.Set, 0, client + 7, 1, 9, result));
        Assert.Equal((ErrorCode.SessionExpired, 0), (result.Status, result.ResultIndex));
        db.Read(0, out int v);
        Assert.Equal(5, v);
    }

    [Fact]
    public void A_retried_command_applies_once_and_returns_the_first_result_with_its_index()
    {
        int client = Register(db, result);
        Set(client, 10, 1, 5);
        Set(client, 11, 1, 6); // index 3
        Set(client, 11, 1, 99); // retry of seq 11 with the same session
        Assert.True(result.Duplicate);
        Assert.Equal((5, 3), (result.Value, result.ResultIndex));
        db.Read(1, out int v);
        Assert.Equal(6, v);
        Set(client, 10, 1, 77); // an older command arriving late
        Assert.Equal((ErrorCode.StaleSequence, 11, 0), (result.Status, result.Value, result.ResultIndex));
        db.Read(1, out v);
        Assert.Equal(6, v);
    }

    [Fact]
    public void Seventy_thousand_writes_of_one_client_never_wrap_and_a_replay_of_an_early_one_changes_nothing()
    {
        int client = Register(db, result);
        for (int seq = 1; seq <= 70_000; seq++) Set(client, seq, seq % 5, seq);
        byte[] before = Snapshot(db);
        foreach (int replayed in new[] { 100, 4_465, 32_868, 65_636, 69_999 })
        {
            Set(client, replayed, 3, 1111);
            Assert.Equal((ErrorCode.StaleSequence, 70_000), (result.Status, result.Value));
        }

        Set(client, 70_000, 3, 1111);
        Assert.True(result.Duplicate);
        Assert.Equal(before, Snapshot(db));
        Assert.True(db.SessionOf(client, out int last));
        Assert.Equal(70_000, last);
        int[] expected = { 70_000, 69_996, 69_997, 69_998, 69_999 };
        for (int slot = 0; slot < 5; slot++)
        {
            db.Read(slot, out int v);
            Assert.Equal(expected[slot], v);
        }
    }

    [Fact]
    public void A_full_table_evicts_the_session_used_least_recently_by_log_index()
    {
        var small = new Database(5, 3);
        int a = Register(small, result);
        int b = Register(small, result);
        int c = Register(small, result);
        small.Apply(4, EntryKind.Set, 0, a, 1, 1, result); // a used last: b is now the least recently used
        small.Apply(5, EntryKind.Set, 0, c, 1, 1, result);
        Assert.Equal(6, Register(small, result));
        Assert.Equal(b, result.Value);
        Assert.False(small.SessionOf(b, out _));
        Assert.True(small.SessionOf(a, out _) && small.SessionOf(c, out _) && small.SessionOf(6, out _));
        small.Apply(7, EntryKind.Set, 0, b, 2, 9, result);
        Assert.Equal(ErrorCode.SessionExpired, result.Status);
        // A duplicate does not count as use: a (last applied at 4) stays the least recently used and goes next.
        small.Apply(8, EntryKind.Set, 0, a, 1, 1, result);
        Assert.True(result.Duplicate);
        Register(small, result);
        Assert.Equal(a, result.Value);
    }

    [Fact]
    public void Eviction_is_the_same_on_every_node_even_after_a_snapshot_restore()
    {
        var first = new Database(5, 4);
        var second = new Database(5, 4);
        var other = new ApplyResult();
        var random = new Random(12);
        var seqs = new Dictionary<int, int>();
        for (int index = 1; index <= 400; index++)
        {
            EntryKind kind;
            int client = 0, seq = index;
            if (random.Next(4) == 0)
            {
                kind = EntryKind.Register;
            }
            else
            {
                kind = EntryKind.Set;
                client = Math.Max(1, index - random.Next(1, 30));
                seqs[client] = seq = seqs.GetValueOrDefault(client) + 1;
            }

            Assert.Equal(ErrorCode.None, first.Apply(index, kind, index % 5, client, seq, index, result));
            Assert.Equal(ErrorCode.None, second.Apply(index, kind, index % 5, client, seq, index, other));
            Assert.Equal((result.Status, result.Value, result.Client), (other.Status, other.Value, other.Client));
            if (index % 50 == 0)
            {
                byte[] snap = Snapshot(second);
                second = new Database(5, 4);
                Assert.Equal(ErrorCode.None, second.RestoreSnapshot(index, snap, 0, snap.Length));
            }

            Assert.Equal(Snapshot(first), Snapshot(second));
        }

        Assert.Equal(4, first.Sessions.Count);
    }

    [Fact]
    public void A_snapshot_restores_slots_sessions_and_index()
    {
        int a = Register(db, result);
        int b = Register(db, result);
        Set(a, 7, 4, -123456);
        Set(b, int.MaxValue, 0, int.MaxValue);
        byte[] snapshot = Snapshot(db);
        Assert.Equal(db.SnapshotSize(), snapshot.Length);
        Assert.True(snapshot.Length <= Database.MaxSnapshotSize(5, 16));
        Assert.Equal(Database.SnapshotVersion, snapshot[0]);

        var copy = new Database(5, 16);
        Assert.Equal(ErrorCode.None, copy.RestoreSnapshot(4, snapshot, 0, snapshot.Length));
        Assert.Equal(snapshot, Snapshot(copy));
        Assert.Equal(4, copy.AppliedIndex);
        copy.Apply(5, EntryKind.Set, 4, a, 7, 0, result);
        Assert.True(result.Duplicate); // the session survived the snapshot, with the first result's index
        Assert.Equal(3, result.ResultIndex);
    }

    [Fact]
    public void A_full_session_table_snapshot_fits_the_largest_size()
    {
        var full = new Database(5, 16);
        for (int i = 0; i < 16; i++) Register(full, result);
        for (int i = 0; i < 5; i++) full.Apply(full.AppliedIndex + 1, EntryKind.Set, i, 16, int.MaxValue - 5 + i, int.MinValue, result);
        byte[] snapshot = Snapshot(full);
        Assert.True(snapshot.Length <= Database.MaxSnapshotSize(5, 16));
        Assert.Equal(full.SnapshotSize(), snapshot.Length);
    }

    [Fact]
    public void A_bad_snapshot_changes_nothing()
    {
        int client = Register(db, result);
        Set(client, 7, 4, 5);
        byte[] good = Snapshot(db);
        var target = new Database(5, 16);
        Register(target, result);
        target.Apply(2, EntryKind.Set, 1, 1, 1, 9, result);
        byte[] before = Snapshot(target);

        var bad = new List<byte[]>
        {
            good[..^1], // truncated
            good.Append((byte)0).ToArray(), // trailing garbage
            Snapshot(new Database(6, 16)), // another shape
            Array.Empty<byte>(),
        };
        byte[] version = (byte[])good.Clone();
        version[0] = 1; // the first format: 8-bit client ids, 16-bit sequence numbers
        bad.Add(version);
        int sessions = 1 + 1 + 5; // version, slot count, five one-byte slots (4 holds 5: one byte too)
        byte[] lastUseAhead = (byte[])good.Clone();
        Bytes.WriteI32(lastUseAhead, sessions + 1 + 8, 99); // last use after the snapshot's index
        bad.Add(lastUseAhead);
        byte[] clientZero = (byte[])good.Clone();
        Bytes.WriteI32(clientZero, sessions + 1, 0);
        bad.Add(clientZero);
        foreach (byte[] b in bad)
        {
            Assert.Equal(ErrorCode.BadSnapshot, target.RestoreSnapshot(2, b, 0, b.Length));
            Assert.Equal(before, Snapshot(target));
            Assert.Equal(2, target.AppliedIndex);
        }

        Assert.Equal(ErrorCode.BadSnapshot, target.RestoreSnapshot(2, good, 1, good.Length));
        Assert.Equal(ErrorCode.None, target.RestoreSnapshot(2, good, 0, good.Length));
    }

    [Fact]
    public void The_largest_shape_fits_the_wire_snapshot_limit()
    {
        Assert.True(Database.MaxSnapshotSize(Config.MaxDatabaseSlots, Config.MaxClientSessions) <= FrameLimits.MaxSnapshotBytes);
    }

    internal static byte[] Snapshot(Database d)
    {
        byte[] buffer = new byte[Database.MaxSnapshotSize(d.SlotCount, d.ClientSessions)];
        int n = d.WriteSnapshot(buffer, 0);
        return buffer[..n];
    }
}
