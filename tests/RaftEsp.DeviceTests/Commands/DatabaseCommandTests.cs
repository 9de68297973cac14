using nanoFramework.TestFramework;
using RaftEsp.Core;

namespace RaftEsp.DeviceTests.Commands
{
    /// <summary>The replicated database: set, get and remove, their errors, retries, and snapshots. A refused command changes nothing.</summary>
    [TestClass]
    public class DatabaseCommandTests
    {
        /// <summary>A database whose client 1 is registered (the register entry at index 1): commands start at index 2.</summary>
        private static Database WithClientOne(ApplyResult result)
        {
            Database db = new Database(5, 16);
            Assert.AreEqual((int)ErrorCode.None, (int)db.Apply(1, EntryKind.Register, 0, 0, 1, 0, result));
            Assert.AreEqual(1, result.Client);
            return db;
        }

        [TestMethod]
        public static void Set_then_get_returns_the_value_and_reports_the_previous_one()
        {
            ApplyResult result = new ApplyResult();
            Database db = WithClientOne(result);
            Assert.AreEqual((int)ErrorCode.None, (int)db.Apply(2, EntryKind.Set, 2, 1, 1, 42, result));
            Assert.AreEqual((int)ErrorCode.None, (int)result.Status);
            Assert.AreEqual(0, result.Value);
            Assert.AreEqual((int)ErrorCode.None, (int)db.Read(2, out int value));
            Assert.AreEqual(42, value);
            db.Apply(3, EntryKind.Set, 2, 1, 2, -5, result);
            Assert.AreEqual(42, result.Value);
            db.Read(2, out value);
            Assert.AreEqual(-5, value);
            Assert.AreEqual(3, db.AppliedIndex);
        }

        [TestMethod]
        public static void Remove_resets_the_slot_to_zero()
        {
            Database db = new Database(5, 16);
            ApplyResult result = new ApplyResult();
            db.Apply(1, EntryKind.Set, 4, 0, 0, 9, result);
            db.Apply(2, EntryKind.Remove, 4, 0, 0, 0, result);
            Assert.AreEqual(9, result.Value);
            db.Read(4, out int value);
            Assert.AreEqual(0, value);
        }

        [TestMethod]
        [DataRow(-1)]
        [DataRow(5)]
        [DataRow(63)]
        public static void A_slot_outside_the_database_is_refused_and_changes_nothing(int slot)
        {
            Database db = new Database(5, 16);
            ApplyResult result = new ApplyResult();
            Assert.AreEqual((int)ErrorCode.SlotOutOfRange, (int)db.ValidateCommand(EntryKind.Set, slot, 1, 1));
            Assert.AreEqual((int)ErrorCode.SlotOutOfRange, (int)db.Read(slot, out int _));
            // Committed anyway (another node's bug, say): the index is consumed, the state is not touched.
            Assert.AreEqual((int)ErrorCode.None, (int)db.Apply(1, EntryKind.Set, slot, 1, 1, 7, result));
            Assert.AreEqual((int)ErrorCode.SlotOutOfRange, (int)result.Status);
            Assert.AreEqual(1, db.AppliedIndex);
            Assert.IsFalse(db.SessionOf(1, out int _), "a refused command opened a session");
            for (int s = 0; s < 5; s++)
            {
                db.Read(s, out int value);
                Assert.AreEqual(0, value);
            }
        }

        [TestMethod]
        [DataRow(-1)]
        [DataRow(int.MinValue)]
        public static void A_negative_client_id_is_refused(int client)
        {
            Database db = new Database(5, 16);
            Assert.AreEqual((int)ErrorCode.ClientOutOfRange, (int)db.ValidateCommand(EntryKind.Set, 0, client, 1));
        }

        [TestMethod]
        public static void A_client_without_a_session_is_answered_session_expired_and_changes_nothing()
        {
            ApplyResult result = new ApplyResult();
            Database db = WithClientOne(result);
            db.Apply(2, EntryKind.Set, 0, 70000, 1, 9, result);
            Assert.AreEqual((int)ErrorCode.SessionExpired, (int)result.Status);
            Assert.AreEqual(0, result.ResultIndex);
            db.Read(0, out int value);
            Assert.AreEqual(0, value);
        }

        [TestMethod]
        public static void Only_set_and_remove_come_from_clients()
        {
            Database db = new Database(5, 16);
            Assert.AreEqual((int)ErrorCode.InvalidCommand, (int)db.ValidateCommand(EntryKind.Noop, 0, 1, 1));
            Assert.AreEqual((int)ErrorCode.None, (int)db.ValidateCommand(EntryKind.AddLearner, 0, 1, 1));
            Assert.AreEqual((int)ErrorCode.InvalidCommand, (int)db.ValidateCommand(EntryKind.RemoveNode, 2, 1, 1));
            Assert.AreEqual((int)ErrorCode.InvalidCommand, (int)db.ValidateCommand((EntryKind)9, 0, 1, 1));
            Assert.AreEqual((int)ErrorCode.None, (int)db.ValidateCommand(EntryKind.Register, 0, 0, 1));
        }

