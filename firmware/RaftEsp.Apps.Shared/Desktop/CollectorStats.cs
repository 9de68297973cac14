namespace RaftEsp.Apps
{
    /// <summary>The collector's own counters (datagram type 7), sent when a session opens and once a second.</summary>
    public sealed class CollectorStats
    {
        /// <summary>The collector's node id.</summary>
        public int CollectorId;

        /// <summary>Seconds since the collector started.</summary>
        public int UptimeSeconds;

        /// <summary>Status polls sent.</summary>
        public int PollsSent;

        /// <summary>Status reports received (answers to polls, and late ones).</summary>
        public int ReportsReceived;

        /// <summary>Polls that timed out.</summary>
        public int PollTimeouts;

        /// <summary>Desktop commands relayed to the server node.</summary>
        public int CommandsRelayed;

        /// <summary>Command results relayed to the desktop.</summary>
        public int ResultsRelayed;

        /// <summary>Radio frames heard (every frame, whoever it was for).</summary>
        public int RadioFramesHeard;

        /// <summary>Radio frames addressed to the collector that it dropped (bad tag, bad body, ...).</summary>
        public int RadioFramesDropped;

        /// <summary>Datagrams received from the desktop.</summary>
        public int DatagramsReceived;

        /// <summary>Datagrams dropped, all reasons.</summary>
        public int DatagramsDropped;

        /// <summary>Challenges sent: one per authentic hello (a replayed hello earns one too, and changes nothing else).</summary>
        public int ChallengesSent;

        /// <summary>Sessions opened: authentic attaches that answered the challenge outstanding.</summary>
        public int SessionsOpened;

        /// <summary>Datagrams dropped, per <see cref="DatagramError"/> (index 0 unused).</summary>
        public readonly int[] DatagramDrops = new int[DatagramErrors.Count];

        /// <summary>Copies every field of <paramref name="from"/>.</summary>
        public void CopyFrom(CollectorStats from)
        {
            CollectorId = from.CollectorId;
            UptimeSeconds = from.UptimeSeconds;
            PollsSent = from.PollsSent;
            ReportsReceived = from.ReportsReceived;
            PollTimeouts = from.PollTimeouts;
            CommandsRelayed = from.CommandsRelayed;
            ResultsRelayed = from.ResultsRelayed;
            RadioFramesHeard = from.RadioFramesHeard;
            RadioFramesDropped = from.RadioFramesDropped;
            DatagramsReceived = from.DatagramsReceived;
            DatagramsDropped = from.DatagramsDropped;
            ChallengesSent = from.ChallengesSent;
            SessionsOpened = from.SessionsOpened;
            System.Array.Copy(from.DatagramDrops, DatagramDrops, DatagramDrops.Length);
        }
    }
}
