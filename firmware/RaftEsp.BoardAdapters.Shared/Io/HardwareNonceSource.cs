using System;
using RaftEsp.Apps;
using RaftEsp.Core;

namespace RaftEsp.BoardAdapters
{
    /// <summary>
    /// Nonces on the boards: the collector's handshake challenges and every board's anti-replay Sync. On ESP32
    /// nanoFramework's System.Random draws from the chip's hardware RNG (nf-interpreter's ESP32 target, PR #804), which
    /// gives true random numbers while Wi-Fi is running (the radio runs before the first frame is sealed). On the host (adapter tests) System.Random is only a PRNG,
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
