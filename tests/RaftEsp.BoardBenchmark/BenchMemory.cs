namespace RaftEsp.BoardBenchmark
{
    /// <summary>
    /// Managed memory as each runtime reports it. On a board: free heap after a compacting collection
    /// (nanoFramework.Runtime.Native.GC.Run(true)); on the host: live bytes after a full collection
    /// (GC.GetTotalMemory(true)) and bytes this thread allocated (GC.GetAllocatedBytesForCurrentThread).
    /// </summary>
    public static class BenchMemory
    {
        /// <summary>Bytes in use on the managed heap after a full collection.</summary>
        public static long LiveBytes()
        {
#if NANOFRAMEWORK_1_0
            // The board reports free memory; less free is more used. Only differences are meaningful.
            return -(long)nanoFramework.Runtime.Native.GC.Run(true);
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
