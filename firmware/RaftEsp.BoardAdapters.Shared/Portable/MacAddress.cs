namespace RaftEsp.BoardAdapters
{
    /// <summary>
    /// Six-byte radio (MAC) addresses as people write them: <c>24:6F:28:AA:BB:01</c>, with ':' or '-' between the
    /// bytes and either letter case. ESP-NOW addresses peers by these.
    /// </summary>
    public static class MacAddress
    {
        /// <summary>Bytes in a MAC address.</summary>
        public const int Length = 6;

        /// <summary>Characters in the written form: two hex digits per byte and five separators.</summary>
        public const int TextLength = 17;

        /// <summary>A new array holding FF:FF:FF:FF:FF:FF, the ESP-NOW broadcast address.</summary>
        public static byte[] NewBroadcast()
        {
            return new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
        }

        /// <summary>
        /// Parses the address written in <paramref name="text"/> from <paramref name="start"/> (17 characters) into
        /// <paramref name="into"/>. Returns false, leaving <paramref name="into"/> unspecified, when it is not one.
        /// </summary>
        public static bool TryParse(string text, int start, byte[] into)
        {
            if (text == null || into == null || into.Length < Length || start < 0 || start + TextLength > text.Length)
            {
                return false;
            }

            for (int i = 0; i < Length; i++)
            {
                int at = start + i * 3;
                int high = HexValue(text[at]);
                int low = HexValue(text[at + 1]);
                if (high < 0 || low < 0) return false;
                if (i < Length - 1 && text[at + 2] != ':' && text[at + 2] != '-') return false;
                into[i] = (byte)((high << 4) | low);
            }

            return true;
        }

        /// <summary>Writes the address as <c>24:6F:28:AA:BB:01</c>; "(none)" for a missing or short array.</summary>
        public static string Format(byte[] mac)
        {
            if (mac == null || mac.Length < Length) return "(none)";
            char[] chars = new char[TextLength];
            for (int i = 0; i < Length; i++)
            {
                chars[i * 3] = HexDigit(mac[i] >> 4);
                chars[i * 3 + 1] = HexDigit(mac[i] & 0x0F);
                if (i < Length - 1) chars[i * 3 + 2] = ':';
            }

            return new string(chars);
        }

        /// <summary>True when both hold the same six bytes.</summary>
        public static bool Same(byte[] a, byte[] b)
        {
            if (a == null || b == null || a.Length < Length || b.Length < Length) return false;
            for (int i = 0; i < Length; i++)
            {
                if (a[i] != b[i]) return false;
            }

            return true;
        }

        /// <summary>True for FF:FF:FF:FF:FF:FF.</summary>
        public static bool IsBroadcast(byte[] mac)
        {
            if (mac == null || mac.Length < Length) return false;
            for (int i = 0; i < Length; i++)
            {
                if (mac[i] != 0xFF) return false;
            }

            return true;
        }

        private static int HexValue(char c)
        {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        }

        private static char HexDigit(int value)
        {
            return (char)(value < 10 ? '0' + value : 'A' + value - 10);
        }
    }
}
