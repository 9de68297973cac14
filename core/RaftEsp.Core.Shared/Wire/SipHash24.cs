namespace RaftEsp.Core
{
    /// <summary>
    /// SipHash-2-4 (Aumasson and Bernstein, 2012): the 64-bit keyed tag on every frame. Written for an interpreter:
    /// one pass, whole 8-byte words, no allocation.
    /// </summary>
    public static class SipHash24
    {
        /// <summary>Reads key half <paramref name="half"/> (0 or 1) of a 16-byte key, little-endian as the paper specifies.</summary>
        public static ulong KeyHalf(byte[] key, int half) => Bytes.ReadU64(key, half * 8);

        /// <summary>The SipHash-2-4 tag of <paramref name="length"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
        public static ulong Compute(ulong k0, ulong k1, byte[] data, int offset, int length)
        {
            ulong v0 = k0 ^ 0x736f6d6570736575UL;
            ulong v1 = k1 ^ 0x646f72616e646f6dUL;
            ulong v2 = k0 ^ 0x6c7967656e657261UL;
            ulong v3 = k1 ^ 0x7465646279746573UL;

            int end = offset + length;
            int wholeEnd = offset + (length & ~7);
            for (int i = offset; i < wholeEnd; i += 8)
            {
                ulong m = Bytes.ReadU64(data, i);
                v3 ^= m;
                Round(ref v0, ref v1, ref v2, ref v3);
                Round(ref v0, ref v1, ref v2, ref v3);
                v0 ^= m;
            }

            ulong last = (ulong)(length & 0xFF) << 56;
            for (int i = wholeEnd; i < end; i++) last |= (ulong)data[i] << (8 * (i - wholeEnd));

            v3 ^= last;
            Round(ref v0, ref v1, ref v2, ref v3);
            Round(ref v0, ref v1, ref v2, ref v3);
            v0 ^= last;

            v2 ^= 0xff;
            Round(ref v0, ref v1, ref v2, ref v3);
            Round(ref v0, ref v1, ref v2, ref v3);
            Round(ref v0, ref v1, ref v2, ref v3);
            Round(ref v0, ref v1, ref v2, ref v3);
            return v0 ^ v1 ^ v2 ^ v3;
        }

        private static void Round(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3)
        {
            v0 += v1;
            v1 = (v1 << 13) | (v1 >> 51);
            v1 ^= v0;
            v0 = (v0 << 32) | (v0 >> 32);
            v2 += v3;
            v3 = (v3 << 16) | (v3 >> 48);
            v3 ^= v2;
            v0 += v3;
            v3 = (v3 << 21) | (v3 >> 43);
            v3 ^= v0;
            v2 += v1;
            v1 = (v1 << 17) | (v1 >> 47);
            v1 ^= v2;
            v2 = (v2 << 32) | (v2 >> 32);
        }
    }
}
