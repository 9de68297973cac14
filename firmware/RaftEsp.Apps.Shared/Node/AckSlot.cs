using RaftEsp.Core;

namespace RaftEsp.Apps
{
    /// <summary>
    /// Holds a follower's acceptance of a broadcast AppendEntries until its slot after the broadcast's receive time, so
    /// that the followers' acknowledgements of one broadcast do not all contend for the channel at once
    /// (docs/design.md, "Replication"). The slot of a follower is <c>received + offset + rank × width</c>, rank being its
    /// position among the voters other than the leader (learners after them). Only acceptances of a pass that stepped
    /// a broadcast from the leader and no unicast AppendEntries are held; refusals, votes and every other answer leave
    /// at once. A later acceptance to the same leader replaces a held one and takes over its slot: acknowledgements
    /// are cumulative (§5.3). Answers are slotted only while the leader is loaded (<see cref="MinBatchEntries"/>). The
    /// board loop (<see cref="NodeApp"/>) and the simulator's board model drive this same class; the host sends the held
    /// frame once <see cref="DueMicros"/> has come. Allocates nothing after construction.
    /// </summary>
    public sealed class AckSlot
    {
        // Read straight from the frame (its header and two body fields, docs/wire-format.md) rather than decoded: the
        // frame is at hand and decoding it again would cost the board's interpreter a second pass over it.
        private const int TypeOffset = FrameLimits.TypeOffset;
        private const int FromOffset = FrameLimits.FromOffset;
        private const int ToOffset = FrameLimits.ToOffset;
        private const int AppendResponseFlagsOffset = FrameLimits.AppendResponseFlagsOffset;
        private const int RejectedFlag = 1;
        private const int AppendCountOffset = FrameLimits.AppendEntryCountOffset;

        /// <summary>
        /// Entries in a broadcast that show a loaded leader: one that batches a quarter of a frame (15 entries) or
        /// more has commands waiting for it. Without such a broadcast lately (light load: a few clients, each with one
        /// command outstanding) answers leave at once and a commit waits for no slot.
        /// </summary>
        public const int MinBatchEntries = 4;

        /// <summary>
        /// How long after a batched broadcast the leader counts as loaded: every broadcast's answers are slotted until
        /// then, the small ones between its batches included (a saturated leader sends as soon as it can, so many of
        /// its frames carry few entries).
        /// </summary>
        public const int LoadedMicros = 100000;

        /// <summary>
        /// A slot's width: about two acknowledgement exchanges (docs/radio-model.md: DIFS 50 µs, a backoff of up to
        /// CWmin 31 × 20 µs, the 41-byte frame's 864 µs, SIFS and the ACK 314 µs: 1.85 ms at the worst first backoff),
        /// so one answer and a retry, or a frame of the leader's, fit between two followers' answers. Widths from 1.5
        /// to 4.5 ms were measured (docs/performance.md); 3.5 ms did best.
        /// </summary>
        public const int SlotMicros = 3500;

        /// <summary>
        /// An answer ready later than this after its broadcast is not held, nor counted in the board's ready time: a
        /// board that slow is behind, and holding it further would only add to its lag.
        /// </summary>
        public const int MaxReadyMicros = 25000;

        /// <summary>The ready-time estimate loses 1/16 of itself per answer, so it follows the recent slowest answers.</summary>
        private const int ReadyDecay = 16;

        private readonly long widthMicros;
        private readonly byte[] held = new byte[FrameLimits.MaxFrameBytes];
        private int heldLength;
        private int heldTo;
        private long due;
        private int broadcastLeader = -1;
        private long broadcastReceived;
        private bool loaded;
        private long lastBatch;
        private bool unicastAppend;
        private long readyEstimate;

        /// <summary>Slots <paramref name="widthMicros"/> wide (<see cref="SlotMicros"/> on the boards); width 0 holds nothing.</summary>
        public AckSlot(long widthMicros)
        {
            this.widthMicros = widthMicros;
        }

        /// <summary>
        /// How long after a broadcast's arrival this board has its answer ready (its CPU for the frame, its flash write,
        /// encoding the answer): a decaying maximum of the recent answers. It is the offset of the first slot, so that
        /// every follower's answer is ready before its slot and the slots, not the boards' timing, order them. Boards
        /// of one kind measure about the same; a board with no CPU or flash time measures 0.
        /// </summary>
        public long ReadyMicros => readyEstimate;

