namespace RaftEsp.Core.Tests.Raft.Harness;

// The test namespace RaftEsp.Core.Tests.Database would hide the core's Database type.
using Database = RaftEsp.Core.Database;

/// <summary>
/// A board without the board: one node, its durable storage and its database, driven by the boards' own host loop
/// (<see cref="ReadyHandler"/>: send what may leave, persist, send the rest, apply, answer, Advance, compact). Storage is
/// durable at once, so each Ready is handled in one go.
/// </summary>
public sealed class SimBoard : IFrameSender, IReadyObserver
{
    public sealed record SentFrame(int From, int To, byte[] Bytes, MessageType Type);

    public sealed record Applied(int Index, EntryKind Kind, int Slot, int Client, int Seq, int Value, ErrorCode Status, int Result, bool Duplicate);

    /// <summary>Byte 3 of every frame's envelope is its type (docs/wire-format.md).</summary>
    private const int TypeOffset = 3;

    private readonly Func<Config> configFactory;
    private readonly List<SentFrame> sent = new();
    private ReadyHandler handler;
    private bool autoCompact = true;

    public SimBoard(Func<Config> configFactory)
    {
        this.configFactory = configFactory;
        Storage = new SimStorage();
        Node = null!;
        Database = null!;
        handler = null!;
        Start();
    }

    public RaftNode Node { get; private set; }
    public Database Database { get; private set; }
    public SimStorage Storage { get; private set; }
    public List<Applied> AppliedLog { get; } = new();
    public List<(int RequestId, int Index, RefusalReason Status)> Reads { get; } = new();
    public List<(int Client, int Seq, RefusalReason Reason)> Rejections { get; } = new();
    public int Id => Node.Id;

    /// <summary>True (the default) to compact whenever the node asks; false to compact only with <see cref="Compact"/>.</summary>
    public bool AutoCompact
    {
        get => autoCompact;
        set
        {
            autoCompact = value;
            handler.CompactsWhenDue = value;
        }
    }

    /// <summary>Boots the node from what storage holds (a fresh start or a restart after a crash).</summary>
    public void Start()
    {
        Config config = configFactory();
        Node = new RaftNode(config);
        Database = new Database(config.DatabaseSlots, config.ClientSessions);
        Check(Node.RestoreHardState(Storage.Term, Storage.Vote, Storage.Commit));
        if (Storage.SnapshotIndex > 0)
        {
            Check(Node.RestoreSnapshot(Storage.SnapshotIndex, Storage.SnapshotTerm, Storage.Snapshot, 0, Storage.Snapshot.Length));
            // The database's part follows the configuration at the snapshot's head, as ReadyHandler restores it.
            int state = RaftNode.SnapshotStateOffset(Storage.Snapshot, 0, Storage.Snapshot.Length);
            if (state < 0) Check(ErrorCode.BadSnapshot);
            Check(Database.RestoreSnapshot(Storage.SnapshotIndex, Storage.Snapshot, state, Storage.Snapshot.Length - state));
        }

        foreach (var e in Storage.Entries)
            Check(Node.RestoreEntry(e.Index, e.Term, e.Kind, e.Slot, e.Client, e.Seq, e.Value));
        handler = new ReadyHandler(Node, Database, this, Storage, this) { CompactsWhenDue = autoCompact };
        if (config.ReplayProtection)
        {
            // As a board does: the next epoch is durable before the first frame; the nonce is fresh every boot.
            Storage.Epoch++;
            Node.Codec.Boot(Storage.Epoch, ++boots * 7919 + Id);
        }
    }

    private int boots;

    /// <summary>As a board does between passes: the epoch the codec asks for is made durable, then started.</summary>
    public void RenewEpoch()
    {
        int wanted = Node.Codec.Sequencer.EpochWanted;
        if (wanted == 0) return;
        Storage.Epoch = Math.Max(Storage.Epoch + 1, wanted);
        Node.Codec.Sequencer.Start(Storage.Epoch);
    }

    /// <summary>Crash: everything not in storage is lost.</summary>
    public void Crash() => Start();

    /// <summary>Handles every Ready the node has; returns the frames to put on the air, in the order they left.</summary>
    public List<SentFrame> ProcessReady()
    {
        sent.Clear();
        RenewEpoch();
        while (handler.Prepare()) Check(handler.Handle());
        return sent.ToList();
    }

    /// <summary>Snapshots the database at the applied index and compacts the log, as a board does when asked.</summary>
    public void Compact() => Check(handler.Compact());

    private static void Check(ErrorCode code)
    {
        if (code != ErrorCode.None) throw new InvalidOperationException("board refused its own durable state: " + ErrorCodes.Name(code));
    }

    public int[] Values()
    {
        var values = new int[Database.SlotCount];
        for (int i = 0; i < values.Length; i++) Database.Read(i, out values[i]);
        return values;
    }

    void IFrameSender.Send(int to, byte[] frame, int length) =>
        sent.Add(new SentFrame(Node.Id, to, frame.AsSpan(0, length).ToArray(), (MessageType)frame[TypeOffset]));

    void IReadyObserver.SnapshotInstalled(int index)
    {
    }

    void IReadyObserver.Applied(ApplyResult result)
    {
        RaftLog log = Node.Log;
        int index = result.Index;
        AppliedLog.Add(new Applied(index, log.KindAt(index), log.SlotAt(index), log.ClientAt(index), log.SeqAt(index), log.ValueAt(index), result.Status, result.Value, result.Duplicate));
    }

    void IReadyObserver.Rejected(int client, int seq, RefusalReason reason, int leaderHint) => Rejections.Add((client, seq, reason));

    void IReadyObserver.ReadIndexed(int requestId, int index, RefusalReason status) => Reads.Add((requestId, index, status));

    void IReadyObserver.Advanced()
    {
    }
}
