namespace RaftEsp.BoardBenchmark
{
    /// <summary>One operation to time (a delegate type of our own: no generic Action on a board).</summary>
    public delegate void Operation();

    /// <summary>Times an operation: repeats it in growing batches until a batch lasts long enough to trust the clock.</summary>
    public static class Timed
    {
        /// <summary>Nanoseconds per call of <paramref name="operation"/>.</summary>
        public static long NanosPerCall(Operation operation, out int calls)
        {
            operation();
            int batch = 1;
            while (true)
            {
                long start = BenchClock.NowNanos();
                for (int i = 0; i < batch; i++) operation();
                long elapsed = BenchClock.NowNanos() - start;
                if (elapsed >= BenchClock.MinimumRunNanos || batch >= 1 << 24)
                {
                    calls = batch;
                    return elapsed / batch;
                }

                batch *= 2;
            }
        }

        /// <summary>"12.345 us" for a nanosecond count (no floating-point formatting: boards differ in that).</summary>
        public static string Micros(long nanos)
        {
            long whole = nanos / 1000;
            long fraction = nanos % 1000;
            string digits = fraction < 10 ? "00" + fraction : fraction < 100 ? "0" + fraction : fraction.ToString();
            return whole + "." + digits + " us";
        }
    }
}
