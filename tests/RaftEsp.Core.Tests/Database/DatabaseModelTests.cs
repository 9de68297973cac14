using FsCheck;
using FsCheck.Fluent;

namespace RaftEsp.Core.Tests.Database;

using Database = RaftEsp.Core.Database;

/// <summary>Property test: the database against a dumb reference model written for clarity, not speed.</summary>
public class DatabaseModelTests
{
    private sealed class Model
    {
        public readonly int[] Slots = new int[5];
        public readonly Dictionary<int, (int Seq, int Value)> Sessions = new();

        public (ErrorCode Status, int Value, bool Duplicate) Apply(EntryKind kind, int slot, int client, int seq, int value)
        {
            if (kind == EntryKind.Noop) return (ErrorCode.None, 0, false);
            if (slot < 0 || slot >= Slots.Length) return (ErrorCode.SlotOutOfRange, 0, false);
            if (client < 0 || client >= 4) return (ErrorCode.ClientOutOfRange, 0, false);
            if (client != 0 && Sessions.TryGetValue(client, out var s))
            {
                int d = (short)(seq - s.Seq);
                if (d == 0) return (ErrorCode.None, s.Value, true);
                if (d < 0) return (ErrorCode.StaleSequence, s.Seq, false);
            }

            int previous = Slots[slot];
            Slots[slot] = kind == EntryKind.Set ? value : 0;
            if (client != 0) Sessions[client] = (seq, previous);
            return (ErrorCode.None, previous, false);
        }
    }

    [Fact]
    public void Matches_the_reference_model_and_survives_snapshots()
    {
        Gen<(int Kind, int Slot, int Client, int Seq, int Value)> command =
            from kind in Gen.Choose(0, 2)
            from slot in Gen.Choose(-1, 6)
            from client in Gen.Choose(0, 4)
            from seq in Gen.Choose(0, 6)
            from value in Gen.Choose(-1000, 1000)
            select (kind, slot, client, seq, value);

        Prop.ForAll(command.ArrayOf().ToArbitrary(), commands =>
        {
            var db = new Database(5, 4);
            var model = new Model();
            var result = new ApplyResult();
            int index = 0;
            foreach (var c in commands)
            {
                var kind = (EntryKind)c.Kind;
                db.Apply(++index, kind, c.Slot, c.Client, c.Seq, c.Value, result);
                var expected = model.Apply(kind, c.Slot, c.Client, c.Seq, c.Value);
                if ((result.Status, result.Value, result.Duplicate) != expected) return false;
                if (index % 7 == 0)
                {
                    byte[] snap = DatabaseTests.Snapshot(db);
                    db = new Database(5, 4);
                    if (db.RestoreSnapshot(index, snap, 0, snap.Length) != ErrorCode.None) return false;
                }
            }

            for (int i = 0; i < 5; i++)
            {
                db.Read(i, out int v);
                if (v != model.Slots[i]) return false;
            }

            return db.AppliedIndex == index;
        }).QuickCheckThrowOnFailure();
    }
}
