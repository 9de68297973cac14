namespace RaftEsp.Core
{
    /// <summary>
    /// Anti-replay for one receiver (docs/wire-format.md, "Security"): the <see cref="ReplayWindow"/> every accepted
    /// frame passes through, Raft and app frames alike, and the Sync handshake that starts a window after this node
    /// booted. A Sync carries a fresh nonce; a SyncAck must echo it, so a recorded answer never starts a window. While
    /// a sender is unsynced its frames are dropped (<see cref="FrameError.Unsynced"/>) and the Sync is repeated once per
    /// interval. Syncs are answered at most once per sender per interval, so replayed Syncs cannot flood the channel.
    /// Fixed arrays: no allocation after construction.
    /// </summary>
    public sealed class ReplayGuard
    {
        /// <summary>Bytes of the sync state besides the window: the nonce owed per sender (u32) and an answered flag.</summary>
        public const int SyncBytesPerSender = 4 + 1 + 1;

        private readonly ReplayWindow window = new ReplayWindow();
        private readonly FrameSequencer sequencer;
        private readonly int intervalTicks;
        private readonly int[] owedNonce = new int[NodeId.MaxId + 1];
        private readonly bool[] owed = new bool[NodeId.MaxId + 1];
        private readonly bool[] answered = new bool[NodeId.MaxId + 1];
        private int owedCount;
        private int nonce;
        private bool syncDue;
        private bool heardUnsynced;
        private int elapsed;

        /// <summary>A guard for the node whose frames <paramref name="sequencer"/> stamps; syncs repeat every <paramref name="intervalTicks"/>.</summary>
        public ReplayGuard(FrameSequencer sequencer, int intervalTicks)
        {
            if (intervalTicks < 1) throw new System.ArgumentException("the sync interval must be at least one tick");
            this.sequencer = sequencer;
            this.intervalTicks = intervalTicks;
        }

        /// <summary>The per-sender windows (read-only use).</summary>
        public ReplayWindow Window => window;

        /// <summary>The nonce this node's Sync frames carry (set by <see cref="Begin"/>).</summary>
        public int Nonce => nonce;

        /// <summary>Syncs this node answered.</summary>
        public int SyncsAnswered { get; private set; }

        /// <summary>Syncs left unanswered because the sender had its answer this interval (replays, or a chatty peer).</summary>
        public int SyncsLimited { get; private set; }

        /// <summary>
        /// Starts the handshake for a boot: every sender is unsynced, and a Sync with <paramref name="freshNonce"/> (from
        /// the host's random source, never derived from flash) is due. The host calls it once its epoch is durable.
        /// </summary>
        public void Begin(int freshNonce)
        {
            window.Clear();
            nonce = freshNonce & int.MaxValue;
            if (nonce == 0) nonce = 1; // 0 is not a nonce on the air
            syncDue = true;
            heardUnsynced = false;
        }

        /// <summary>One tick: once per interval the answer limit resets, and a Sync is due again if an unsynced sender was heard.</summary>
        public void Tick()
        {
            if (++elapsed < intervalTicks) return;
            elapsed = 0;
            for (int i = 0; i < answered.Length; i++) answered[i] = false;
            if (heardUnsynced) syncDue = true;
            heardUnsynced = false;
        }

        /// <summary>
        /// Admits a frame that passed every other check (tag, header, body), and records it: <see cref="FrameError.None"/>,
        /// or why it is dropped. Sync asks for an answer and changes nothing else; SyncAck starts a window.
        /// </summary>
        public FrameError Admit(Message m)
        {
            if (m.Type == MessageType.Sync)
            {
                OnSync(m.From, m.SyncNonce);
                return FrameError.None;
            }

            if (m.Type == MessageType.SyncAck) return OnSyncAck(m);
            return Admit(m.From, m.Epoch, m.Counter);
        }

        /// <summary>Admits an ordinary frame of <paramref name="from"/> (board apps call this after their own body checks).</summary>
        public FrameError Admit(int from, int epoch, int counter)
        {
            FrameError verdict = window.Check(from, epoch, counter);
            if (verdict == FrameError.None) window.Mark(from, epoch, counter);
            else if (verdict == FrameError.Unsynced) heardUnsynced = true;
            return verdict;
        }

        /// <summary>True once when this node should broadcast a Sync now (and can seal it).</summary>
        public bool TakeSyncDue()
        {
            if (!syncDue || !sequencer.CanStamp) return false;
            syncDue = false;
            return true;
        }

        /// <summary>True while answers are owed (the host may skip <see cref="TakeAnswer"/> otherwise).</summary>
        public bool AnswersOwed => owedCount > 0;

        /// <summary>
        /// The next sender owed a SyncAck, or -1; <paramref name="echo"/> is the nonce to echo, <paramref name="known"/>
        /// the sender's epoch in this node's window (0 = unsynced). Fill the answer with <see cref="FillSyncAck"/>.
        /// </summary>
        public int TakeAnswer(out int echo, out int known)
        {
            echo = 0;
            known = 0;
            if (owedCount == 0 || !sequencer.CanStamp) return -1;
            for (int i = 0; i < owed.Length; i++)
            {
                if (!owed[i]) continue;
                owed[i] = false;
                owedCount--;
                echo = owedNonce[i];
                known = window.KnownEpoch(i);
                SyncsAnswered++;
                return i;
            }

            return -1;
        }

        /// <summary>
        /// Fills <paramref name="m"/> with the next handshake frame this node owes: its due Sync first, then each SyncAck.
        /// False when none is left (or none can be sealed now). Hosts send until it answers false.
        /// </summary>
        public bool NextHandshake(Message m, int localId)
        {
            if (TakeSyncDue())
            {
                FillSync(m, localId);
                return true;
            }

            if (!AnswersOwed) return false;
            int to = TakeAnswer(out int echo, out int known);
            if (to < 0) return false;
            FillSyncAck(m, localId, to, echo, known);
            return true;
        }

        /// <summary>Fills <paramref name="m"/> as this node's Sync broadcast.</summary>
        public void FillSync(Message m, int localId)
        {
            m.Reset();
            m.Type = MessageType.Sync;
            m.From = localId;
            m.To = NodeId.Broadcast;
            m.SyncNonce = nonce;
        }

        /// <summary>Fills <paramref name="m"/> as the SyncAck owed to <paramref name="to"/> (values from <see cref="TakeAnswer"/>).</summary>
        public void FillSyncAck(Message m, int localId, int to, int echo, int known)
        {
            m.Reset();
            m.Type = MessageType.SyncAck;
            m.From = localId;
            m.To = to;
            m.SyncNonce = echo;
            m.KnownEpoch = known;
            m.KnownCounter = known == 0 ? 0 : window.Highest(to);
        }

        private void OnSync(int from, int theirNonce)
        {
            if (answered[from])
            {
                SyncsLimited++;
                return;
            }

            answered[from] = true;
            owedNonce[from] = theirNonce;
            if (!owed[from]) owedCount++;
            owed[from] = true;
        }

        private FrameError OnSyncAck(Message m)
        {
            // Only an answer to this boot's Sync is fresh; anything else is a recording (or a late answer to an older one).
            if (m.SyncNonce != nonce || nonce == 0) return FrameError.Replayed;
            // The peer accepted frames of this node that this boot never sealed: an epoch above ours, or our epoch with a
            // counter we have not reached. The flash was restored to an older image; move past what the peer knows.
            if (m.KnownEpoch > sequencer.Epoch || (m.KnownEpoch == sequencer.Epoch && m.KnownCounter >= sequencer.NextCounter))
            {
                sequencer.Demand(m.KnownEpoch + 1);
            }

            if (window.KnownEpoch(m.From) == 0)
            {
                window.Start(m.From, m.Epoch, m.Counter);
                return FrameError.None;
            }

            return Admit(m.From, m.Epoch, m.Counter);
        }
    }
}
