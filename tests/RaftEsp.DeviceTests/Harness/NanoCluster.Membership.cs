using RaftEsp.Core;

namespace RaftEsp.DeviceTests.Harness
{
    /// <summary>
    /// Membership changes on a <see cref="NanoCluster"/> (docs/design.md, "Membership changes"): find the leader,
    /// propose a change as a client would (retrying what a client retries), and wait until the members hold a
    /// configuration. Configurations are given as plain id arrays, compared without regard to order.
    /// </summary>
    public sealed partial class NanoCluster
    {
        /// <summary>
        /// The live node that leads in the highest term, or -1. An old leader cut off from the others may still think it
        /// leads in a lower term; the one in the highest term is the one whose proposals can commit.
        /// </summary>
        public int CurrentLeader()
        {
            int leader = -1;
            for (int i = 0; i < nodes.Length; i++)
            {
                if (down[i] || nodes[i].Role != Role.Leader) continue;
                if (leader < 0 || nodes[i].Term > nodes[leader].Term) leader = i;
            }

            return leader;
        }

        /// <summary>
        /// Proposes a membership change (<see cref="EntryKind.AddLearner"/> or <see cref="EntryKind.RemoveNode"/> of
        /// <paramref name="nodeId"/>) on the current leader, without a client session, and retries on later ticks while
        /// the refusal is one a client waits out: no leader yet, <see cref="ErrorCode.LeaderNotReady"/> (no entry of the
        /// leader's term committed yet, the 2015 fix), <see cref="ErrorCode.TransferInProgress"/> (a leader asked to
        /// remove itself hands over first; the next leader takes the retry), a full proposal queue. Returns
        /// <see cref="ErrorCode.None"/> once a leader appended the change (it is in force there at once, §4.1, but not
        /// yet committed), else the lasting refusal, or the last passing one when <paramref name="maxTicks"/> ran out.
        /// </summary>
        public ErrorCode ProposeChange(EntryKind kind, int nodeId, int maxTicks)
        {
            ErrorCode error = ErrorCode.NoLeader;
            for (int t = 0; t <= maxTicks; t++)
            {
                int leader = CurrentLeader();
                error = leader < 0 ? ErrorCode.NoLeader : nodes[leader].Propose(kind, 0, 0, 0, nodeId);
                if (error == ErrorCode.None)
                {
                    Deliver(HopsPerTick);
                    return error;
                }

                if (!PassingRefusal(error)) return error;
                Run(1);
            }

            return error;
        }

        private static bool PassingRefusal(ErrorCode error) =>
            error == ErrorCode.NoLeader || error == ErrorCode.NotLeader || error == ErrorCode.LeaderNotReady ||
            error == ErrorCode.TransferInProgress || error == ErrorCode.ProposalQueueFull || error == ErrorCode.LogFull;

        /// <summary>
        /// True when node <paramref name="id"/> acts on exactly these <paramref name="voters"/> and
        /// <paramref name="learners"/> and knows the entry that made its configuration committed.
        /// </summary>
        public bool Holds(int id, byte[] voters, byte[] learners)
        {
            RaftNode node = nodes[id];
            return SameIds(node.Voters, voters) && SameIds(node.Learners, learners) && !node.MembershipChangePending;
        }

        /// <summary>
        /// True when every running voter and learner of the given configuration holds it (<see cref="Holds"/>). An id
        /// with no board in this cluster counts as a board never powered on.
        /// </summary>
        public bool MembersHold(byte[] voters, byte[] learners)
        {
            for (int i = 0; i < voters.Length; i++) if (Runs(voters[i]) && !Holds(voters[i], voters, learners)) return false;
            for (int i = 0; i < learners.Length; i++) if (Runs(learners[i]) && !Holds(learners[i], voters, learners)) return false;
            return true;
        }

        private bool Runs(int id) => id < nodes.Length && !down[id];

        /// <summary>Ticks until <see cref="MembersHold"/>; false if it does not happen within <paramref name="maxTicks"/>.</summary>
        public bool RunUntilMembersHold(byte[] voters, byte[] learners, int maxTicks)
        {
            for (int t = 0; t < maxTicks; t++)
            {
                if (MembersHold(voters, learners)) return true;
                Run(1);
            }

            return MembersHold(voters, learners);
        }

        /// <summary>Each board's view of the membership, for a failed assertion's message.</summary>
        public string DescribeMembership()
        {
            string s = "";
            for (int i = 0; i < nodes.Length; i++)
            {
                RaftNode node = nodes[i];
                s += "; " + i + (down[i] ? " down " : " up ") + RoleName(node.Role) + " term " + node.Term + " voters" + Ids(node.Voters) +
                     " learners" + Ids(node.Learners) + " at " + node.ConfigurationIndex + (node.MembershipChangePending ? " pending" : " committed");
            }

            return s;
        }

        private static string RoleName(Role role)
        {
            switch (role)
            {
                case Role.Leader: return "leader";
                case Role.Candidate: return "candidate";
                case Role.PreCandidate: return "pre-candidate";
                default: return "follower";
            }
        }

        private static string Ids(NodeSet set)
        {
            string s = " [";
            for (int i = 0; i < set.Count; i++) s += (i == 0 ? "" : " ") + set.IdAt(i);
            return s + "]";
        }

        private static bool SameIds(NodeSet set, byte[] ids)
        {
            if (set.Count != ids.Length) return false;
            for (int i = 0; i < ids.Length; i++) if (!set.Contains(ids[i])) return false;
            return true;
        }
    }
}