        [TestMethod]
        public static void A_retried_command_applies_once_and_gets_the_first_answer()
        {
            ApplyResult result = new ApplyResult();
            Database db = WithClientOne(result);
            db.Apply(2, EntryKind.Set, 0, 1, 10, 100, result);
            db.Apply(3, EntryKind.Set, 0, 1, 10, 999, result);
            Assert.IsTrue(result.Duplicate, "the retry was not recognised");
            Assert.AreEqual(0, result.Value);
            Assert.AreEqual(2, result.ResultIndex);
            db.Read(0, out int value);
            Assert.AreEqual(100, value);
        }

        [TestMethod]
        public static void An_older_sequence_number_is_refused_as_stale()
        {
            ApplyResult result = new ApplyResult();
            Database db = WithClientOne(result);
            db.Apply(2, EntryKind.Set, 0, 1, 70000, 100, result);
            db.Apply(3, EntryKind.Set, 0, 1, 4464, 555, result); // 70000 - 65536: no 16-bit wrap
            Assert.AreEqual((int)ErrorCode.StaleSequence, (int)result.Status);
            Assert.AreEqual(0, result.ResultIndex);
            Assert.AreEqual(70000, result.Value);
            db.Read(0, out int value);
            Assert.AreEqual(100, value);
        }

        [TestMethod]
        public static void Entries_apply_only_in_index_order()
        {
            Database db = new Database(5, 16);
            ApplyResult result = new ApplyResult();
            Assert.AreEqual((int)ErrorCode.InvalidState, (int)db.Apply(2, EntryKind.Set, 0, 0, 0, 1, result));
            Assert.AreEqual(0, db.AppliedIndex);
            db.Read(0, out int value);
            Assert.AreEqual(0, value);
        }

        [TestMethod]
        public static void A_snapshot_restores_slots_and_sessions()
        {
            ApplyResult result = new ApplyResult();
            Database db = WithClientOne(result);
            db.Apply(2, EntryKind.Set, 1, 1, 7, int.MinValue, result);
            db.Apply(3, EntryKind.Register, 0, 0, 2, 0, result);
            db.Apply(4, EntryKind.Set, 4, 3, int.MaxValue, int.MaxValue, result);
            byte[] snapshot = new byte[Database.MaxSnapshotSize(5, 16)];
            int length = db.WriteSnapshot(snapshot, 0);
            Assert.AreEqual(db.SnapshotSize(), length);

            Database copy = new Database(5, 16);
            Assert.AreEqual((int)ErrorCode.None, (int)copy.RestoreSnapshot(4, snapshot, 0, length));
            Assert.AreEqual(4, copy.AppliedIndex);
            copy.Read(1, out int a);
            copy.Read(4, out int b);
            Assert.AreEqual(int.MinValue, a);
            Assert.AreEqual(int.MaxValue, b);
            Assert.IsTrue(copy.SessionOf(3, out int seq), "session 3 lost");
            Assert.AreEqual(int.MaxValue, seq);
            // The restored session still recognises the retry.
            copy.Apply(5, EntryKind.Set, 4, 3, int.MaxValue, 0, result);
            Assert.IsTrue(result.Duplicate, "retry after restore applied twice");
        }

        [TestMethod]
        public static void A_malformed_snapshot_is_refused_and_changes_nothing()
        {
            ApplyResult result = new ApplyResult();
            Database db = WithClientOne(result);
            db.Apply(2, EntryKind.Set, 0, 1, 1, 11, result);
            byte[] snapshot = new byte[Database.MaxSnapshotSize(5, 16)];
            int length = db.WriteSnapshot(snapshot, 0);

            Database target = new Database(5, 16);
            target.Apply(1, EntryKind.Set, 2, 0, 0, 22, result);
            Assert.AreEqual((int)ErrorCode.BadSnapshot, (int)target.RestoreSnapshot(9, snapshot, 0, length - 1));
            snapshot[0] = 1; // the first snapshot format
            Assert.AreEqual((int)ErrorCode.BadSnapshot, (int)target.RestoreSnapshot(9, snapshot, 0, length));
            snapshot[0] = Database.SnapshotVersion;
            Assert.AreEqual((int)ErrorCode.BadSnapshot, (int)new Database(6, 16).RestoreSnapshot(9, snapshot, 0, length));
            Assert.AreEqual(1, target.AppliedIndex);
            target.Read(2, out int value);
            Assert.AreEqual(22, value);
            target.Read(0, out value);
            Assert.AreEqual(0, value);
        }
    }
}
