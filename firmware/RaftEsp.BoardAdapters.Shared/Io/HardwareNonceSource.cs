using System;
using RaftEsp.Apps;
using RaftEsp.Core;

namespace RaftEsp.BoardAdapters
{
    /// <summary>
    /// Handshake nonces on the collector board. On ESP32 nanoFramework's System.Random draws from the chip's hardware
    /// RNG (nf-interpreter's ESP32 target, PR #804), which gives true random numbers while Wi-Fi is running, as it is
    /// on the collector before the first hello can arrive. On the host (adapter tests) System.Random is only a PRNG,
    /// which is all those tests need; the virtual collector uses the OS CSPRNG instead (RaftEsp.Host).
    /// </summary>
    public sealed class HardwareNonceSource : INonceSource
    {
        private readonly Random random = new Random();
        private readonly byte[] bytes = new byte[8];

        /// <inheritdoc />
        public ulong Next()
        {
            random.NextBytes(bytes);
            return Bytes.ReadU64(bytes, 0);
        }
    }
}
