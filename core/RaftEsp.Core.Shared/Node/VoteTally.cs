namespace RaftEsp.Core
{
    /// <summary>Outcome of an election or pre-vote so far.</summary>
    public enum VoteResult : byte
    {
        /// <summary>Neither a majority for nor against yet.</summary>
        Pending = 0,

        /// <summary>A majority granted.</summary>
        Won = 1,

        /// <summary>A majority refused: the election cannot be won.</summary>
        Lost = 2,
    }

    /// <summary>Counts votes of one election; one vote per member, the first answer counts.</summary>
    public sealed class VoteTally
    {
        private readonly int[] votes = new int[Config.MaxClusterSize]; // 0 unknown, 1 granted, 2 refused

        /// <summary>Forgets every vote.</summary>
        public void Reset()
        {
            for (int i = 0; i < votes.Length; i++) votes[i] = 0;
        }

        /// <summary>Records the vote of the member at <paramref name="position"/>; a repeated answer is ignored.</summary>
        public void Record(int position, bool granted)
        {
            if (position < 0 || votes[position] != 0) return;
            votes[position] = granted ? 1 : 2;
        }

        /// <summary>The outcome for <paramref name="membership"/>.</summary>
        public VoteResult Result(Membership membership)
        {
            int granted = 0;
            int refused = 0;
            for (int i = 0; i < membership.Count; i++)
            {
                if (votes[i] == 1) granted++;
                else if (votes[i] == 2) refused++;
            }

            if (granted >= membership.Quorum) return VoteResult.Won;
            if (refused >= membership.Quorum) return VoteResult.Lost;
            return VoteResult.Pending;
        }
    }
}
