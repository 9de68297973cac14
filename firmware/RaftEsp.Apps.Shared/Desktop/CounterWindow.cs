using RaftEsp.Core;

namespace RaftEsp.Apps
{
    /// <summary>
    /// Anti-replay window over one direction of a link session (RFC 4303 §3.4.3 style): the highest counter accepted
    /// and a 64-bit map of the 64 counters up to it. A counter above the highest, or within the 64 below it and not
    /// yet seen, is fresh; anything else is a replay. <see cref="IsFresh"/> only looks, so a datagram that fails a
    /// later check changes nothing; <see cref="Mark"/> records an accepted one. Counters are 1..2^31-1.
    /// </summary>
    public sealed class CounterWindow
    {
        /// <summary>How many counters below the highest are remembered.</summary>
        public const int Width = ReplayWindow.Width;

        private int highest;
        private ulong seen;

        /// <summary>The highest counter accepted, 0 before any.</summary>
        public int Highest => highest;

        /// <summary>Forgets every counter (a new session).</summary>
        public void Reset()
        {
            highest = 0;
            seen = 0;
        }

        /// <summary>True when <paramref name="counter"/> was never accepted and is not older than the window.</summary>
        public bool IsFresh(int counter)
        {
            return counter > 0 && ReplayWindow.IsNew(highest, seen, counter);
        }

        /// <summary>Records <paramref name="counter"/> as accepted (call only after <see cref="IsFresh"/> said so).</summary>
        public void Mark(int counter)
        {
            if (counter <= 0) return;
            seen = ReplayWindow.Slide(highest, seen, counter);
            if (counter > highest) highest = counter;
        }
    }
}
