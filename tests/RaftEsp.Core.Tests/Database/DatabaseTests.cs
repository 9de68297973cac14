namespace RaftEsp.Core.Tests.Database;

using Database = RaftEsp.Core.Database;

public class DatabaseTests
{
    private readonly Database db = new(5, 16);
    private readonly ApplyResult result = new();

    [Fact]
    public void Set_and_remove_change_one_slot_and_report_the_previous_value()
    {
        Assert.Equal(ErrorCode.None, db.Apply(1, EntryKind.Set, 2, 0, 0, 42, result));
        Assert.Equal((ErrorCode.None, 0), (result.Status, result.Value));
        Assert.Equal(ErrorCode.None, db.Apply(2, EntryKind.Remove, 2, 0, 0, 0, result));
        Assert.Equal(42, result.Value);
        Assert.Equal(ErrorCode.None, db.Read(2, out int v));
        Assert.Equal(0, v);
        Assert.Equal(2, db.AppliedIndex);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(5)]
    [InlineData(63)]
    public void An_out_of_range_slot_is_refused_and_changes_nothing(int slot)
    {
        db.Apply(1, EntryKind.Set, 0, 0, 0, 7, result);
        byte[] before = Snapshot(db);
        Assert.Equal(ErrorCode.SlotOutOfRange, db.ValidateCommand(EntryKind.Set, slot, 0));
        Assert.Equal(ErrorCode.SlotOutOfRange, db.Read(slot, out _));
        Assert.Equal(ErrorCode.None, db.Apply(2, EntryKind.Set, slot, 0, 0, 9, result));
        Assert.Equal(ErrorCode.SlotOutOfRange, result.Status);
        Assert.Equal(before, Snapshot(db));
    }

    [Fact]
    public void Malformed_commands_are_refused()
    {
        Assert.Equal(ErrorCode.InvalidCommand, db.ValidateCommand(EntryKind.Noop, 0, 0));
        Assert.Equal(ErrorCode.InvalidCommand, db.ValidateCommand((EntryKind)9, 0, 0));
        Assert.Equal(ErrorCode.ClientOutOfRange, db.ValidateCommand(EntryKind.Set, 0, 16));
        Assert.Equal(ErrorCode.NotSupported, db.ValidateCommand(EntryKind.AddNode, 0, 0));
    }

    [Fact]
    public void Entries_apply_strictly_in_order()
    {
        Assert.Equal(ErrorCode.InvalidState, db.Apply(2, EntryKind.Set, 0, 0, 0, 1, result));
        Assert.Equal(0, db.AppliedIndex);
        Assert.Equal(ErrorCode.None, db.Apply(1, EntryKind.Noop, 0, 0, 0, 0, result));
        Assert.Equal(ErrorCode.InvalidState, db.Apply(1, EntryKind.Set, 0, 0, 0, 1, result));
    }

    [Fact]
    public void Section_8_a_retried_command_applies_once_and_returns_the_first_result()
    {
        db.Apply(1, EntryKind.Set, 1, 3, 10, 5, result);
        db.Apply(2, EntryKind.Set, 1, 3, 11, 6, result);
        db.Apply(3, EntryKind.Set, 1, 3, 11, 99, result); // retry of seq 11 with the same session
        Assert.True(result.Duplicate);
        Assert.Equal(5, result.Value);
        db.Read(1, out int v);
        Assert.Equal(6, v);
        db.Apply(4, EntryKind.Set, 1, 3, 10, 77, result); // an older command arriving late
        Assert.Equal(ErrorCode.StaleSequence, result.Status);
        Assert.Equal(11, result.Value);
        db.Read(1, out v);
        Assert.Equal(6, v);
    }

    [Fact]
    public void Sequence_numbers_wrap_at_16_bits()
    {
        db.Apply(1, EntryKind.Set, 0, 1, 65535, 1, result);
        db.Apply(2, EntryKind.Set, 0, 1, 0, 2, result);
        Assert.False(result.Duplicate);
        Assert.Equal(ErrorCode.None, result.Status);
        db.Read(0, out int v);
        Assert.Equal(2, v);
    }

    [Fact]
    public void A_snapshot_restores_slots_sessions_and_index()
    {
        db.Apply(1, EntryKind.Set, 4, 2, 7, -123456, result);
        db.Apply(2, EntryKind.Set, 0, 15, 1, int.MaxValue, result);
        byte[] snapshot = Snapshot(db);
        Assert.Equal(db.SnapshotSize(), snapshot.Length);
        Assert.True(snapshot.Length <= Database.MaxSnapshotSize(5, 16));

        var copy = new Database(5, 16);
        Assert.Equal(ErrorCode.None, copy.RestoreSnapshot(2, snapshot, 0, snapshot.Length));
        Assert.Equal(snapshot, Snapshot(copy));
        Assert.Equal(2, copy.AppliedIndex);
        copy.Apply(3, EntryKind.Set, 4, 2, 7, 0, result);
        Assert.True(result.Duplicate); // the session survived the snapshot
    }

    [Fact]
    public void A_bad_snapshot_changes_nothing()
    {
        db.Apply(1, EntryKind.Set, 4, 2, 7, 5, result);
        byte[] good = Snapshot(db);
        var target = new Database(5, 16);
        target.Apply(1, EntryKind.Set, 1, 0, 0, 9, result);
        byte[] before = Snapshot(target);

        var bad = new List<byte[]>
        {
            good[..^1], // truncated
            good.Append((byte)0).ToArray(), // trailing garbage
            Snapshot(new Database(6, 16)), // another shape
            Array.Empty<byte>(),
        };
        byte[] version = (byte[])good.Clone();
        version[0] = 2;
        bad.Add(version);
        foreach (byte[] b in bad)
        {
            Assert.Equal(ErrorCode.BadSnapshot, target.RestoreSnapshot(5, b, 0, b.Length));
            Assert.Equal(before, Snapshot(target));
            Assert.Equal(1, target.AppliedIndex);
        }

        Assert.Equal(ErrorCode.BadSnapshot, target.RestoreSnapshot(5, good, 1, good.Length));
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
