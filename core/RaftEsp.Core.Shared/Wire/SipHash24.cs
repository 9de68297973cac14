namespace RaftEsp.Core
{
    /// <summary>
    /// SipHash-2-4 (Aumasson and Bernstein, 2012): the 64-bit keyed tag on every frame. Written for an interpreter,
    /// which pays per IL instruction and per call and inlines nothing: one pass, no allocation, the two rounds of a
    /// block written out in the loop body (no round method), and each 8-byte word read by one native
    /// <see cref="System.BitConverter"/> call on the little-endian boards. docs/performance.md counts the instructions.
    /// </summary>
    public static class SipHash24
    {
        // Every board (Xtensa and RISC-V ESP32s) and every host is little-endian, the paper's byte order; the check
        // keeps the code right on a machine that is not, which reads by hand.
        private static readonly bool NativeWords = System.BitConverter.IsLittleEndian;

        /// <summary>Reads key half <paramref name="half"/> (0 or 1) of a 16-byte key, little-endian as the paper specifies.</summary>
        public static ulong KeyHalf(byte[] key, int half) => Bytes.ReadU64(key, half * 8);

        /// <summary>The SipHash-2-4 tag of <paramref name="length"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
        public static ulong Compute(ulong k0, ulong k1, byte[] data, int offset, int length)
        {
            ulong v0 = k0 ^ 0x736f6d6570736575UL;
            ulong v1 = k1 ^ 0x646f72616e646f6dUL;
            ulong v2 = k0 ^ 0x6c7967656e657261UL;
            ulong v3 = k1 ^ 0x7465646279746573UL;

            int wholeEnd = offset + (length & ~7);
            int end = offset + length;
            ulong last = (ulong)(length & 0xFF) << 56;
            for (int i = wholeEnd; i < end; i++) last |= (ulong)data[i] << (8 * (i - wholeEnd));

            // One loop over every block: the whole words, then the last (partial) word, then two zero words that are
            // the four finalization rounds (xor with 0 changes nothing), after v2 ^= 0xff. One copy of the rounds,
            // so the method stays small, and no call per round.
            int lastBlock = wholeEnd;
            int finish = wholeEnd + 8;
            int stop = wholeEnd + 24;
            for (int p = offset; p < stop; p += 8)
            {
                ulong m;
                if (p < lastBlock) m = NativeWords ? System.BitConverter.ToUInt64(data, p) : Bytes.ReadU64(data, p);
                else if (p == lastBlock) m = last;
                else
                {
                    m = 0;
                    if (p == finish) v2 ^= 0xff;
                }

                v3 ^= m;

                // SipRound, twice: add, rotate, xor, with the xor folded into the rotate's statement.
                v0 += v1;
                v1 = ((v1 << 13) | (v1 >> 51)) ^ v0;
                v0 = (v0 << 32) | (v0 >> 32);
                v2 += v3;
                v3 = ((v3 << 16) | (v3 >> 48)) ^ v2;
                v0 += v3;
                v3 = ((v3 << 21) | (v3 >> 43)) ^ v0;
                v2 += v1;
                v1 = ((v1 << 17) | (v1 >> 47)) ^ v2;
                v2 = (v2 << 32) | (v2 >> 32);

                v0 += v1;
                v1 = ((v1 << 13) | (v1 >> 51)) ^ v0;
                v0 = (v0 << 32) | (v0 >> 32);
                v2 += v3;
                v3 = ((v3 << 16) | (v3 >> 48)) ^ v2;
                v0 += v3;
                v3 = ((v3 << 21) | (v3 >> 43)) ^ v0;
                v2 += v1;
                v1 = ((v1 << 17) | (v1 >> 47)) ^ v2;
                v2 = (v2 << 32) | (v2 >> 32);

                v0 ^= m;
            }

            return v0 ^ v1 ^ v2 ^ v3;
        }
    }
}
