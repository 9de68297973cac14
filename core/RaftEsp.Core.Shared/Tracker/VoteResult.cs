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
}