        /// <summary>True while an acknowledgement waits for its slot.</summary>
        public bool Holding => heldLength > 0;

        /// <summary>When the held acknowledgement may leave (meaningful while <see cref="Holding"/>).</summary>
        public long DueMicros => due;

        /// <summary>Acknowledgements held for a slot.</summary>
        public int Held { get; private set; }

        /// <summary>Held acknowledgements replaced by a later one before their slot (one frame fewer on the air each).</summary>
        public int Coalesced { get; private set; }

        /// <summary>A new pass of the loop begins: forgets which frames the last pass stepped.</summary>
        public void BeginPass()
        {
            broadcastLeader = -1;
            unicastAppend = false;
        }

        /// <summary>Notes a Raft frame the pass steps and when the radio received it.</summary>
        public void Stepped(byte[] frame, int length, long receivedMicros)
        {
            if (length <= ToOffset || frame[TypeOffset] != (byte)MessageType.AppendEntries) return;
            if (frame[ToOffset] != NodeId.Broadcast)
            {
                unicastAppend = true;
                return;
            }

            if (receivedMicros == 0) return; // a radio that cannot tell when a frame arrived: no slot to time
            broadcastLeader = frame[FromOffset];
            broadcastReceived = receivedMicros;
            if (length > AppendCountOffset && frame[AppendCountOffset] >= MinBatchEntries) lastBatch = receivedMicros;
            loaded = lastBatch != 0 && receivedMicros - lastBatch < LoadedMicros;
        }

        /// <summary>
        /// Offers a frame the Ready sends at <paramref name="nowMicros"/>. True when it was taken to be held until its
        /// slot (the caller sends nothing now); false when the caller sends it at once.
        /// </summary>
        public bool Offer(RaftNode node, int to, byte[] frame, int length, long nowMicros)
        {
            if (!Slotted(node, to, frame, length)) return false;
            long ready = nowMicros - broadcastReceived;
            if (ready < 0 || ready > MaxReadyMicros) return false;
            readyEstimate -= readyEstimate / ReadyDecay;
            if (ready > readyEstimate) readyEstimate = ready;
            long slot = broadcastReceived + readyEstimate + Rank(node, to) * widthMicros;
            if (heldLength > 0 && heldTo == to) Coalesced++;
            else if (slot <= nowMicros) return false;
            else due = slot;
            System.Array.Copy(frame, 0, held, 0, length);
            heldLength = length;
            heldTo = to;
            Held++;
            return true;
        }

        /// <summary>
        /// Copies the held acknowledgement into <paramref name="buffer"/> and returns its length when its slot has come,
        /// else 0; <paramref name="to"/> gets its destination.
        /// </summary>
        public int TakeDue(long nowMicros, byte[] buffer, out int to)
        {
            to = heldTo;
            if (heldLength == 0 || nowMicros < due) return 0;
            int n = heldLength;
            System.Array.Copy(held, 0, buffer, 0, n);
            heldLength = 0;
            return n;
        }

        private bool Slotted(RaftNode node, int to, byte[] frame, int length)
        {
            if (widthMicros <= 0 || !loaded || unicastAppend || to != broadcastLeader || length <= AppendResponseFlagsOffset) return false;
            if (frame[TypeOffset] != (byte)MessageType.AppendResponse) return false;
            if ((frame[AppendResponseFlagsOffset] & RejectedFlag) != 0) return false;
            return node.Role == Role.Follower && node.Leader == to;
        }

        /// <summary>This node's place among the voters other than <paramref name="leader"/>, learners after them, by id.</summary>
        public static int Rank(RaftNode node, int leader)
        {
            int me = node.Id;
            NodeSet voters = node.Voters;
            NodeSet learners = node.Learners;
            int rank = 0;
            bool voter = voters.Contains(me);
            for (int i = 0; i < voters.Count; i++)
            {
                int id = voters.IdAt(i);
                if (id != leader && id != me && (!voter || id < me)) rank++;
            }

            if (voter) return rank;
            for (int i = 0; i < learners.Count; i++)
            {
                int id = learners.IdAt(i);
                if (id != leader && id < me) rank++;
            }

            return rank;
        }
    }
}
