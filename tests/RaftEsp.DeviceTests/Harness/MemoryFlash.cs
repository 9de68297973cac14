using RaftEsp.Apps;

namespace RaftEsp.DeviceTests.Harness
{
    /// <summary>
    /// Flash files in memory for the board apps' store: appends are durable at once, Replace is atomic. Survives a
    /// "reboot" (build a new app or store over the same instance) and can tear the end of a file like a power cut.
    /// </summary>
    public sealed class MemoryFlash : IFlashFiles
    {
        private const int MaxFiles = 8;

        private readonly string[] names = new string[MaxFiles];
        private readonly byte[][] contents = new byte[MaxFiles][];
        private readonly int[] lengths = new int[MaxFiles];

        // Slots 0..used-1 hold files; the rest are never read (an unassigned string[] element is not a plain null on
        // the interpreter: docs/design.md#nanoframework-subset).
        private int used;

        /// <summary>Appends and replaces done so far (a board pays a flash write for each).</summary>
        public int Writes { get; private set; }

        public int Length(string name)
        {
            int f = Find(name);
            return f < 0 ? -1 : lengths[f];
        }

        public int Read(string name, int position, byte[] buffer, int offset, int count)
        {
            int f = Find(name);
            if (f < 0 || position >= lengths[f]) return 0;
            int n = lengths[f] - position < count ? lengths[f] - position : count;
            System.Array.Copy(contents[f], position, buffer, offset, n);
            return n;
        }

        public void Append(string name, byte[] data, int offset, int count)
        {
            int f = FindOrCreate(name);
            Reserve(f, lengths[f] + count);
            System.Array.Copy(data, offset, contents[f], lengths[f], count);
            lengths[f] += count;
            Writes++;
        }

        public void Replace(string name, byte[] data, int offset, int count)
        {
            int f = FindOrCreate(name);
            lengths[f] = 0;
            Reserve(f, count);
            System.Array.Copy(data, offset, contents[f], 0, count);
            lengths[f] = count;
            Writes++;
        }

        /// <summary>Cuts the last <paramref name="bytes"/> of a file, as a power cut during its last append would.</summary>
        public void Tear(string name, int bytes)
        {
            int f = Find(name);
            if (f >= 0) lengths[f] = lengths[f] > bytes ? lengths[f] - bytes : 0;
        }

        private int Find(string name)
        {
            for (int i = 0; i < used; i++) if (names[i] == name) return i;
            return -1;
        }

        private int FindOrCreate(string name)
        {
            int f = Find(name);
            if (f >= 0) return f;
            if (used == MaxFiles) throw new System.InvalidOperationException("too many files in memory flash");
            names[used] = name;
            contents[used] = new byte[256];
            return used++;
        }

        private void Reserve(int f, int size)
        {
            if (contents[f].Length >= size) return;
            int grown = contents[f].Length;
            while (grown < size) grown *= 2;
            byte[] bigger = new byte[grown];
            System.Array.Copy(contents[f], bigger, lengths[f]);
            contents[f] = bigger;
        }
    }
}
