namespace RaftEsp.BoardAdapters
{
    /// <summary>
    /// Small text helpers for the <c>key=value</c> configuration file, written for the nanoFramework subset (no
    /// parsing library on the board): trimming, key comparison, decimal numbers, dotted IPv4 addresses.
    /// </summary>
    public static class SettingsText
    {
        /// <summary>The text between <paramref name="start"/> and <paramref name="end"/> without surrounding spaces, tabs and CR.</summary>
        public static string Trimmed(string text, int start, int end)
        {
            while (start < end && IsBlank(text[start])) start++;
            while (end > start && IsBlank(text[end - 1])) end--;
            return text.Substring(start, end - start);
        }

        /// <summary>Parses a non-negative decimal number of at most 9 digits; -1 when <paramref name="text"/> is not one.</summary>
        public static int ParseNatural(string text)
        {
            if (text == null || text.Length == 0 || text.Length > 9) return -1;
            int value = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c < '0' || c > '9') return -1;
                value = value * 10 + (c - '0');
            }

            return value;
        }

        /// <summary>True for a dotted IPv4 address such as <c>192.168.1.255</c>.</summary>
        public static bool IsIPv4(string text)
        {
            if (text == null) return false;
            int parts = 0;
            int start = 0;
            for (int i = 0; i <= text.Length; i++)
            {
                if (i < text.Length && text[i] != '.') continue;
                int value = ParseNatural(text.Substring(start, i - start));
                if (value < 0 || value > 255 || i - start > 3) return false;
                parts++;
                start = i + 1;
            }

            return parts == 4;
        }

        /// <summary>Parses <c>true</c>/<c>false</c> (also <c>yes</c>/<c>no</c>, <c>1</c>/<c>0</c>); 1, 0, or -1 when neither.</summary>
        public static int ParseBoolean(string text)
        {
            string lower = text == null ? string.Empty : text.ToLower();
            if (lower == "true" || lower == "yes" || lower == "1") return 1;
            if (lower == "false" || lower == "no" || lower == "0") return 0;
            return -1;
        }

        private static bool IsBlank(char c)
        {
            return c == ' ' || c == '\t' || c == '\r';
        }
    }
}
