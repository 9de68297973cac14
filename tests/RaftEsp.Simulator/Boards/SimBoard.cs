using RaftEsp.Core;

namespace RaftEsp.Simulator;

/// <summary>
/// A board without the board: one node, its durable storage and its database, driven the way NodeApp drives them
/// (persist before send, apply committed entries, compact when asked).
/// </summary>
public sealed class SimBoard
{
    public sealed record SentFrame(int From, int To, byte[] Bytes, MessageType Type);

    public sealed record Applied(int Index, EntryKind Kind, int Slot, int Client, int Seq, int Value, ErrorCode Status, int Result, bool Duplicate);

    private readonly Func<Config> configFactory;

    public SimBoard(Func<Config> configFactory)
    {
        this.configFactory = configFactory;
        Storage = new SimStorage();
        Node = null!;
        Database = null!;
        Start();
    }

    public RaftNode Node { get; private set; }
    public Database Database { get; private set; }
    public SimStorage Storage { get; private set; }
    public List<Applied> AppliedLog { get; } = new();
    public List<(int RequestId, int Index, RefusalReason Status)> Reads { get; } = new();
    public List<(int Client, int Seq, RefusalReason Reason)> Rejections { get; } = new();
    public bool AutoCompact { get; set; } = true;
    public int Id => Node.Id;

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
            Check(Database.RestoreSnapshot(Storage.SnapshotIndex, Storage.Snapshot, 0, Storage.Snapshot.Length));
        }

        foreach (var e in Storage.Entries)
            Check(Node.RestoreEntry(e.Index, e.Term, e.Kind, e.Slot, e.Client, e.Seq, e.Value));
    }

    /// <summary>Crash: everything not in storage is lost.</summary>
    public void Crash() => Start();

    /// <summary>Handles one Ready; returns the frames to put on the air.</summary>
    public List<SentFrame> ProcessReady()
    {
        var sent = new List<SentFrame>();
        while (Node.HasReady)
        {
            Ready rd = Node.GetReady();
            if (rd.HardStateChanged) Storage.SaveHardState(rd.HardTerm, rd.HardVote, rd.HardCommit);
            if (rd.HasSnapshot) Storage.ReplaceWithSnapshot(rd.SnapshotIndex, rd.SnapshotTerm, rd.SnapshotData, rd.SnapshotLength);
            if (rd.PersistCount > 0) Storage.Append(Node.Log, rd.PersistFrom, rd.PersistTo);
            for (int i = 0; i < rd.Frames.Count; i++)
                sent.Add(new SentFrame(Node.Id, rd.Frames.Destination(i), rd.Frames.Buffer(i).AsSpan(0, rd.Frames.Length(i)).ToArray(), rd.Frames.Type(i)));
            if (rd.HasSnapshot)
                Check(Database.RestoreSnapshot(rd.SnapshotIndex, rd.SnapshotData, 0, rd.SnapshotLength));
            var result = new ApplyResult();
            for (int index = rd.ApplyFrom; index <= rd.ApplyTo; index++)
            {
                RaftLog log = Node.Log;
                Database.Apply(index, log.KindAt(index), log.SlotAt(index), log.ClientAt(index), log.SeqAt(index), log.ValueAt(index), result);
                AppliedLog.Add(new Applied(index, log.KindAt(index), log.SlotAt(index), log.ClientAt(index), log.SeqAt(index), log.ValueAt(index), result.Status, result.Value, result.Duplicate));
            }

            for (int i = 0; i < rd.Reads.Count; i++) Reads.Add((rd.Reads.RequestId(i), rd.Reads.Index(i), rd.Reads.Status(i)));
            for (int i = 0; i < rd.Rejections.Count; i++) Rejections.Add((rd.Rejections.Client(i), rd.Rejections.Seq(i), rd.Rejections.Reason(i)));
            Node.Advance();
            if (AutoCompact && Node.CompactionDue) Compact();
        }

        return sent;
    }

    /// <summary>Snapshots the database at the applied index and compacts the log, as a board does when asked.</summary>
    public void Compact()
    {
        var buffer = new byte[Database.MaxSnapshotSize(Database.SlotCount, Database.ClientSessions)];
        int length = Database.WriteSnapshot(buffer, 0);
        int index = Database.AppliedIndex;
        int term = Node.Log.TermAt(index);
        Storage.SaveSnapshot(index, term, buffer, length);
        Check(Node.Compact(index, buffer, 0, length));
    }

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
}
