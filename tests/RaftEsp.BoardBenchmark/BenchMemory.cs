namespace RaftEsp.BoardBenchmark
{
    /// <summary>
    /// Managed memory as each runtime reports it. On a board: the free heap that a non-compacting collection reports
    /// (nanoFramework.Runtime.Native.GC.Run(false); the compacting Run(true) crashed the interpreter in a test run,
    /// docs/design.md#nanoframework-subset); on the host: live bytes after a full collection (GC.GetTotalMemory(true))
    /// and bytes this thread allocated (GC.GetAllocatedBytesForCurrentThread).
    /// </summary>
    public static class BenchMemory
    {
        /// <summary>What the memory line's figure is, printed with it.</summary>
#if NANOFRAMEWORK_1_0
        public const string Source = "GC.Run(false) free heap";
#else
        public const string Source = "GC.GetTotalMemory(true)";
#endif

        /// <summary>Bytes in use on the managed heap after a collection (a board: minus the free heap).</summary>
        public static long LiveBytes()
        {
#if NANOFRAMEWORK_1_0
            // The board reports free memory; less free is more used. Only differences are meaningful.
            return -(long)nanoFramework.Runtime.Native.GC.Run(false);
#else
            return System.GC.GetTotalMemory(true);
#endif
        }

        /// <summary>Bytes allocated so far by this thread (the host counts them; a board does not: -1).</summary>
        public static long AllocatedBytes()
        {
#if NANOFRAMEWORK_1_0
            return -1;
#else
            return System.GC.GetAllocatedBytesForCurrentThread();
#endif
        }
    }
}
