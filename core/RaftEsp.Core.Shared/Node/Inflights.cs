namespace RaftEsp.Core
{
    /// <summary>
    /// Flow control for one follower: the last index of each AppendEntries frame sent and not yet acknowledged.
    /// A ring of at most MaxInflightFrames ints; acknowledging an index frees every frame at or below it.
    /// </summary>
    public sealed class Inflights
    {
        private readonly int[] lastIndexes;
        private int start;
        private int count;

        /// <summary>Creates an empty window of <paramref name="size"/> frames.</summary>
        public Inflights(int size) => lastIndexes = new int[size];

        /// <summary>Frames in flight.</summary>
        public int Count => count;

        /// <summary>True when no further frame may be sent.</summary>
        public bool Full => count == lastIndexes.Length;

        /// <summary>Records a frame whose last entry is <paramref name="lastIndex"/>; ignored when full.</summary>
        public void Add(int lastIndex)
        {
            if (count == lastIndexes.Length) return;
            lastIndexes[(start + count) % lastIndexes.Length] = lastIndex;
            count++;
        }

        /// <summary>Frees every frame whose last index is at or below <paramref name="index"/>.</summary>
        public void FreeUpTo(int index)
        {
            while (count > 0 && lastIndexes[start] <= index)
            {
                start = (start + 1) % lastIndexes.Length;
                count--;
            }
        }

        /// <summary>Forgets every frame.</summary>
        public void Reset()
        {
            start = 0;
            count = 0;
        }
    }
}
