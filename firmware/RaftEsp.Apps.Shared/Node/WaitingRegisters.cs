namespace RaftEsp.Apps
{
    /// <summary>
    /// The server node's register commands waiting for their entry to be applied. A forwarded proposal does not learn
    /// its log index, so each carries a nonce (the register entry's sequence field, counting from 1 each boot) and is
    /// matched by it, and only to an entry after the last index this node's log held when it was proposed. Every
    /// entry this node applied before a reboot is in its durable log, so a register answered before a reboot can never
    /// answer a new request with the same nonce (an older one never answered may: it hands out a session nobody
    /// holds). The new entry lands after the leader's last index, which is at or after ours unless our log has a
    /// stale tail; then the request times out and the client registers again. Fixed arrays; nothing is allocated
    /// after construction.
    /// </summary>
    public sealed class WaitingRegisters
    {
        private readonly bool[] active;
        private readonly int[] nonces;
        private readonly int[] after;
        private readonly int[] requests;
        private readonly int[] replyTo;
        private readonly int[] ages;
        private int nextNonce;
        private int count;

        /// <summary>Room for <paramref name="capacity"/> waiting registers.</summary>
        public WaitingRegisters(int capacity)
        {
            active = new bool[capacity];
            nonces = new int[capacity];
            after = new int[capacity];
            requests = new int[capacity];
            replyTo = new int[capacity];
            ages = new int[capacity];
            nextNonce = 1;
        }

        /// <summary>Registers waiting now.</summary>
        public int Count => count;

        /// <summary>A free place, or -1 when the table is full.</summary>
        public int FreePlace()
        {
            for (int i = 0; i < active.Length; i++) if (!active[i]) return i;
            return -1;
        }

        /// <summary>The nonce the next register proposal carries (1..2^31-1).</summary>
        public int NextNonce()
        {
            int nonce = nextNonce;
            nextNonce = nextNonce == int.MaxValue ? 1 : nextNonce + 1;
            return nonce;
        }

        /// <summary>Starts waiting at <paramref name="place"/> for the register entry with <paramref name="nonce"/> at an index after <paramref name="lastIndex"/>.</summary>
        public void Wait(int place, int nonce, int lastIndex, int request, int reply)
        {
            active[place] = true;
            nonces[place] = nonce;
            after[place] = lastIndex;
            requests[place] = request;
            replyTo[place] = reply;
            ages[place] = 0;
            count++;
        }

        /// <summary>The place waiting for nonce <paramref name="nonce"/>, or -1.</summary>
        public int Find(int nonce)
        {
            for (int i = 0; i < active.Length; i++) if (active[i] && nonces[i] == nonce) return i;
            return -1;
        }

        /// <summary>The place the register entry with <paramref name="nonce"/> applied at <paramref name="index"/> answers, or -1.</summary>
        public int Match(int nonce, int index)
        {
            int place = Find(nonce);
            return place >= 0 && index > after[place] ? place : -1;
        }

        /// <summary>Places in the table.</summary>
        public int Capacity => active.Length;

        /// <summary>One tick passed for the register at <paramref name="place"/>: true when it waits and has now waited <paramref name="timeoutTicks"/>.</summary>
        public bool TimedOut(int place, int timeoutTicks) => active[place] && ++ages[place] >= timeoutTicks;

        /// <summary>Request id of the register waiting at <paramref name="place"/>.</summary>
        public int Request(int place) => requests[place];

        /// <summary>Where the answer of the register at <paramref name="place"/> goes.</summary>
        public int ReplyTo(int place) => replyTo[place];

        /// <summary>Stops waiting at <paramref name="place"/>.</summary>
        public void Release(int place)
        {
            active[place] = false;
            count--;
        }

        /// <summary>Forgets every waiting register (a reboot).</summary>
        public void Clear()
        {
            System.Array.Clear(active, 0, active.Length);
            count = 0;
        }
    }
}
