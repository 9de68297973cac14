namespace RaftEsp.Core
{
    /// <summary>
    /// The host's side of the Ready contract, written once for every host (docs/design.md, "The host loop"): the board
    /// app, the simulator's boards, the device tests and the benchmarks all drive this class. A pass of the loop feeds
    /// the node its input, then calls <see cref="Prepare"/>, and when it reports work, <see cref="Begin"/> and
    /// <see cref="Finish"/> (or <see cref="Handle"/> for both at once):
    /// <list type="number">
    /// <item><see cref="Begin"/>: take the Ready, send the frames that may leave at once, persist;</item>
    /// <item><see cref="Finish"/>: send the frames that had to wait for the write, install the snapshot, apply the
    /// committed entries, hand on rejections and read answers, <see cref="RaftNode.Advance"/>, compact if due.</item>
    /// </list>
    /// The split lets a host whose writes take time (the simulator's flash) finish the Ready only once the write has
    /// completed, and drop it when the board loses power before. What differs between hosts is behind the seams:
    /// <see cref="IFrameSender"/>, <see cref="IRaftStorage"/>, <see cref="IReadyObserver"/>. Allocates nothing after
    /// construction.
    /// </summary>
    public sealed class ReadyHandler
    {
        private readonly RaftNode node;
        private readonly Database database;
        private readonly IFrameSender sender;
        private readonly IRaftStorage storage;
        private readonly IReadyObserver observer;
        private readonly ApplyResult applied = new ApplyResult();
        private readonly byte[] snapshot;
        private Ready ready;
        private bool begun;

        /// <summary>Storage for a node that never restarts (in-memory clusters): its log in memory is all there is.</summary>
        public static readonly IRaftStorage MemoryOnly = new NothingWritten();

        /// <summary>For a host with nothing to learn from applied entries and answers (a board that is not the server node).</summary>
        public static readonly IReadyObserver Unobserved = new NothingObserved();

        /// <summary>A host whose node never restarts and who watches nothing: in-memory clusters.</summary>
        public ReadyHandler(RaftNode node, Database database, IFrameSender sender)
            : this(node, database, sender, MemoryOnly, Unobserved)
        {
        }

        /// <summary>Drives <paramref name="node"/>, applying to <paramref name="database"/>, through the given seams.</summary>
        public ReadyHandler(RaftNode node, Database database, IFrameSender sender, IRaftStorage storage, IReadyObserver observer)
        {
            this.node = node;
            this.database = database;
            this.sender = sender;
            this.storage = storage;
            this.observer = observer;
            node.UseSessions(database);
            snapshot = new byte[node.Config.SnapshotBufferBytes];
            // Never read before Begin assigns it; no nullable annotations in board code.
            ready = null!;
            CompactsWhenDue = true;
        }

        /// <summary>True (the default) to compact in <see cref="Finish"/> whenever the node asks; tests may compact by hand.</summary>
        public bool CompactsWhenDue { get; set; }

        /// <summary>True between <see cref="Begin"/> and <see cref="Finish"/>: the node takes no input now.</summary>
        internal bool InProgress => begun;

        /// <summary>Entries applied by the last <see cref="Finish"/>.</summary>
        public int AppliedCount { get; private set; }

        /// <summary>
        /// The loop's step after feeding input: <see cref="RaftNode.Flush"/>, then <see cref="RaftNode.HasReady"/>.
        /// True when there is a Ready to handle.
        /// </summary>
        public bool Prepare()
        {
            if (begun) return false;
            node.Flush();
            return node.HasReady;
        }

        /// <summary>
        /// Takes the Ready, sends the frames that may leave before the write, and hands the write to storage. Returns
        /// true when it wrote (hard state, snapshot or entries).
        /// </summary>
        public bool Begin()
        {
            Ready rd = node.GetReady();
            ready = rd;
            begun = true;
            Send(rd.Frames, false);
            bool write = rd.HardStateChanged || rd.HasSnapshot || rd.PersistCount > 0;
            if (write) storage.Save(rd, node.Log);
            return write;
        }

        /// <summary>
        /// Completes the Ready that <see cref="Begin"/> took, once its write is durable. Returns
        /// <see cref="ErrorCode.None"/>, or why the host must stop: <see cref="ErrorCode.BadSnapshot"/> when the
        /// leader's snapshot does not restore, the database's refusal of an entry, the node's refusal of a compaction.
        /// After a refusal the node stays mid-Ready and accepts no input.
        /// </summary>
        public ErrorCode Finish()
        {
            if (!begun) return ErrorCode.InvalidState;
            begun = false;
            AppliedCount = 0;
            Ready rd = ready;
            Send(rd.Frames, true);
            if (rd.HasSnapshot)
            {
                int state = RaftNode.SnapshotStateOffset(rd.SnapshotData, 0, rd.SnapshotLength);
                if (state < 0 || database.RestoreSnapshot(rd.SnapshotIndex, rd.SnapshotData, state, rd.SnapshotLength - state) != ErrorCode.None)
                    return ErrorCode.BadSnapshot;
                observer.SnapshotInstalled(rd.SnapshotIndex);
            }

            RaftLog log = node.Log;
            for (int index = rd.ApplyFrom; index <= rd.ApplyTo; index++)
            {
                ErrorCode code = database.Apply(index, log.KindAt(index), log.SlotAt(index), log.ClientAt(index), log.SeqAt(index), log.ValueAt(index), applied);
                if (code != ErrorCode.None) return code;
                AppliedCount++;
                observer.Applied(applied);
            }

            ProposalRejections rejections = rd.Rejections;
            for (int i = 0; i < rejections.Count; i++) observer.Rejected(rejections.Client(i), rejections.Seq(i), rejections.Reason(i), rejections.LeaderHint(i));
            ReadResults reads = rd.Reads;
            for (int i = 0; i < reads.Count; i++) observer.ReadIndexed(reads.RequestId(i), reads.Index(i), reads.Status(i));
            node.Advance();
            observer.Advanced();
            return CompactsWhenDue && node.CompactionDue ? Compact() : ErrorCode.None;
        }

        /// <summary><see cref="Begin"/> and <see cref="Finish"/> back to back: a host whose writes are durable when they return.</summary>
        public ErrorCode Handle()
        {
            Begin();
            return Finish();
        }

        /// <summary>
        /// Snapshots the database at its applied index behind the configuration in force there (docs/wire-format.md,
        /// "Snapshots"), stores the snapshot, then lets the node drop the entries it covers: written first, so a power
        /// cut between the two leaves the entries and the snapshot, never neither.
        /// </summary>
        public ErrorCode Compact()
        {
            int index = database.AppliedIndex;
            int state = node.WriteConfigurationAt(index, snapshot, 0);
            if (state < 0) return ErrorCode.InvalidState;
            int length = state + database.WriteSnapshot(snapshot, state);
            storage.SaveSnapshot(index, node.Log.TermAt(index), snapshot, 0, length);
            return node.Compact(index, snapshot, 0, length);
        }

        private void Send(Outbox frames, bool afterPersist)
        {
            for (int i = 0; i < frames.Count; i++)
            {
                if (frames.AfterPersist(i) == afterPersist) sender.Send(frames.Destination(i), frames.Buffer(i), frames.Length(i));
            }
        }

        private sealed class NothingWritten : IRaftStorage
        {
            public void Save(Ready ready, RaftLog log)
            {
            }

            public void SaveSnapshot(int index, int term, byte[] data, int offset, int length)
            {
            }
        }

        private sealed class NothingObserved : IReadyObserver
        {
            public void SnapshotInstalled(int index)
            {
            }

            public void Applied(ApplyResult result)
            {
            }

            public void Rejected(int client, int seq, RefusalReason reason, int leaderHint)
            {
            }

            public void ReadIndexed(int requestId, int index, RefusalReason status)
            {
            }

            public void Advanced()
            {
            }
        }
    }
}
