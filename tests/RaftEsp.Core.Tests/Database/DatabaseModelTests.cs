using FsCheck;
using FsCheck.Fluent;

namespace RaftEsp.Core.Tests.Database;

using Database = RaftEsp.Core.Database;

/// <summary>Property test: the database against a dumb reference model written for clarity, not speed.</summary>
public class DatabaseModelTests
{
    private const int Capacity = 3;

    private sealed class Model
    {
        public readonly int[] Slots = new int[5];
        public readonly Dictionary<int, (int Seq, int Value, int LastUse)> Sessions = new();

        public (ErrorCode Status, int Value, bool Duplicate) Apply(int index, EntryKind kind, int slot, int client, int seq, int value)
        {
            if (kind == EntryKind.Noop) return (ErrorCode.None, 0, false);
            if (kind == EntryKind.Register)
            {
                int evicted = 0;
                if (Sessions.Count == Capacity)
                {
                    evicted = Sessions.MinBy(s => s.Value.LastUse).Key;
                    Sessions.Remove(evicted);
                }

                Sessions[index] = (0, 0, index);
                return (ErrorCode.None, evicted, false);
            }

            if (slot < 0 || slot >= Slots.Length) return (ErrorCode.SlotOutOfRange, 0, false);
            if (client < 0) return (ErrorCode.ClientOutOfRange, 0, false);
            if (seq < (client == 0 ? 0 : 1)) return (ErrorCode.InvalidCommand, 0, false);
            if (client == 0)
            {
                int old = Slots[slot];
                Slots[slot] = kind == EntryKind.Set ? value : 0;
                return (ErrorCode.None, old, false);
            }

            if (!Sessions.TryGetValue(client, out var s)) return (ErrorCode.SessionExpired, 0, false);
            if (seq == s.Seq) return (ErrorCode.None, s.Value, true);
            if (seq < s.Seq) return (ErrorCode.StaleSequence, s.Seq, false);
            int previous = Slots[slot];
            Slots[slot] = kind == EntryKind.Set ? value : 0;
            Sessions[client] = (seq, previous, index);
            return (ErrorCode.None, previous, false);
        }
    }

    [Fact]
    public void Matches_the_reference_model_and_survives_snapshots()
    {
        // Kind 3 stands for a register (its nonce in the sequence field); clients name recent indexes so that some
        // hit live sessions, some evicted ones.
        Gen<(int Kind, int Slot, int ClientBack, int Seq, int Value)> command =
            from kind in Gen.Choose(0, 3)
            from slot in Gen.Choose(-1, 6)
            from back in Gen.Choose(0, 8)
            from seq in Gen.Choose(0, 6)
            from value in Gen.Choose(-1000, 1000)
            select (kind, slot, back, seq, value);

        Prop.ForAll(command.ArrayOf().ToArbitrary(), commands =>
        {
            var db = new Database(5, Capacity);
            var model = new Model();
            var result = new ApplyResult();
            int index = 0;
            foreach (var c in commands)
            {
                index++;
                var kind = c.Kind == 3 ? EntryKind.Register : (EntryKind)c.Kind;
                int client = kind == EntryKind.Register ? 0 : Math.Max(0, index - c.ClientBack);
                int seq = kind == EntryKind.Register ? c.Seq + 1 : c.Seq;
                int slot = kind == EntryKind.Register ? 0 : c.Slot;
                db.Apply(index, kind, slot, client, seq, c.Value, result);
                var expected = model.Apply(index, kind, slot, client, seq, c.Value);
                if ((result.Status, result.Value, result.Duplicate) != expected) return false;
                if (index % 7 == 0)
                {
                    byte[] snap = DatabaseTests.Snapshot(db);
                    db = new Database(5, Capacity);
                    if (db.RestoreSnapshot(index, snap, 0, snap.Length) != ErrorCode.None) return false;
                }
            }

            for (int i = 0; i < 5; i++)
            {
                db.Read(i, out int v);
                if (v != model.Slots[i]) return false;
            }

            foreach (var (client, session) in model.Sessions)
            {
                if (!db.SessionOf(client, out int last) || last != session.Seq) return false;
            }

            return db.AppliedIndex == index && db.Sessions.Count == model.Sessions.Count;
        }).QuickCheckThrowOnFailure();
    }
}
