namespace RaftEsp.Core
{
    /// <summary>
    /// The sender's half of anti-replay: stamps every sealed frame with the boot epoch and the next frame counter
    /// (1, 2, 3, ... in each epoch). The epoch comes from flash (the host persists it before it sends anything); when the
    /// counter would pass its limit the sequencer refuses to stamp and asks the host for the next epoch, which the host
    /// must persist before calling <see cref="Start"/> again. docs/wire-format.md, "Security".
    /// </summary>
    public sealed class FrameSequencer
    {
        private readonly int counterLimit;
        private int epoch;
        private int next;
        private int wanted;

        /// <summary>A sequencer that stamps nothing until <see cref="Start"/> (board hosts: after the epoch is on flash).</summary>
        public FrameSequencer(int counterLimit)
        {
            if (counterLimit < 1) throw new System.ArgumentException("the counter limit must be at least 1");
            this.counterLimit = counterLimit;
        }

        /// <summary>The epoch frames are stamped with; 0 before <see cref="Start"/>.</summary>
        public int Epoch => epoch;

        /// <summary>The counter the next frame gets.</summary>
        public int NextCounter => next;

        /// <summary>Highest counter of an epoch (2^31-1 on the air; tests configure a small one).</summary>
        public int CounterLimit => counterLimit;

        /// <summary>
        /// The epoch the host must make durable and then <see cref="Start"/> before more frames can be sealed: the
        /// counter ran out, or a peer remembers this epoch from before a flash restore. 0 when nothing is asked.
        /// </summary>
        public int EpochWanted => wanted;

        /// <summary>True when a frame can be stamped now.</summary>
        public bool CanStamp => epoch > 0 && wanted == 0 && next <= counterLimit;

        /// <summary>
        /// Starts <paramref name="newEpoch"/> (already durable on the host's flash) with counter 1. An epoch is never
        /// started twice and never goes down: false, and nothing changes, for one not above the current.
        /// </summary>
        public bool Start(int newEpoch)
        {
            if (newEpoch <= epoch || newEpoch > FrameLimits.MaxEpoch) return false;
            epoch = newEpoch;
            next = 1;
            wanted = 0;
            return true;
        }

        /// <summary>Asks the host for an epoch above <paramref name="atLeast"/> - 1 (a flash restore reused this one).</summary>
        public void Demand(int atLeast)
        {
            if (atLeast <= epoch || atLeast > FrameLimits.MaxEpoch) return;
            if (atLeast > wanted) wanted = atLeast;
        }

        /// <summary>Writes epoch and the next counter into a frame's header; false (nothing written) when it cannot.</summary>
        public bool Stamp(byte[] frame)
        {
            if (!CanStamp) return false;
            Bytes.WriteU16(frame, FrameLimits.EpochOffset, epoch);
            Bytes.WriteI32(frame, FrameLimits.CounterOffset, next);
            next++;
            // The last counter is used: ask for the next epoch now, so the host renews before a frame is refused.
            if (next > counterLimit && epoch < FrameLimits.MaxEpoch) wanted = epoch + 1;
            return true;
        }
    }
}
