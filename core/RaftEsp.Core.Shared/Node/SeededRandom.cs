namespace RaftEsp.Core
{
    /// <summary>
    /// xoshiro128** (Blackman and Vigna), seeded through splitmix32. 32-bit arithmetic only, so it is cheap on the
    /// board's interpreter and yields the same sequence on every platform: a seed replays a run bit for bit.
    /// </summary>
    public sealed class SeededRandom
    {
        private uint s0;
        private uint s1;
        private uint s2;
        private uint s3;

        /// <summary>Creates a generator; every seed, including 0, gives a valid non-zero state.</summary>
        public SeededRandom(uint seed)
        {
            uint x = seed;
            s0 = SplitMix32(ref x);
            s1 = SplitMix32(ref x);
            s2 = SplitMix32(ref x);
            s3 = SplitMix32(ref x);
            if ((s0 | s1 | s2 | s3) == 0) s0 = 1;
        }

        /// <summary>The next 32 random bits.</summary>
        public uint NextUInt()
        {
            uint result = RotateLeft(s1 * 5, 7) * 9;
            uint t = s1 << 9;
            s2 ^= s0;
            s3 ^= s1;
            s1 ^= s2;
            s0 ^= s3;
            s2 ^= t;
            s3 = RotateLeft(s3, 11);
            return result;
        }

        /// <summary>A uniform value in [0, <paramref name="max"/>); 0 when <paramref name="max"/> ≤ 1. Unbiased (rejection).</summary>
        public int Next(int max)
        {
            if (max <= 1) return 0;
            uint bound = (uint)max;
            uint threshold = (0u - bound) % bound;
            while (true)
            {
                uint r = NextUInt();
                if (r >= threshold) return (int)(r % bound);
            }
        }

        /// <summary>A uniform value in [<paramref name="min"/>, <paramref name="max"/>).</summary>
        public int Next(int min, int max) => max <= min ? min : min + Next(max - min);

        private static uint SplitMix32(ref uint x)
        {
            x += 0x9E3779B9;
            uint z = x;
            z = (z ^ (z >> 16)) * 0x85EBCA6B;
            z = (z ^ (z >> 13)) * 0xC2B2AE35;
            return z ^ (z >> 16);
        }

        private static uint RotateLeft(uint x, int k) => (x << k) | (x >> (32 - k));
    }
}
