namespace RaftEsp.BoardBenchmark
{
    /// <summary>Where the figures go: the console on the host, the debug output (Visual Studio, nanoclr) on a board.</summary>
    public static class BenchOutput
    {
        /// <summary>Prints one line.</summary>
        public static void Line(string text)
        {
#pragma warning disable RS0030 // the benchmark's output seam: Console.WriteLine reaches the debug output on a board
            System.Console.WriteLine(text);
#pragma warning restore RS0030
        }
    }
}
