namespace RaftEsp.BoardBenchmark
{
    /// <summary>
    /// The benchmark's one clock. On an ESP32 build (RAFTESP_ESP32, the default of the .nfproj): the chip's microsecond
    /// timer (nanoFramework.Hardware.Esp32 HighResTimer), so a figure needs only a 200 ms batch. On the virtual device
    /// (built with -p:RaftEspEsp32=false): Environment.TickCount64 in milliseconds, with 2-second batches to stay
    /// precise. On the host: Stopwatch. Time enters the portable figures only through here.
    /// </summary>
    public static class BenchClock
    {
        /// <summary>Nanoseconds since an arbitrary start.</summary>
        public static long NowNanos()
        {
#if NANOFRAMEWORK_1_0 && RAFTESP_ESP32
            return (long)nanoFramework.Hardware.Esp32.HighResTimer.GetCurrent() * 1000L;
#elif NANOFRAMEWORK_1_0
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
#if NANOFRAMEWORK_1_0 && RAFTESP_ESP32
                return 200L * 1000000L;
#elif NANOFRAMEWORK_1_0
                return 2000L * 1000000L;
#else
                return 300L * 1000000L;
#endif
            }
        }

        /// <summary>Which clock this build reads, printed with the figures.</summary>
        public static string Source
        {
            get
            {
#if NANOFRAMEWORK_1_0 && RAFTESP_ESP32
                return "HighResTimer (us)";
#elif NANOFRAMEWORK_1_0
                return "Environment.TickCount64 (ms)";
#else
                return "Stopwatch";
#endif
            }
        }
    }
}
