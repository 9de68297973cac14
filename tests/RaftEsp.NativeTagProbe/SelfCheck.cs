using System.Security.Cryptography;

namespace RaftEsp.NativeTagProbe
{
    /// <summary>
    /// The runtime's HMAC-SHA256 against RFC 4231's test case 2, before anything is timed: a figure of a wrong or
    /// missing implementation would decide nothing.
    /// </summary>
    public static class SelfCheck
    {
        // Key "Jefe", data "what do ya want for nothing?" (RFC 4231, section 4.3).
        private static readonly byte[] Key = new byte[] { 0x4a, 0x65, 0x66, 0x65 };

        private static readonly byte[] Data = new byte[]
        {
            0x77, 0x68, 0x61, 0x74, 0x20, 0x64, 0x6f, 0x20, 0x79, 0x61, 0x20, 0x77, 0x61, 0x6e,
            0x74, 0x20, 0x66, 0x6f, 0x72, 0x20, 0x6e, 0x6f, 0x74, 0x68, 0x69, 0x6e, 0x67, 0x3f,
        };

        private static readonly byte[] Expected = new byte[]
        {
            0x5b, 0xdc, 0xc1, 0x46, 0xbf, 0x60, 0x75, 0x4e, 0x6a, 0x04, 0x24, 0x26, 0x08, 0x95, 0x75, 0xc7,
            0x5a, 0x00, 0x3f, 0x08, 0x9d, 0x27, 0x39, 0x83, 0x9d, 0xec, 0x58, 0xb9, 0x64, 0xec, 0x38, 0x43,
        };

        /// <summary>True when the runtime's HMAC-SHA256 gives the RFC's tag.</summary>
        public static bool HmacMatchesRfc4231()
        {
            byte[] tag = HMACSHA256.HashData(Key, Data);
            if (tag == null || tag.Length != Expected.Length) return false;
            for (int i = 0; i < tag.Length; i++)
            {
                if (tag[i] != Expected[i]) return false;
            }

            return true;
        }
    }
}
