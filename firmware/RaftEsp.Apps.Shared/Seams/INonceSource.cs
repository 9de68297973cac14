namespace RaftEsp.Apps
{
    /// <summary>
    /// Fresh, unpredictable 64-bit nonces: the collector's handshake challenges (docs/protocol.md, "Handshake") and the
    /// radio's anti-replay Sync (docs/wire-format.md, "Security"). They must differ across boots even when a board's
    /// flash is restored, so they never come from flash: on a board the ESP32 hardware RNG behind System.Random
    /// (<c>HardwareNonceSource</c>), on a PC the operating system's CSPRNG, in the simulator the run's seeded generator.
    /// </summary>
    public interface INonceSource
    {
        /// <summary>A new nonce.</summary>
        ulong Next();
    }
}
