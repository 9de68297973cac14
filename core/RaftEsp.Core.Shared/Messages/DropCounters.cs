namespace RaftEsp.Core
{
    /// <summary>How many received frames were dropped, per <see cref="FrameError"/> reason.</summary>
    public sealed class DropCounters
    {
        private readonly int[] counts = new int[16];

        /// <summary>Counts one dropped frame.</summary>
        public void Count(FrameError reason) => counts[(int)reason & 15]++;

        /// <summary>Frames dropped for <paramref name="reason"/>.</summary>
        public int Get(FrameError reason) => counts[(int)reason & 15];

        /// <summary>Frames dropped for any reason.</summary>
        public int Total
        {
            get
            {
                int total = 0;
                for (int i = 1; i < counts.Length; i++) total += counts[i];
                return total;
            }
        }
    }
}
