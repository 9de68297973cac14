namespace RaftEsp.Core
{
    /// <summary>
    /// Little-endian integers and LEB128 varints in byte arrays, written out by hand: BinaryPrimitives does not exist
    /// on the boards and BitConverter.GetBytes allocates. Callers check bounds; these methods do not.
    /// </summary>
    public static class Bytes
    {
        /// <summary>Writes a 16-bit value, low byte first.</summary>
        public static void WriteU16(byte[] buffer, int offset, int value)
        {
            buffer[offset] = (byte)value;
            buffer[offset + 1] = (byte)(value >> 8);
        }

        /// <summary>Reads a 16-bit unsigned value, low byte first.</summary>
        public static int ReadU16(byte[] buffer, int offset) => buffer[offset] | (buffer[offset + 1] << 8);

        /// <summary>Writes a 32-bit value, low byte first.</summary>
        public static void WriteI32(byte[] buffer, int offset, int value)
        {
            buffer[offset] = (byte)value;
            buffer[offset + 1] = (byte)(value >> 8);
            buffer[offset + 2] = (byte)(value >> 16);
            buffer[offset + 3] = (byte)(value >> 24);
        }

        /// <summary>Reads a 32-bit value, low byte first.</summary>
        public static int ReadI32(byte[] buffer, int offset) =>
            buffer[offset] | (buffer[offset + 1] << 8) | (buffer[offset + 2] << 16) | (buffer[offset + 3] << 24);

        /// <summary>Writes a 64-bit value, low byte first.</summary>
        public static void WriteU64(byte[] buffer, int offset, ulong value)
        {
            WriteI32(buffer, offset, (int)value);
            WriteI32(buffer, offset + 4, (int)(value >> 32));
        }

        /// <summary>Reads a 64-bit value, low byte first.</summary>
        public static ulong ReadU64(byte[] buffer, int offset) =>
            (uint)ReadI32(buffer, offset) | ((ulong)(uint)ReadI32(buffer, offset + 4) << 32);

        /// <summary>Maps a signed value to an unsigned one so small magnitudes stay small (0, -1, 1, -2 → 0, 1, 2, 3).</summary>
        public static uint ZigZag(int value) => (uint)((value << 1) ^ (value >> 31));

        /// <summary>Inverse of <see cref="ZigZag"/>.</summary>
        public static int UnZigZag(uint value) => (int)(value >> 1) ^ -(int)(value & 1);

        /// <summary>Bytes <see cref="WriteVarint"/> needs for <paramref name="value"/> (1..5).</summary>
        public static int VarintSize(uint value)
        {
            int size = 1;
            while (value >= 0x80)
            {
                value >>= 7;
                size++;
            }

            return size;
        }

        /// <summary>Writes an unsigned LEB128 varint; returns the offset after it.</summary>
        public static int WriteVarint(byte[] buffer, int offset, uint value)
        {
            while (value >= 0x80)
            {
                buffer[offset++] = (byte)(value | 0x80);
                value >>= 7;
            }

            buffer[offset++] = (byte)value;
            return offset;
        }

        /// <summary>
        /// Reads an unsigned LEB128 varint of at most 5 bytes that ends before <paramref name="end"/>. Returns the offset
        /// after it, or -1 when the varint runs past <paramref name="end"/>, is longer than 5 bytes, overflows 32 bits,
        /// or is not in its shortest form (so every value has exactly one encoding).
        /// </summary>
        public static int ReadVarint(byte[] buffer, int offset, int end, out uint value)
        {
            value = 0;
            int shift = 0;
            for (int i = 0; i < 5; i++)
            {
                if (offset >= end) return -1;
                uint b = buffer[offset++];
                if (i == 4 && b > 0x0F) return -1;
                value |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    if (i > 0 && b == 0) return -1;
                    return offset;
                }

                shift += 7;
            }

            return -1;
        }
    }
}
