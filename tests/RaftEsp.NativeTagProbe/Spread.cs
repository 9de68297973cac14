using RaftEsp.BoardBenchmark;

namespace RaftEsp.NativeTagProbe
{
    /// <summary>
    /// Times each call of a run on its own: the mean says what a call costs with the collections it causes spread
    /// over all calls, the longest call what one collection pauses a board for (a frame that waits that long may
    /// miss its acknowledgement slot).
    /// </summary>
    public static class Spread
    {
        /// <summary>Runs <paramref name="operation"/> <paramref name="calls"/> times; the mean and the longest call in nanoseconds.</summary>
        public static void Measure(Operation operation, int calls, out long meanNanos, out long longestNanos)
        {
            operation();
            long total = 0;
            long longest = 0;
            for (int i = 0; i < calls; i++)
            {
                long start = BenchClock.NowNanos();
                operation();
                long elapsed = BenchClock.NowNanos() - start;
                total += elapsed;
                if (elapsed > longest) longest = elapsed;
            }

            meanNanos = total / calls;
            longestNanos = longest;
        }
    }
}
