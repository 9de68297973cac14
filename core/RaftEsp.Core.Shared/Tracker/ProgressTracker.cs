namespace RaftEsp.Core
{
    /// <summary>
    /// The leader's progress records, keyed by node id, and the configuration they belong to: voters, who elect and
    /// count towards every quorum, and learners, who receive the log but never vote (as etcd's tracker). Answers the
    /// majority questions: the commit index (<see cref="Committed"/>), CheckQuorum (<see cref="QuorumActive"/>),
    /// ReadIndex rounds (<see cref="QuorumAcknowledged"/>) and elections (<see cref="TallyVotes"/>).
    /// Every record exists from construction on; a configuration change reuses them, so nothing is allocated later.
    /// </summary>
    public sealed class ProgressTracker
    {
        private const byte NoVote = 0;
        private const byte Granted = 1;
        private const byte Refused = 2;

        // Positions 0..count-1 hold the configuration's records in order, voters first; the rest are spare.
        private readonly Progress[] records;
        private readonly byte[] votes;
        private readonly byte[] positionOf = new byte[NodeId.MaxId + 1]; // position + 1; 0: not in the configuration
        private readonly int[] matchScratch;
        private readonly NodeSet voters = new NodeSet();
        private readonly NodeSet learners = new NodeSet();
        private readonly NodeSet scratchVoters = new NodeSet();
        private readonly NodeSet scratchLearners = new NodeSet();
        private readonly Progress[] staging;
        private readonly byte[] stagingVotes;
        private readonly bool[] kept;
        private readonly bool[] fresh;
        private int count;

        /// <summary>
        /// Creates a tracker with room for <paramref name="capacity"/> nodes (voters and learners together, at most
        /// <see cref="Config.MaxClusterSize"/>), each with a window of <paramref name="maxInflight"/> frames. It tracks
        /// nobody until <see cref="ApplyConfiguration"/>.
        /// </summary>
        public ProgressTracker(int capacity, int maxInflight)
        {
            records = new Progress[capacity];
            for (int i = 0; i < capacity; i++) records[i] = new Progress(NodeId.None, maxInflight);
            votes = new byte[capacity];
            matchScratch = new int[capacity];
            staging = new Progress[capacity];
            stagingVotes = new byte[capacity];
            kept = new bool[capacity];
            fresh = new bool[capacity];
        }

        /// <summary>Most nodes a configuration may hold.</summary>
        public int Capacity => records.Length;

        /// <summary>Nodes tracked: voters and learners.</summary>
        public int Count => count;

        /// <summary>The voters, in configuration order.</summary>
        public NodeSet Voters => voters;

        /// <summary>The learners, in configuration order.</summary>
        public NodeSet Learners => learners;

        /// <summary>The record at position <paramref name="i"/> (0 ≤ i &lt; <see cref="Count"/>): voters in order, then learners.</summary>
        public Progress ProgressAt(int i) => records[i];

        /// <summary>True for a voter or a learner.</summary>
        public bool Contains(int nodeId) => PositionOf(nodeId) >= 0;

        /// <summary>The record of <paramref name="nodeId"/>, which must be a voter or a learner (<see cref="Contains"/>).</summary>
        public Progress ProgressOf(int nodeId)
        {
            int position = PositionOf(nodeId);
            if (position < 0) throw new System.ArgumentException("node not in the configuration");
            return records[position];
        }

        /// <summary>True for a voter.</summary>
        public bool IsVoter(int nodeId)
        {
            int position = PositionOf(nodeId);
            return position >= 0 && position < voters.Count;
        }

        /// <summary>
        /// Switches to a configuration of <paramref name="newVoters"/> and <paramref name="newLearners"/>. A node that
        /// stays (as voter or learner) keeps its record and its vote; a new one gets a fresh record, in the state a
        /// leader gives every follower (next index after <paramref name="lastIndex"/>). False, and nothing changes,
        /// when the configuration has no voter, an invalid or repeated id, or more nodes than <see cref="Capacity"/>.
        /// </summary>
        public bool ApplyConfiguration(byte[] newVoters, byte[] newLearners, int lastIndex)
        {
            if (newVoters == null || newLearners == null || newVoters.Length + newLearners.Length > Config.MaxClusterSize) return false;
            scratchVoters.Assign(newVoters);
            scratchLearners.Assign(newLearners);
            return ApplyConfiguration(scratchVoters, scratchLearners, lastIndex);
        }

        /// <summary>As <see cref="ApplyConfiguration(byte[], byte[], int)"/>, from sets (no allocation: membership changes
        /// at run time). An empty configuration is accepted here: a board that joins knows no member yet.</summary>
        public bool ApplyConfiguration(NodeSet newVoters, NodeSet newLearners, int lastIndex)
        {
            if (!Acceptable(newVoters, newLearners)) return false;
            int n = newVoters.Count + newLearners.Count;
            for (int p = 0; p < records.Length; p++) kept[p] = false;

            for (int i = 0; i < n; i++)
            {
                int old = PositionOf(IdIn(newVoters, newLearners, i));
                fresh[i] = old < 0;
                if (old < 0) continue;
                staging[i] = records[old];
                stagingVotes[i] = votes[old];
                kept[old] = true;
            }

            // The lookup is rebuilt below; cleared before a record of a leaving node changes hands.
            for (int p = 0; p < count; p++) positionOf[records[p].NodeId] = 0;

            // Records of nodes that leave go to the newcomers, in order; the rest wait after the configuration.
            int next = 0;
            int spare = n;
            for (int p = 0; p < records.Length; p++)
            {
                if (kept[p]) continue;
                while (next < n && !fresh[next]) next++;
                if (next < n)
                {
                    records[p].Reassign(IdIn(newVoters, newLearners, next), lastIndex);
                    staging[next] = records[p];
                    stagingVotes[next] = NoVote;
                    next++;
                }
                else
                {
                    staging[spare] = records[p];
                    stagingVotes[spare] = NoVote;
                    spare++;
                }
            }

            for (int p = 0; p < records.Length; p++)
            {
                records[p] = staging[p];
                votes[p] = stagingVotes[p];
            }

            for (int p = 0; p < n; p++) positionOf[records[p].NodeId] = (byte)(p + 1);
            count = n;
            if (newVoters != voters) voters.CopyFrom(newVoters);
            if (newLearners != learners) learners.CopyFrom(newLearners);
            return true;
        }

        /// <summary>A new leader's view of every node (§5.3): nothing known to match, next index after <paramref name="lastIndex"/>.</summary>
        public void ResetForLeader(int lastIndex)
        {
            for (int i = 0; i < count; i++) records[i].ResetForLeader(lastIndex);
        }

        /// <summary>
        /// The highest index whose acknowledgement (<see cref="Progress.Match"/>) a majority of voters reached: the
        /// commit candidate of §5.3. Learners do not count.
        /// </summary>
        public int Committed()
        {
            int n = voters.Count;
            for (int i = 0; i < n; i++) matchScratch[i] = records[i].Match;
            return Quorum.MajorityIndex(matchScratch, n);
        }

        /// <summary>CheckQuorum: a majority of voters was heard from recently (<see cref="Progress.RecentActive"/>).</summary>
        public bool QuorumActive()
        {
            int active = 0;
            for (int i = 0; i < voters.Count; i++)
            {
                if (records[i].RecentActive) active++;
            }

            return active >= Quorum.Majority(voters.Count);
        }

        /// <summary>ReadIndex: a majority of voters acknowledged heartbeat <paramref name="round"/> or a later one.</summary>
        public bool QuorumAcknowledged(int round)
        {
            int acks = 0;
            for (int i = 0; i < voters.Count; i++)
            {
                if (records[i].AckedRound >= round) acks++;
            }

            return acks >= Quorum.Majority(voters.Count);
        }

        /// <summary>Forgets every vote: a new election starts.</summary>
        public void ResetVotes()
        {
            for (int i = 0; i < votes.Length; i++) votes[i] = NoVote;
        }

        /// <summary>
        /// Records the answer of <paramref name="nodeId"/>; its first answer of an election counts, a repeat is ignored
        /// (a duplicated frame must not turn a refusal into a grant). An unknown node is ignored.
        /// </summary>
        public void RecordVote(int nodeId, bool granted)
        {
            int position = PositionOf(nodeId);
            if (position < 0 || votes[position] != NoVote) return;
            votes[position] = granted ? Granted : Refused;
        }

        /// <summary>
        /// Records a pre-vote answer of <paramref name="nodeId"/>. Unlike a vote, a refused pre-vote may turn into a
        /// grant when the pre-candidate asks again: a pre-vote binds nobody and changes no term (§9.6), and a voter
        /// that refused only because it was still in its leader lease grants once the lease has run out. A grant is
        /// never withdrawn, so a duplicated refusal changes nothing. An unknown node is ignored.
        /// </summary>
        public void RecordPreVote(int nodeId, bool granted)
        {
            int position = PositionOf(nodeId);
            if (position < 0 || votes[position] == Granted) return;
            votes[position] = granted ? Granted : Refused;
        }

        /// <summary>True once <paramref name="nodeId"/> answered in this election (granted or refused).</summary>
        public bool HasAnswered(int nodeId)
        {
            int position = PositionOf(nodeId);
            return position >= 0 && votes[position] != NoVote;
        }

        /// <summary>True once <paramref name="nodeId"/> granted its (pre-)vote in this election.</summary>
        public bool HasGranted(int nodeId)
        {
            int position = PositionOf(nodeId);
            return position >= 0 && votes[position] == Granted;
        }

        /// <summary>The election's outcome so far, counting voters only.</summary>
        public VoteResult TallyVotes()
        {
            int granted = 0;
            int refused = 0;
            for (int i = 0; i < voters.Count; i++)
            {
                if (votes[i] == Granted) granted++;
                else if (votes[i] == Refused) refused++;
            }

            return Quorum.Outcome(granted, refused, voters.Count);
        }

        private int PositionOf(int nodeId) => nodeId < 0 || nodeId > NodeId.MaxId ? -1 : positionOf[nodeId] - 1;

        private static int IdIn(NodeSet first, NodeSet second, int i) => i < first.Count ? first.IdAt(i) : second.IdAt(i - first.Count);

        private bool Acceptable(NodeSet newVoters, NodeSet newLearners)
        {
            if (newVoters == null || newLearners == null) return false;
            if (newVoters.Count < 1 && newLearners.Count > 0) return false;
            int n = newVoters.Count + newLearners.Count;
            if (n > records.Length) return false;
            for (int i = 0; i < n; i++)
            {
                int nodeId = IdIn(newVoters, newLearners, i);
                if (!NodeId.IsValid(nodeId)) return false;
                for (int j = 0; j < i; j++)
                {
                    if (IdIn(newVoters, newLearners, j) == nodeId) return false;
                }
            }

            return true;
        }
    }
}
