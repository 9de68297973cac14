using RaftEsp.Core;

namespace RaftEsp.Apps
{
    /// <summary>
    /// A board's anti-replay duties besides the window itself (docs/wire-format.md, "Security"): the boot epoch made
    /// durable before the first frame, a new epoch when the codec asks for one, and, for a board whose Raft node does
    /// not run (the collector, a faulted node), the Sync handshake: answering Syncs and sending its own. Buffers are
    /// allocated once.
    /// </summary>
    public sealed class BoardEpochs
    {
        private readonly FrameCodec codec;
        private readonly EpochStore store;
        private INonceSource nonces;
        private readonly int localId;
        private readonly Message scratch = new Message();
        private readonly byte[] tx = new byte[FrameLimits.MaxFrameBytes];

        /// <summary>Duties for the board <paramref name="localId"/> whose frames <paramref name="codec"/> seals and opens.</summary>
        public BoardEpochs(FrameCodec codec, IFlashFiles flash, int localId)
        {
            this.codec = codec;
            this.localId = localId;
            store = new EpochStore(flash);
            nonces = null!;
        }

        /// <summary>Where Sync nonces come from (set before <see cref="Boot"/>); without one the boot epoch is the nonce.</summary>
        public INonceSource Nonces
        {
            set => nonces = value;
        }

        /// <summary>Why the last epoch could not be taken; <see cref="EpochError.None"/> while the board may seal frames.</summary>
        public EpochError Error { get; private set; }

        /// <summary>Takes and persists the next boot epoch, then lets the codec seal with it. Call before sending anything.</summary>
        public EpochError Boot()
        {
            Error = store.Advance(1, out int epoch);
            if (Error == EpochError.None) codec.Boot(epoch, nonces != null ? (int)nonces.Next() : epoch); // the guard keeps 31 bits, never 0
            return Error;
        }

        /// <summary>When the codec asks for a new epoch (counter ran out, or a flash restore was detected): persist it, then start it.</summary>
        public void Renew()
        {
            int wanted = codec.Sequencer.EpochWanted;
            if (wanted == 0) return;
            Error = store.Advance(wanted, out int epoch);
            if (Error == EpochError.None) codec.Sequencer.Start(epoch);
        }

        /// <summary>True for the handshake's frame types, which <see cref="Receive"/> takes.</summary>
        public static bool IsSyncFrame(byte[] frame, int length) =>
            length > 3 && (frame[3] == (byte)MessageType.Sync || frame[3] == (byte)MessageType.SyncAck);

        /// <summary>Opens a Sync or SyncAck (the codec's guard does the rest); returns why it was dropped, or None.</summary>
        public FrameError Receive(byte[] frame, int length) => codec.Decode(frame, length, localId, scratch);

        /// <summary>One tick of the guard's sync interval (boards without a running Raft node).</summary>
        public void Tick()
        {
            if (codec.Guarded) codec.Guard.Tick();
        }

        /// <summary>Sends the Sync that is due and the SyncAcks owed; returns the frames the radio took.</summary>
        public int SendDue(IRadio radio)
        {
            if (!codec.Guarded) return 0;
            ReplayGuard guard = codec.Guard;
            int sent = 0;
            while (guard.NextHandshake(scratch, localId))
            {
                if (SendScratch(radio)) sent++;
            }

            return sent;
        }

        private bool SendScratch(IRadio radio)
        {
            int n = codec.Encode(scratch, tx);
            return n > 0 && radio.Send(scratch.To, tx, n);
        }
    }
}
