namespace RaftEsp.Core
{
    /// <summary>
    /// The voting members of the cluster. Data, not a constant: a later membership change replaces the list,
    /// and everything that counts votes or acknowledgements asks this class.
    /// </summary>
    public sealed class Membership
    {
        private readonly byte[] ids = new byte[Config.MaxClusterSize];
        private int count;

        /// <summary>Creates a membership of the given node ids (validated by <see cref="Config.Validate"/>).</summary>
        public Membership(byte[] members) => Replace(members);

        /// <summary>Number of voters.</summary>
        public int Count => count;

        /// <summary>Votes or acknowledgements that make a majority.</summary>
        public int Quorum => count / 2 + 1;

        /// <summary>Node id at position <paramref name="i"/>.</summary>
        public int IdAt(int i) => ids[i];

        /// <summary>Position of <paramref name="nodeId"/>, or -1 when it is not a member.</summary>
        public int IndexOf(int nodeId)
        {
            for (int i = 0; i < count; i++)
            {
                if (ids[i] == nodeId) return i;
            }

            return -1;
        }

        /// <summary>True for a voting member.</summary>
        public bool Contains(int nodeId) => IndexOf(nodeId) >= 0;

        /// <summary>Replaces the member list.</summary>
        public void Replace(byte[] members)
        {
            count = members.Length;
            for (int i = 0; i < count; i++) ids[i] = members[i];
        }
    }
}
