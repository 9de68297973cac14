namespace RaftEsp.Core
{
    /// <summary>A node's role. Only the transitions in <see cref="Roles.CanTransition"/> ever happen.</summary>
    public enum Role : byte
    {
        /// <summary>Follows a leader, or waits for one.</summary>
        Follower = 0,

        /// <summary>Asks whether an election could be won, without raising its term (PreVote).</summary>
        PreCandidate = 1,

        /// <summary>Campaigns for votes in a new term.</summary>
        Candidate = 2,

        /// <summary>Replicates the log for its term.</summary>
        Leader = 3,
    }

    /// <summary>Readable names and the legal transitions of <see cref="Role"/>.</summary>
    public static class Roles
    {
        /// <summary>The role's readable name.</summary>
        public static string Name(Role role)
        {
            switch (role)
            {
                case Role.Follower: return "Follower";
                case Role.PreCandidate: return "PreCandidate";
                case Role.Candidate: return "Candidate";
                case Role.Leader: return "Leader";
                default: return "Unknown";
            }
        }

        /// <summary>
        /// The transition table. Anyone may fall back to follower (a higher term, a lost pre-vote, a lost quorum).
        /// Any node but the leader starts a pre-vote (or, with PreVote off, an election) when its timer fires;
        /// only a candidate that won its election becomes leader, and a leader only ever steps down.
        /// </summary>
        public static bool CanTransition(Role from, Role to)
        {
            switch (to)
            {
                case Role.Follower: return true;
                case Role.PreCandidate: return from != Role.Leader;
                case Role.Candidate: return from != Role.Leader;
                case Role.Leader: return from == Role.Candidate;
                default: return false;
            }
        }
    }
}
