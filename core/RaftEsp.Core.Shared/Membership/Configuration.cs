namespace RaftEsp.Core
{
    /// <summary>
    /// A cluster configuration: the voters and the learners (Ongaro's dissertation §4). A node derives the one it acts
    /// on from its snapshot's configuration and the membership entries in its log (docs/design.md, "Membership
    /// changes"); the same entries applied to the same start give the same configuration on every node. Fixed size,
    /// no allocation after construction.
    /// </summary>
    public sealed class Configuration
    {
        /// <summary>Largest encoded configuration: the two counts and every id.</summary>
        public const int MaxEncodedBytes = 2 + Config.MaxClusterSize;

        private readonly NodeSet voters = new NodeSet();
        private readonly NodeSet learners = new NodeSet();

        /// <summary>The voting members, in the order they joined.</summary>
        public NodeSet Voters => voters;

        /// <summary>The non-voting members, in the order they joined.</summary>
        public NodeSet Learners => learners;

        /// <summary>Voters and learners together.</summary>
        public int Count => voters.Count + learners.Count;

        /// <summary>True when <paramref name="nodeId"/> is a voter or a learner.</summary>
        public bool Contains(int nodeId) => voters.Contains(nodeId) || learners.Contains(nodeId);

        /// <summary>Makes this configuration a copy of <paramref name="other"/>.</summary>
        internal void CopyFrom(Configuration other)
        {
            voters.CopyFrom(other.voters);
            learners.CopyFrom(other.learners);
        }

        /// <summary>The founding configuration: <paramref name="founders"/> vote, except <paramref name="excluded"/>
        /// (a board that joins under a founder's id after that founder was removed), and there are no learners.</summary>
        internal void Found(byte[] founders, int excluded)
        {
            voters.Clear();
            learners.Clear();
            for (int i = 0; i < founders.Length; i++)
            {
                if (founders[i] != excluded) voters.Add(founders[i]);
            }
        }

        /// <summary>True when the two hold the same voters and learners in the same order.</summary>
        public bool SameAs(Configuration other) => voters.SameAs(other.voters) && learners.SameAs(other.learners);

        /// <summary>
        /// Whether a membership entry of <paramref name="kind"/> for <paramref name="nodeId"/> may be appended to a log
        /// whose latest configuration is this one, in a cluster of at most <paramref name="capacity"/> members:
        /// <see cref="ErrorCode.None"/> or the typed reason.
        /// </summary>
        public ErrorCode Check(EntryKind kind, int nodeId, int capacity)
        {
            if (!NodeId.IsValid(nodeId)) return ErrorCode.InvalidCommand;
            switch (kind)
            {
                case EntryKind.AddLearner:
                    if (Contains(nodeId)) return ErrorCode.AlreadyMember;
                    return Count >= capacity ? ErrorCode.ClusterFull : ErrorCode.None;
                case EntryKind.PromoteLearner:
                    if (voters.Contains(nodeId)) return ErrorCode.AlreadyMember;
                    return learners.Contains(nodeId) ? ErrorCode.None : ErrorCode.NotMember;
                case EntryKind.RemoveNode:
                    if (learners.Contains(nodeId)) return ErrorCode.None;
                    if (!voters.Contains(nodeId)) return ErrorCode.NotMember;
                    return voters.Count == 1 ? ErrorCode.LastVoter : ErrorCode.None;
                default:
                    return ErrorCode.InvalidCommand;
            }
        }

        /// <summary>
        /// Applies one membership entry. An entry that does not apply here (see <see cref="Check"/>) changes nothing
        /// and returns false: a leader never appends one, but a board that rejoined under an old id may replay its own
        /// removal from a start that no longer held it.
        /// </summary>
        internal bool Apply(EntryKind kind, int nodeId, int capacity)
        {
            if (Check(kind, nodeId, capacity) != ErrorCode.None) return false;
            switch (kind)
            {
                case EntryKind.AddLearner:
                    return learners.Add(nodeId);
                case EntryKind.PromoteLearner:
                    learners.Remove(nodeId);
                    return voters.Add(nodeId);
                default:
                    return voters.Remove(nodeId) || learners.Remove(nodeId);
            }
        }

        /// <summary>Encoded size: 2 + one byte per member.</summary>
        public int EncodedSize => 2 + Count;

        /// <summary>Writes voter count u8, learner count u8, the voters' ids, the learners' ids. Returns the offset after it.</summary>
        public int Write(byte[] buffer, int offset)
        {
            int o = offset;
            buffer[o++] = (byte)voters.Count;
            buffer[o++] = (byte)learners.Count;
            for (int i = 0; i < voters.Count; i++) buffer[o++] = (byte)voters.IdAt(i);
            for (int i = 0; i < learners.Count; i++) buffer[o++] = (byte)learners.IdAt(i);
            return o;
        }

        /// <summary>
        /// Length of the well-formed configuration at <paramref name="offset"/> (at least one voter, ids valid and
        /// distinct, at most <see cref="Config.MaxClusterSize"/> members, within <paramref name="end"/>), or -1.
        /// </summary>
        public static int Measure(byte[] buffer, int offset, int end)
        {
            if (buffer == null || offset < 0 || end > buffer.Length || end - offset < 2) return -1;
            int v = buffer[offset];
            int l = buffer[offset + 1];
            int n = v + l;
            if (v < 1 || n > Config.MaxClusterSize || end - offset < 2 + n) return -1;
            for (int i = 0; i < n; i++)
            {
                int nodeId = buffer[offset + 2 + i];
                if (!NodeId.IsValid(nodeId)) return -1;
                for (int j = 0; j < i; j++)
                {
                    if (buffer[offset + 2 + j] == nodeId) return -1;
                }
            }

            return 2 + n;
        }

        /// <summary>Reads a configuration <see cref="Measure"/> accepted; false (and nothing changed) for a malformed one.</summary>
        internal bool Read(byte[] buffer, int offset, int end)
        {
            if (Measure(buffer, offset, end) < 0) return false;
            int v = buffer[offset];
            int l = buffer[offset + 1];
            voters.Clear();
            learners.Clear();
            for (int i = 0; i < v; i++) voters.Add(buffer[offset + 2 + i]);
            for (int i = 0; i < l; i++) learners.Add(buffer[offset + 2 + v + i]);
            return true;
        }
    }
}
