using RaftEsp.Core;

namespace RaftEsp.Apps
{
    /// <summary>
    /// The boards a collector polls, in polling order: its configured founders first (always kept), then boards it
    /// learns of at run time: the members of the latest configuration heard and joiners that announce themselves.
    /// Fixed capacity; when full, a learned board that is neither in the latest configuration nor answering gives
    /// its place up. No allocation after construction.
    /// </summary>
    public sealed class PolledBoards
    {
        private readonly int[] ids;
        private readonly int founders;
        private readonly bool[] inLatest = new bool[NodeId.MaxId + 1];
        private int count;

        /// <summary>Room for <paramref name="capacity"/> boards, starting with <paramref name="foundingMembers"/>.</summary>
        public PolledBoards(int capacity, byte[] foundingMembers)
        {
            if (foundingMembers.Length > capacity) throw new System.ArgumentException("more founders than polled boards");
            ids = new int[capacity];
            for (int i = 0; i < foundingMembers.Length; i++)
            {
                ids[i] = foundingMembers[i];
                inLatest[foundingMembers[i]] = true;
            }

            founders = foundingMembers.Length;
            count = founders;
        }

        /// <summary>Boards polled now.</summary>
        public int Count => count;

        /// <summary>Most boards polled.</summary>
        public int Capacity => ids.Length;

        /// <summary>Learned boards that gave their place to a newer one (the table was full).</summary>
        public int Evictions { get; private set; }

        /// <summary>The id of the <paramref name="i"/>-th board polled.</summary>
        public int IdAt(int i) => ids[i];

        /// <summary>Where <paramref name="node"/> is in the polling order, or -1.</summary>
        public int IndexOf(int node)
        {
            for (int i = 0; i < count; i++) if (ids[i] == node) return i;
            return -1;
        }

        /// <summary>True when <paramref name="node"/> is in the latest configuration heard (the founders' until one is).</summary>
        public bool InLatest(int node) => NodeId.IsValid(node) && inLatest[node];

        /// <summary>Records the members of the latest configuration heard.</summary>
        public void SetLatest(int[] voters, int voterCount, int[] learners, int learnerCount)
        {
            for (int i = 0; i < inLatest.Length; i++) inLatest[i] = false;
            for (int i = 0; i < voterCount; i++) inLatest[voters[i]] = true;
            for (int i = 0; i < learnerCount; i++) inLatest[learners[i]] = true;
        }

        /// <summary>
        /// Adds <paramref name="node"/> (the caller checked it is not polled yet) and returns its index, or -1 when the
        /// table is full of boards worth keeping. <paramref name="online"/>, by index: whether each answered its last poll.
        /// </summary>
        public int Add(int node, bool[] online)
        {
            if (!NodeId.IsValid(node)) return -1;
            if (count < ids.Length)
            {
                ids[count] = node;
                return count++;
            }

            for (int i = founders; i < count; i++)
            {
                if (online[i] || inLatest[ids[i]]) continue;
                ids[i] = node;
                Evictions++;
                return i;
            }

            return -1;
        }
    }
}
