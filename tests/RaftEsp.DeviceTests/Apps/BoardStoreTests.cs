using nanoFramework.TestFramework;
using RaftEsp.Apps;
using RaftEsp.Core;
using RaftEsp.DeviceTests.Harness;

namespace RaftEsp.DeviceTests.Apps
{
    /// <summary>The board's durable Raft state on (fake) flash: a reboot gets everything back; a torn write is as if never made.</summary>
    [TestClass]
    public class BoardStoreTests
    {
        [TestMethod]
        public static void A_rebooted_board_gets_back_its_term_log_and_database()
        {
            MemoryFlash flash = new MemoryFlash();
            OneBoard board = new OneBoard(flash);
            board.RunUntilLeader();
            for (int i = 1; i <= 30; i++) board.Set(i % 5, i * 10, i);
            Assert.IsTrue(flash.Writes > 0, "nothing was written to flash");

            OneBoard again = new OneBoard(flash);
            Assert.AreEqual(board.Node.Term, again.Node.Term);
            Assert.AreEqual(board.Node.Vote, again.Node.Vote);
            Assert.AreEqual(board.Node.Log.LastIndex, again.Node.Log.LastIndex);
            again.RunUntilLeader();
            for (int slot = 0; slot < 5; slot++) Assert.AreEqual(board.Value(slot), again.Value(slot), "slot " + slot);
        }

        [TestMethod]
        public static void A_torn_last_record_is_dropped_and_the_rest_survives()
        {
            MemoryFlash flash = new MemoryFlash();
            OneBoard board = new OneBoard(flash);
            board.RunUntilLeader();
            board.Set(0, 7, 1);
            int lastIndex = board.Node.Log.LastIndex;
            board.Set(1, 8, 2);
            flash.Tear(BoardStore.LogFile, 5);

            OneBoard again = new OneBoard(flash);
            Assert.AreEqual(1, again.Store.TornRecordsDropped);
            Assert.IsTrue(again.Node.Log.LastIndex >= lastIndex, "a record before the torn one was lost");
            again.RunUntilLeader();
            Assert.AreEqual(7, again.Value(0));
        }

        /// <summary>A one-board cluster persisting every Ready through the store, with the boards' own loop.</summary>
        private sealed class OneBoard : IFrameSender
        {
            private readonly ReadyHandler handler;

            public OneBoard(MemoryFlash flash)
            {
                Config config = new Config();
                config.NodeId = 1;
                config.Members = new byte[] { 1 };
                config.ClusterKey = NanoCluster.Key;
                config.ElectionTicks = 10;
                config.HeartbeatTicks = 1;
                Node = new RaftNode(config);
                Database = new RaftEsp.Core.Database(config.DatabaseSlots, config.ClientSessions);
                Store = new BoardStore(flash, config, 0);
                Assert.AreEqual((int)ErrorCode.None, (int)Store.Load(Node, Database));
                handler = new ReadyHandler(Node, Database, this, Store, ReadyHandler.Unobserved);
            }

            /// <summary>Frames sent; a board alone in its cluster has no one to send to.</summary>
            public int FramesSent { get; private set; }

            public RaftNode Node { get; }

            public RaftEsp.Core.Database Database { get; }

            public BoardStore Store { get; }

            public void RunUntilLeader()
            {
                for (int t = 0; t < 100 && Node.Role != Role.Leader; t++)
                {
                    Node.Tick();
                    Drain();
                }

                Assert.AreEqual((int)Role.Leader, (int)Node.Role);
                Drain();
            }

            public void Set(int slot, int value, int seq)
            {
                Assert.AreEqual((int)ErrorCode.None, (int)Node.Propose(EntryKind.Set, slot, 0, 0, value)); // no session: the store, not deduplication, is tested here
                Drain();
            }

            public int Value(int slot)
            {
                Database.Read(slot, out int value);
                return value;
            }

            public void Send(int to, byte[] frame, int length) => FramesSent++;

            private void Drain()
            {
                while (handler.Prepare()) Assert.AreEqual((int)ErrorCode.None, (int)handler.Handle());
                Assert.AreEqual(0, FramesSent);
            }
        }
    }
}
