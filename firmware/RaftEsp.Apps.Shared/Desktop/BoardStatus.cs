namespace RaftEsp.Apps
{
    /// <summary>
    /// What the collector tells the desktop about one board (datagram type 5): its own view (online, last heard,
    /// radio activity) and, when the board answered, the board's relayed <see cref="StatusReport"/>.
    /// </summary>
    public sealed class BoardStatus
    {
        /// <summary>The board.</summary>
        public int NodeId;

        /// <summary>True while the board answers its polls; false after a poll timed out.</summary>
        public bool Online;

        /// <summary>True for a member the collector polls (false: a sender it only heard).</summary>
        public bool Polled;

        /// <summary>True when <see cref="Report"/> holds the board's answer to the latest poll.</summary>
        public bool HasReport;

        /// <summary>Milliseconds since the collector last heard any frame from the board, 0..2^31-1 (saturates); -1 for never. Below -1 is BadField.</summary>
        public int LastHeardAgeMillis = -1;

        /// <summary>Radio frames heard from the board (any type, counted from the header).</summary>
        public int FramesHeard;

        /// <summary>Polls of this board that timed out.</summary>
        public int PollsUnanswered;

        /// <summary>The relayed report (meaningful when <see cref="HasReport"/>).</summary>
        public readonly StatusReport Report = new StatusReport();
    }
}
