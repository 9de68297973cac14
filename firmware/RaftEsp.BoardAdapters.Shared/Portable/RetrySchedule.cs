namespace RaftEsp.BoardAdapters
{
    /// <summary>How long to wait before the next Wi-Fi connection attempt: doubling from 2 s, at most 30 s.</summary>
    public static class RetrySchedule
    {
        /// <summary>Wait before the first retry.</summary>
        public const int FirstDelayMillis = 2000;

        /// <summary>Longest wait between attempts.</summary>
        public const int MaxDelayMillis = 30000;

        /// <summary>The wait after failed attempt number <paramref name="attempt"/> (0 for the first).</summary>
        public static int DelayMillis(int attempt)
        {
            int delay = FirstDelayMillis;
            for (int i = 0; i < attempt && delay < MaxDelayMillis; i++) delay *= 2;
            return delay > MaxDelayMillis ? MaxDelayMillis : delay;
        }
    }
}
