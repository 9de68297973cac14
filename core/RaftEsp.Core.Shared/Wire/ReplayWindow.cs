namespace RaftEsp.Core
{
    /// <summary>
    /// The receiver's half of anti-replay: per sender id (0..254), the epoch it is known in, the highest counter
    /// accepted, and a 64-bit bitmap of the counters just below it (RFC 4303 §3.4.3, extended with epochs). A sender
    /// with epoch 0 here is unsynced: this node cannot tell its replays and refuses its frames until a SyncAck starts
    /// the window. Fixed arrays, no allocation after construction. Check first, then Mark once every other check passed.
    /// </summary>
    public sealed class ReplayWindow
    {
        /// <summary>Counters below the highest that are still told apart (the bitmap's width).</summary>
        public const int Width = 64;

        /// <summary>Bytes of state per sender: epoch u16, highest counter u32, bitmap u64.</summary>
        public const int BytesPerSender = 2 + 4 + 8;

        private readonly ushort[] epochs = new ushort[NodeId.MaxId + 1];
        private readonly int[] highest = new int[NodeId.MaxId + 1];
        private readonly ulong[] seen = new ulong[NodeId.MaxId + 1];

        /// <summary>The epoch this node accepts <paramref name="from"/>'s frames in; 0 when unsynced.</summary>
        public int KnownEpoch(int from) => epochs[from];

        /// <summary>The highest counter accepted from <paramref name="from"/> in <see cref="KnownEpoch"/>.</summary>
        public int Highest(int from) => highest[from];

        /// <summary>
        /// Whether a frame (sender, epoch, counter) would be new: <see cref="FrameError.None"/>, or
        /// <see cref="FrameError.Unsynced"/> / <see cref="FrameError.Replayed"/>. Changes nothing.
        /// </summary>
        public FrameError Check(int from, int epoch, int counter)
        {
            int known = epochs[from];
            if (known == 0) return FrameError.Unsynced;
            if (epoch > known) return FrameError.None;
            if (epoch < known) return FrameError.Replayed;
            return IsNew(highest[from], seen[from], counter) ? FrameError.None : FrameError.Replayed;
        }

        /// <summary>Records a frame that passed <see cref="Check"/> and every other check: a newer epoch restarts the window at it.</summary>
        public void Mark(int from, int epoch, int counter)
        {
            if (epoch > epochs[from])
            {
                // A newer boot of the sender began after the sync: its lower counters are unseen, not suspect.
                epochs[from] = (ushort)epoch;
                highest[from] = counter;
                seen[from] = 1UL;
                return;
            }

            seen[from] = Slide(highest[from], seen[from], counter);
            if (counter > highest[from]) highest[from] = counter;
        }

        /// <summary>
        /// The window rule itself, shared with the desktop link's window: a counter above <paramref name="top"/>, or one
        /// of the <see cref="Width"/> below it whose bit in <paramref name="seen"/> is clear, is new.
        /// </summary>
        public static bool IsNew(int top, ulong seen, int counter)
        {
            if (counter > top) return true;
            int behind = top - counter;
            return behind < Width && (seen & (1UL << behind)) == 0;
        }

        /// <summary>The bitmap after accepting <paramref name="counter"/>: slid forward past a new highest, or its bit set.</summary>
        public static ulong Slide(int top, ulong seen, int counter)
        {
            if (counter > top)
            {
                int ahead = counter - top;
                return (ahead >= Width ? 0UL : seen << ahead) | 1UL;
            }

            int behind = top - counter;
            return behind < Width ? seen | (1UL << behind) : seen;
        }

        /// <summary>
        /// Starts <paramref name="from"/>'s window at a SyncAck's (epoch, counter): that counter and every one below it
        /// count as seen, since any of them may have been accepted before this node rebooted.
        /// </summary>
        public void Start(int from, int epoch, int counter)
        {
            epochs[from] = (ushort)epoch;
            highest[from] = counter;
            seen[from] = ulong.MaxValue;
        }

        /// <summary>Forgets every sender (a new epoch of this node): each must be synchronised again.</summary>
        public void Clear()
        {
            for (int i = 0; i < epochs.Length; i++)
            {
                epochs[i] = 0;
                highest[i] = 0;
                seen[i] = 0;
            }
        }
    }
}
