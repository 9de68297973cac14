using System.Security.Cryptography;
using RaftEsp.Core;

namespace RaftEsp.NativeTagProbe
{
    /// <summary>
    /// One buffer of a frame's size and the two ways to tag it: the managed SipHash-2-4 every board runs today and the
    /// HMAC-SHA256 of the runtime (native mbedTLS on the stock ESP32 images, .NET's on the host). The methods take no
    /// arguments so that the benchmark's timer can call them as an <c>Operation</c>.
    /// </summary>
    public sealed class TagWork
    {
        private readonly byte[] key;
        private readonly ulong k0;
        private readonly ulong k1;
        private readonly byte[] data;

        /// <summary>The last HMAC, kept so that every call's result is used.</summary>
        private byte[] lastHmac;

        /// <summary>The last SipHash tag, kept for the same reason.</summary>
        private ulong lastSipHash;

        public TagWork(byte[] clusterKey, int bytes)
        {
            key = clusterKey;
            k0 = SipHash24.KeyHalf(clusterKey, 0);
            k1 = SipHash24.KeyHalf(clusterKey, 1);
            data = new byte[bytes];
            for (int i = 0; i < bytes; i++) data[i] = (byte)(i * 7 + 1);
        }

        /// <summary>Bytes tagged per call.</summary>
        public int Bytes => data.Length;

        /// <summary>The tag the frames carry today.</summary>
        public void SipHash() => lastSipHash = SipHash24.Compute(k0, k1, data, 0, data.Length);

        /// <summary>
        /// The runtime's HMAC-SHA256 over the whole buffer. nanoFramework's API takes whole arrays and returns a new
        /// 32-byte array each call: that allocation, and the collections it causes, are part of what this measures.
        /// </summary>
        public void Hmac() => lastHmac = HMACSHA256.HashData(key, data);

        /// <summary>Whether the calls ran (and keeps their results alive).</summary>
        public bool Ran => lastHmac != null || lastSipHash != 0;
    }
}
