using RaftEsp.Apps;

namespace RaftEsp.DeviceTests.Harness
{
    /// <summary>Distinct, repeatable nonces for the collector under test (the board draws them from the hardware RNG).</summary>
    public sealed class CountingNonces : INonceSource
    {
        private ulong next = 0x9E3779B97F4A7C15;

        public ulong Next()
        {
            next = next * 6364136223846793005 + 1442695040888963407;
            return next;
        }
    }
}
