namespace RaftEsp.DeviceTests.Harness
{
    /// <summary>Lower-case hex of bytes (the board's class library has no Convert.ToHexString).</summary>
    public static class Hex
    {
        private const string Digits = "0123456789abcdef";

        /// <summary>Hex of <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
        public static string Of(byte[] data, int offset, int count)
        {
            char[] text = new char[2 * count];
            for (int i = 0; i < count; i++)
            {
                text[2 * i] = Digits[data[offset + i] >> 4];
                text[2 * i + 1] = Digits[data[offset + i] & 15];
            }

            return new string(text);
        }
    }
}
