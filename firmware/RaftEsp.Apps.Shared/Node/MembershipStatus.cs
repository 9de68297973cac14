using RaftEsp.Core;

namespace RaftEsp.Apps
{
    /// <summary>
    /// The membership part of a board's status report: the configuration it acts on (the latest in its log, §4.1) and
    /// where the board itself stands in it (docs/protocol.md, "StatusReport"). A joiner hears the leader's broadcast
    /// entries before it is added, so the log alone cannot tell "not added yet" from "removed": the board remembers
    /// whether it has been a member since it booted.
    /// </summary>
    public sealed class MembershipStatus
    {
        private readonly bool joiner;
        private bool beenMember;

        /// <summary>For a board booted with join = <paramref name="joiner"/>; a founder has been a member from index 0.</summary>
        public MembershipStatus(bool joiner)
        {
            this.joiner = joiner;
            beenMember = !joiner;
        }

        /// <summary>Notes whether <paramref name="node"/> is in its configuration now (once per loop pass: cheap, no allocation).</summary>
        public void Note(RaftNode node)
        {
            if (!beenMember && node.Configuration.Contains(node.Id)) beenMember = true;
        }

        /// <summary>True while the board is outside its configuration and has not been a member since it booted: a joiner waiting to be added.</summary>
        public bool Waiting(RaftNode node) => !beenMember && !node.Configuration.Contains(node.Id);

        /// <summary>
        /// Fills the membership fields of <paramref name="r"/> from <paramref name="node"/>. Outside its configuration
        /// a board is <see cref="StatusReport.Removed"/> when it has been a member (a founder always has), else
        /// <see cref="StatusReport.WaitingToJoin"/>: a joiner not added yet, or one removed before it last rebooted,
        /// which, booting with join = true again, waits to be added again.
        /// </summary>
        public void Fill(StatusReport r, RaftNode node)
        {
            Note(node);
            Configuration configuration = node.Configuration;
            r.ConfigurationIndex = node.ConfigurationIndex;
            r.VoterCount = Copy(configuration.Voters, r.Voters);
            r.LearnerCount = Copy(configuration.Learners, r.Learners);
            r.ChangePending = node.MembershipChangePending;
            bool member = configuration.Contains(node.Id);
            r.WaitingToJoin = !member && !beenMember;
            r.Removed = !member && beenMember;
        }

        private static int Copy(NodeSet set, int[] into)
        {
            int n = set.Count;
            for (int i = 0; i < n; i++) into[i] = set.IdAt(i);
            return n;
        }
    }
}
