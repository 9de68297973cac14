using RaftEsp.Simulator;

namespace RaftEsp.Apps.Tests;

public class BoardStoreTests
{
    private static Config OneBoard() => new() { NodeId = 1, Members = [1], CompactionThreshold = 20 };

    /// <summary>A one-board cluster driven through the boards' Ready loop, persisting with the store on in-memory flash.</summary>
    private sealed class Board : IFrameSender, IRaftStorage
    {
        public readonly SimFlashFiles Files;
        public readonly RaftNode Node;
        public readonly RaftEsp.Core.Database Database;
        public readonly BoardStore Store;
        private readonly ReadyHandler handler;

        public Board(SimFlashFiles files, int maxLogBytes = 0)
        {
            Files = files;
            Config c = OneBoard();
            Node = new RaftNode(c);
            Database = new RaftEsp.Core.Database(c.DatabaseSlots, c.ClientSessions);
            Store = new BoardStore(files, c, maxLogBytes);
            Assert.Equal(ErrorCode.None, Store.Load(Node, Database));
            handler = new ReadyHandler(Node, Database, this, this, ReadyHandler.Unobserved);
        }

        public void Run(int ticks, bool compact = true)
        {
            for (int t = 0; t < ticks; t++)
            {
                Node.Tick();
                Drain(compact);
            }
        }

        /// <summary>The client session this board's writes use, registered by the first write (its register entry's index).</summary>
        private int client;

        public void Register()
        {
            if (client != 0) return;
            Assert.Equal(ErrorCode.None, Node.Propose(EntryKind.Register, 0, 0, 1, 0));
            client = Node.Log.LastIndex;
            Drain(true);
        }

        public void Set(int slot, int value, int seq)
        {
            Register();
            Assert.Equal(ErrorCode.None, Node.Propose(EntryKind.Set, slot, client, seq, value));
            Drain(true);
        }

        private void Drain(bool compact)
        {
            handler.CompactsWhenDue = compact;
            while (handler.Prepare()) Assert.Equal(ErrorCode.None, handler.Handle());
        }

        public void Send(int to, byte[] frame, int length) => Assert.Fail("a board alone in its cluster sends no Raft frame");

        // Each write completes at once: the tests damage the files by hand.
        public void Save(Ready ready, RaftLog log)
        {
            Store.Save(ready, log);
            Files.Complete();
        }

        public void SaveSnapshot(int index, int term, byte[] data, int offset, int length)
        {
            Store.SaveSnapshot(index, term, data, offset, length);
            Files.Complete();
        }

        public int[] Values() => Enumerable.Range(0, Database.SlotCount).Select(s => { Database.Read(s, out int v); return v; }).ToArray();
    }

    [Fact]
    public void A_fresh_board_starts_empty()
    {
        var board = new Board(new SimFlashFiles());
        Assert.Equal(0, board.Node.Term);
        Assert.Equal(0, board.Node.Log.LastIndex);
    }

    [Fact]
    public void A_restarted_board_gets_back_its_term_vote_log_and_database()
    {
        var files = new SimFlashFiles();
        var board = new Board(files);
        board.Run(100);
        Assert.Equal(Role.Leader, board.Node.Role);
        for (int i = 1; i <= 50; i++) board.Set(i % 5, i * 10, i);
        var again = new Board(files);
        Assert.Equal(board.Node.Term, again.Node.Term);
        Assert.Equal(board.Node.Vote, again.Node.Vote);
        Assert.Equal(board.Node.Log.LastIndex, again.Node.Log.LastIndex);
        again.Run(100);
        Assert.Equal(board.Values(), again.Values());
        Assert.True(again.Node.Log.SnapshotIndex > 0, "compaction happened, so the restart went through raft.snap");
    }

    [Fact]
    public void A_torn_last_record_is_dropped_and_the_file_repaired()
    {
        var files = new SimFlashFiles();
        var board = new Board(files);
        board.Run(100);
        board.Set(0, 7, 1);
        files.Append(BoardStore.LogFile, [0xA9, 0x30, 0x00, 1, 2, 3], 0, 6); // half a record
        files.Complete();
        var again = new Board(files);
        Assert.Equal(1, again.Store.TornRecordsDropped);
        files.Complete(); // the repair (one atomic rewrite of the good state)
        Assert.Equal(0, new Board(files).Store.TornRecordsDropped);
        again.Run(100);
        Assert.Equal(7, again.Values()[0]);
    }

    [Fact]
    public void A_record_with_a_flipped_bit_ends_the_log_there()
    {
        var files = new SimFlashFiles();
        var board = new Board(files);
        board.Run(100);
        board.Set(0, 7, 1);
        int beforeSecond = files.Length(BoardStore.LogFile);
        board.Set(1, 8, 2);
        byte[] all = new byte[files.Length(BoardStore.LogFile)];
        files.Read(BoardStore.LogFile, 0, all, 0, all.Length);
        all[beforeSecond + 5] ^= 0x10;
        files.Replace(BoardStore.LogFile, all, 0, all.Length);
        files.Complete();
        var again = new Board(files);
        Assert.True(again.Store.TornRecordsDropped >= 1);
        again.Run(100);
        Assert.Equal(7, again.Values()[0]);
        Assert.Equal(0, again.Values()[1]); // the damaged write is as if it never happened
    }

    [Fact]
    public void A_corrupt_snapshot_file_refuses_to_boot()
    {
        var files = new SimFlashFiles();
        files.Replace(BoardStore.SnapshotFile, [0xA8, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], 0, 16);
        files.Complete();
        Config c = OneBoard();
        var store = new BoardStore(files, c, 0);
        Assert.Equal(ErrorCode.BadPersistentState, store.Load(new RaftNode(c), new RaftEsp.Core.Database(c.DatabaseSlots, c.ClientSessions)));
    }

    [Fact]
    public void The_log_file_stays_within_its_budget_and_each_ready_costs_one_write()
    {
        var files = new SimFlashFiles();
        // Above twice the largest record (the whole 256-entry ring), below which the store raises any budget.
        var board = new Board(files, maxLogBytes: 10_000);
        board.Run(100);
        board.Register();
        int writes = files.Writes;
        for (int i = 1; i <= 500; i++)
        {
            board.Set(i % 5, i, i);
            Assert.InRange(files.Length(BoardStore.LogFile), 1, 10_000);
        }

        // One write per Ready (the proposal's), plus one per compaction snapshot: never more.
        Assert.InRange(files.Writes - writes, 500, 500 + 500 / 20 + 1);
        var again = new Board(files);
        again.Run(100);
        Assert.Equal(board.Values(), again.Values());
    }

    [Fact]
    public void Crc32_matches_the_standard_check_value()
    {
        byte[] check = "123456789"u8.ToArray();
        Assert.Equal(0xCBF43926u, Crc32.Compute(check, 0, check.Length));
    }
}
