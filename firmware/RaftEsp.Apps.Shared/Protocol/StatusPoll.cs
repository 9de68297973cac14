namespace RaftEsp.Apps
{
    /// <summary>The collector's question to one board (radio type 32): "send me your status, database from this slot".</summary>
    public sealed class StatusPoll
    {
        /// <summary>The collector's poll number, echoed in the report so a late answer is not taken for the current one.</summary>
        public int Sequence;

        /// <summary>First database slot the report should carry (the page the collector wants next).</summary>
        public int FirstSlot;

        /// <summary>Who sent the poll (from the header).</summary>
        public int From;
    }
}
