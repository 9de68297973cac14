namespace RaftEsp.Core
{
    /// <summary>
    /// A set of node ids in configuration order (the voters, or the learners), at most
    /// <see cref="Config.MaxClusterSize"/>. Read-only outside the core: only the tracker replaces it.
    /// </summary>
    public sealed class NodeSet
    {
        private readonly byte[] ids = new byte[Config.MaxClusterSize];
        private int count;

        /// <summary>Number of ids.</summary>
        public int Count => count;

        /// <summary>The id at position <paramref name="i"/> (0 ≤ i &lt; <see cref="Count"/>), in configuration order.</summary>
        public int IdAt(int i) => ids[i];

        /// <summary>True when <paramref name="nodeId"/> is in the set.</summary>
        public bool Contains(int nodeId)
        {
            for (int i = 0; i < count; i++)
            {
                if (ids[i] == nodeId) return true;
            }

            return false;
        }

        /// <summary>Replaces the ids (checked by the caller: distinct, valid, at most <see cref="Config.MaxClusterSize"/>).</summary>
        internal void Assign(byte[] source)
        {
            count = source.Length;
            for (int i = 0; i < count; i++) ids[i] = source[i];
        }
    }
}
