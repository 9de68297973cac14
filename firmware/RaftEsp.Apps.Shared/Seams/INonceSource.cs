namespace RaftEsp.Apps
{
    /// <summary>
    /// Fresh, unpredictable 64-bit nonces for the collector's handshake challenges (docs/protocol.md, "Handshake").
    /// On the collector board: the ESP32 hardware RNG behind System.Random; on a PC: the operating system's CSPRNG.
    /// </summary>
    public interface INonceSource
    {
        /// <summary>A new nonce.</summary>
        ulong Next();
    }
}
