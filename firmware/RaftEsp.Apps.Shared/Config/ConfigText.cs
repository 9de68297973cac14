namespace RaftEsp.Apps
{
    /// <summary>
    /// Exact parsers for the configuration file's values, written by hand so a board parses exactly what the host
    /// parses (no culture, no leading '+', no whitespace inside a number).
    /// </summary>
    public static class ConfigText
    {
        /// <summary>Parses a decimal integer (optional leading '-') within <paramref name="min"/>..<paramref name="max"/>.</summary>
        public static bool ParseInt(string text, int min, int max, out int value)
        {
            value = 0;
            if (text == null || text.Length == 0 || text.Length > 11) return false;
            bool negative = text[0] == '-';
            int i = negative ? 1 : 0;
            if (i == text.Length) return false;
            long v = 0;
            for (; i < text.Length; i++)
            {
                char c = text[i];
                if (c < '0' || c > '9') return false;
                v = v * 10 + (c - '0');
            }

            if (negative) v = -v;
            if (v < min || v > max) return false;
            value = (int)v;
            return true;
        }

        /// <summary>Parses an unsigned 32-bit decimal integer.</summary>
        public static bool ParseUInt(string text, out uint value)
        {
            value = 0;
            if (text == null || text.Length == 0 || text.Length > 10) return false;
            long v = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c < '0' || c > '9') return false;
                v = v * 10 + (c - '0');
            }

            if (v > 0xFFFFFFFFL) return false;
            value = (uint)v;
            return true;
        }

        /// <summary>Parses a comma-separated list of 1..16 node ids (0..254); spaces around ids are allowed.</summary>
        public static bool ParseIdList(string text, out byte[] ids)
        {
            ids = new byte[0];
            if (text == null || text.Length == 0) return false;
            string[] parts = text.Split(',');
            if (parts.Length > RaftEsp.Core.Config.MaxClusterSize) return false;
            byte[] parsed = new byte[parts.Length];
            for (int i = 0; i < parts.Length; i++)
            {
                if (!ParseInt(parts[i].Trim(), 0, 254, out int id)) return false;
                parsed[i] = (byte)id;
            }

            ids = parsed;
            return true;
        }

        /// <summary>Parses exactly 32 hexadecimal digits into the 16 bytes of <paramref name="into"/> (unchanged on failure).</summary>
        public static bool ParseHex16(string text, byte[] into)
        {
            if (text == null || text.Length != 32 || into == null || into.Length != 16) return false;
            for (int i = 0; i < 32; i++) if (HexDigit(text[i]) < 0) return false;
            for (int i = 0; i < 16; i++) into[i] = (byte)((HexDigit(text[2 * i]) << 4) | HexDigit(text[2 * i + 1]));
            return true;
        }

        /// <summary>Lower-case hexadecimal of <paramref name="bytes"/>.</summary>
        public static string ToHex(byte[] bytes)
        {
            const string digits = "0123456789abcdef";
            char[] chars = new char[bytes.Length * 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                chars[2 * i] = digits[bytes[i] >> 4];
                chars[2 * i + 1] = digits[bytes[i] & 15];
            }

            return new string(chars);
        }

        private static int HexDigit(char c)
        {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        }
    }
}
