using RaftEsp.Core;

namespace RaftEsp.Apps
{
    /// <summary>
    /// One end of a collector-desktop session (docs/protocol.md, "Sessions"): the session id, the counter of the
    /// datagrams this end sent, and the window over the counters it received. Both the collector and the desktop use
    /// it. Fixed size, no allocation after construction.
    /// </summary>
    public sealed class LinkSession
    {
        private readonly CounterWindow received = new CounterWindow();
        private readonly byte[] nonces = new byte[16];
        private int sent;

        /// <summary>True while a session is open.</summary>
        public bool IsOpen { get; private set; }

        /// <summary>The open session's id (meaningful while <see cref="IsOpen"/>).</summary>
        public ulong Id { get; private set; }

        /// <summary>The session id of a handshake: SipHash-2-4 keyed with the cluster key over desktopNonce || collectorNonce.</summary>
        public ulong Derive(LinkKey key, ulong desktopNonce, ulong collectorNonce)
        {
            Bytes.WriteU64(nonces, 0, desktopNonce);
            Bytes.WriteU64(nonces, 8, collectorNonce);
            return SipHash24.Compute(key.K0, key.K1, nonces, 0, nonces.Length);
        }

        /// <summary>Opens session <paramref name="id"/>: counters start again at 1 both ways.</summary>
        public void Open(ulong id)
        {
            Id = id;
            IsOpen = true;
            sent = 0;
            received.Reset();
        }

        /// <summary>Closes the session: every datagram of it is stale from now on.</summary>
        public void Close() => IsOpen = false;

        /// <summary>The counter for the next datagram this end sends, or 0 when no session is open or the counter is spent (at 2^31-1: handshake again).</summary>
        public int NextCounter()
        {
            if (!IsOpen || sent == int.MaxValue) return 0;
            sent++;
            return sent;
        }

        /// <summary>StaleSession for another (or no) session, Replayed for a counter already seen or too old, else None. Changes nothing.</summary>
        public DatagramError Check(SessionStamp stamp)
        {
            if (!IsOpen || stamp.Session != Id) return DatagramError.StaleSession;
            return received.IsFresh(stamp.Counter) ? DatagramError.None : DatagramError.Replayed;
        }

        /// <summary>Records an accepted datagram's counter (after <see cref="Check"/> and every other check passed).</summary>
        public void Accept(SessionStamp stamp) => received.Mark(stamp.Counter);
    }
}
