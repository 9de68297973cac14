namespace RaftEsp.BoardBenchmark
{
    /// <summary>
    /// The benchmark's one clock: Environment.TickCount64 on a board (milliseconds; the benchmark runs long enough for
    /// that to be precise), Stopwatch on the host. Time enters the portable figures only through here.
    /// </summary>
    public static class BenchClock
    {
        /// <summary>Nanoseconds since an arbitrary start.</summary>
        public static long NowNanos()
        {
#if NANOFRAMEWORK_1_0
            return System.Environment.TickCount64 * 1000000L;
#else
#pragma warning disable RS0030 // the host side of the clock seam
            long ticks = System.Diagnostics.Stopwatch.GetTimestamp();
            return (long)(ticks * (1e9 / System.Diagnostics.Stopwatch.Frequency));
#pragma warning restore RS0030
#endif
        }

        /// <summary>Shortest run, in nanoseconds, that a figure is measured over.</summary>
        public static long MinimumRunNanos
        {
            get
            {
#if NANOFRAMEWORK_1_0
                return 2000L * 1000000L;
#else
                return 300L * 1000000L;
#endif
            }
        }
    }
}
