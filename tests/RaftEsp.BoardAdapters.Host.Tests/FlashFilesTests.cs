using System.Text;

namespace RaftEsp.BoardAdapters.Host.Tests;

public sealed class FlashFilesTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "raftesp-flash-" + Guid.NewGuid().ToString("N"));

    public FlashFilesTests() => Directory.CreateDirectory(root);

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static byte[] Bytes(string text) => Encoding.ASCII.GetBytes(text);

    private string Contents(FlashFiles files, string name)
    {
        byte[] buffer = new byte[Math.Max(files.Length(name), 0)];
        int read = files.Read(name, 0, buffer, 0, buffer.Length);
        return Encoding.ASCII.GetString(buffer, 0, read);
    }

    [Fact]
    public void A_missing_file_has_length_minus_one_and_reads_nothing()
    {
        FlashFiles files = new(root);
        Assert.Equal(-1, files.Length("raft.log"));
        Assert.Equal(0, files.Read("raft.log", 0, new byte[10], 0, 10));
    }

    [Fact]
    public void Append_creates_the_file_then_adds_at_its_end()
    {
        FlashFiles files = new(root);
        files.Append("raft.log", Bytes("xxabcxx"), 2, 3);
        files.Append("raft.log", Bytes("def"), 0, 3);
        Assert.Equal(6, files.Length("raft.log"));
        Assert.Equal("abcdef", Contents(files, "raft.log"));
    }

    [Fact]
    public void Read_starts_at_the_position_and_stops_at_the_end()
    {
        FlashFiles files = new(root);
        files.Append("f", Bytes("0123456789"), 0, 10);
        byte[] buffer = new byte[8];
        Assert.Equal(4, files.Read("f", 6, buffer, 2, 6));
        Assert.Equal("6789", Encoding.ASCII.GetString(buffer, 2, 4));
        Assert.Equal(0, files.Read("f", 10, buffer, 0, 4));
        Assert.Equal(0, files.Read("f", -1, buffer, 0, 4));
    }

    [Fact]
    public void Replace_swaps_the_whole_file_and_leaves_no_temporary_copy()
    {
        FlashFiles files = new(root);
        files.Append("raft.snap", Bytes("old contents, longer"), 0, 20);
        files.Replace("raft.snap", Bytes("..new.."), 2, 3);
        Assert.Equal("new", Contents(files, "raft.snap"));
        Assert.False(File.Exists(files.PathOf("raft.snap") + ReplaceRecovery.TempSuffix));
        Assert.Equal(new[] { "raft.snap" }, Directory.GetFiles(root).Select(Path.GetFileName).ToArray());
    }

    [Fact]
    public void Replace_creates_a_file_that_did_not_exist()
    {
        FlashFiles files = new(root);
        files.Replace("raft.snap", Bytes("first"), 0, 5);
        Assert.Equal("first", Contents(files, "raft.snap"));
    }

    [Fact]
    public void A_cut_before_the_old_file_was_deleted_keeps_the_old_file()
    {
        // Power cut while the new copy was being written: a torn raft.snap.new next to the intact raft.snap.
        File.WriteAllBytes(Path.Combine(root, "raft.snap"), Bytes("old"));
        File.WriteAllBytes(Path.Combine(root, "raft.snap.new"), Bytes("ne"));

        FlashFiles files = new(root);

        Assert.Equal(1, files.RecoveredOnStart);
        Assert.Equal("old", Contents(files, "raft.snap"));
        Assert.False(File.Exists(Path.Combine(root, "raft.snap.new")));
    }

    [Fact]
    public void A_cut_after_the_old_file_was_deleted_promotes_the_complete_new_copy()
    {
        File.WriteAllBytes(Path.Combine(root, "raft.snap.new"), Bytes("new"));

        FlashFiles files = new(root);

        Assert.Equal(1, files.RecoveredOnStart);
        Assert.Equal("new", Contents(files, "raft.snap"));
        Assert.False(File.Exists(Path.Combine(root, "raft.snap.new")));
    }

    [Fact]
    public void Nothing_to_recover_leaves_the_files_alone()
    {
        File.WriteAllBytes(Path.Combine(root, "raft.log"), Bytes("log"));
        FlashFiles files = new(root);
        Assert.Equal(0, files.RecoveredOnStart);
        Assert.Equal("log", Contents(files, "raft.log"));
    }

    [Fact]
    public void A_root_that_does_not_exist_yet_recovers_nothing()
    {
        FlashFiles files = new(Path.Combine(root, "absent"));
        Assert.Equal(0, files.RecoveredOnStart);
        Assert.Equal(-1, files.Length("raft.log"));
    }

    [Fact]
    public void A_board_store_on_flash_files_brings_a_restarted_node_back()
    {
        // The store's own tests use simulated flash; this runs it on the real adapter: append, replace, reload.
        Config config = new() { NodeId = 1, Members = [1], CompactionThreshold = 20 };
        RunOneBoard(config, new FlashFiles(root), writes: 30, out int term, out int lastIndex);

        RaftNode restarted = new(config);
        Database database = new(config.DatabaseSlots, config.ClientSessions);
        BoardStore store = new(new FlashFiles(root), config, 0);
        Assert.Equal(ErrorCode.None, store.Load(restarted, database));

        Assert.Equal(term, restarted.Term);
        Assert.True(File.Exists(Path.Combine(root, BoardStore.SnapshotFile)), "30 writes with compaction at 20 leave a snapshot");
        Assert.True(database.AppliedIndex > 0, "the snapshot restored the database");
        Assert.Equal(lastIndex, restarted.Log.LastIndex);

        // The snapshot plus the entries after it hold every write: replaying them gives the values written last.
        ApplyResult result = new();
        for (int i = database.AppliedIndex + 1; i <= restarted.Log.LastIndex; i++)
            database.Apply(i, restarted.Log.KindAt(i), restarted.Log.SlotAt(i), restarted.Log.ClientAt(i), restarted.Log.SeqAt(i), restarted.Log.ValueAt(i), result);
        for (int slot = 0; slot < config.DatabaseSlots; slot++)
        {
            Assert.Equal(ErrorCode.None, database.Read(slot, out int value));
            Assert.Equal(ExpectedValue(slot, 30, config.DatabaseSlots), value);
        }
    }

    private static int ExpectedValue(int slot, int writes, int slots)
    {
        int last = 0;
        for (int seq = 1; seq <= writes; seq++)
        {
            if ((seq - 1) % slots == slot) last = seq * 10;
        }

        return last;
    }

    private static void RunOneBoard(Config config, FlashFiles files, int writes, out int term, out int lastIndex)
    {
        RaftNode node = new(config);
        Database database = new(config.DatabaseSlots, config.ClientSessions);
        BoardStore store = new(files, config, 0);
        Assert.Equal(ErrorCode.None, store.Load(node, database));
        ReadyHandler handler = new(node, database, new Alone(), store, ReadyHandler.Unobserved);

        void Drain()
        {
            while (handler.Prepare()) Assert.Equal(ErrorCode.None, handler.Handle());
        }

        for (int t = 0; t < 200 && node.Role != Role.Leader; t++)
        {
            node.Tick();
            Drain();
        }

        Assert.Equal(Role.Leader, node.Role);
        Assert.Equal(ErrorCode.None, node.Propose(EntryKind.Register, 0, 0, 1, 0)); // nonce 1
        Drain();
        int client = node.Log.LastIndex; // a session's client id is its register entry's index
        for (int seq = 1; seq <= writes; seq++)
        {
            Assert.Equal(ErrorCode.None, node.Propose(EntryKind.Set, (seq - 1) % config.DatabaseSlots, client, seq, seq * 10));
            Drain();
        }

        term = node.Term;
        lastIndex = node.Log.LastIndex;
    }

    /// <summary>The radio of a board alone in its cluster: it has no one to send a Raft frame to.</summary>
    private sealed class Alone : IFrameSender
    {
        public void Send(int to, byte[] frame, int length) => Assert.Fail("a board alone in its cluster sends no Raft frame");
    }
}
