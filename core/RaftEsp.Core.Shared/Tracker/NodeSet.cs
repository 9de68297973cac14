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

        /// <summary>Adds <paramref name="nodeId"/> at the end. False when it is there already or the set is full.</summary>
        internal bool Add(int nodeId)
        {
            if (count == ids.Length || Contains(nodeId)) return false;
            ids[count++] = (byte)nodeId;
            return true;
        }

        /// <summary>Removes <paramref name="nodeId"/>, keeping the order of the others. False when it is not there.</summary>
        internal bool Remove(int nodeId)
        {
            for (int i = 0; i < count; i++)
            {
                if (ids[i] != nodeId) continue;
                for (int j = i + 1; j < count; j++) ids[j - 1] = ids[j];
                count--;
                return true;
            }

            return false;
        }

        /// <summary>Empties the set.</summary>
        internal void Clear() => count = 0;

        /// <summary>Makes this set a copy of <paramref name="source"/>.</summary>
        internal void CopyFrom(NodeSet source)
        {
            count = source.count;
            for (int i = 0; i < count; i++) ids[i] = source.ids[i];
        }

        /// <summary>True when both sets hold the same ids in the same order.</summary>
        public bool SameAs(NodeSet other)
        {
            if (other.count != count) return false;
            for (int i = 0; i < count; i++)
            {
                if (other.ids[i] != ids[i]) return false;
            }

            return true;
        }

        /// <summary>Replaces the ids (checked by the caller: distinct, valid, at most <see cref="Config.MaxClusterSize"/>).</summary>
        internal void Assign(byte[] source)
        {
            count = source.Length;
            for (int i = 0; i < count; i++) ids[i] = source[i];
        }
    }
}
