using RaftEsp.Core;

namespace RaftEsp.Apps
{
    /// <summary>
    /// The membership part of a board's status report: the configuration it acts on (the latest in its log, §4.1) and
    /// where the board itself stands in it (docs/protocol.md, "StatusReport").
    /// </summary>
    public static class MembershipStatus
    {
        /// <summary>Fills the membership fields of <paramref name="r"/> from <paramref name="node"/>; <paramref name="joiner"/>: the board booted with join = true.</summary>
        public static void Fill(StatusReport r, RaftNode node, bool joiner)
        {
            Configuration configuration = node.Configuration;
            r.ConfigurationIndex = node.ConfigurationIndex;
            r.VoterCount = Copy(configuration.Voters, r.Voters);
            r.LearnerCount = Copy(configuration.Learners, r.Learners);
            r.ChangePending = node.MembershipChangePending;
            bool member = configuration.Contains(node.Id);
            // A leader sends entries only to the members of its configuration, so a joiner that holds none was never
            // added: it waits. A board outside its configuration that holds entries (or a founder outside it) applied
            // its own removal.
            r.WaitingToJoin = !member && joiner && node.Log.LastIndex == 0;
            r.Removed = !member && !r.WaitingToJoin;
        }

        private static int Copy(NodeSet set, int[] into)
        {
            int n = set.Count;
            for (int i = 0; i < n; i++) into[i] = set.IdAt(i);
            return n;
        }
    }
}
