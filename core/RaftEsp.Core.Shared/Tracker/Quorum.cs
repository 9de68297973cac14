namespace RaftEsp.Core
{
    /// <summary>Majority arithmetic over a set of voters, without allocation.</summary>
    public static class Quorum
    {
        /// <summary>Votes or acknowledgements that make a majority of <paramref name="voters"/>.</summary>
        public static int Majority(int voters) => voters / 2 + 1;

        /// <summary>
        /// The highest value that a majority of the first <paramref name="count"/> entries of
        /// <paramref name="values"/> reach (each entry is one voter's acknowledged index): sorts those entries in
        /// descending order, in place, and reads the majority-th. Zero for no voters: nobody acknowledged anything.
        /// </summary>
        public static int MajorityIndex(int[] values, int count)
        {
            if (count < 1) return 0;

            // Insertion sort: at most 16 voters, and no allocation.
            for (int i = 1; i < count; i++)
            {
                int v = values[i];
                int j = i - 1;
                while (j >= 0 && values[j] < v)
                {
                    values[j + 1] = values[j];
                    j--;
                }

                values[j + 1] = v;
            }

            return values[Majority(count) - 1];
        }

        /// <summary>The outcome of a vote among <paramref name="voters"/> with these grants and refusals so far.</summary>
        public static VoteResult Outcome(int granted, int refused, int voters)
        {
            int majority = Majority(voters);
            if (granted >= majority) return VoteResult.Won;
            if (refused >= majority) return VoteResult.Lost;
            return VoteResult.Pending;
        }
    }
}
