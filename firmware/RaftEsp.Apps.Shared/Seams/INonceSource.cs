namespace RaftEsp.Apps
{
    /// <summary>
    /// Fresh random numbers for the anti-replay Sync nonce (docs/wire-format.md, "Security"). They must differ across
    /// boots even when a board's flash is restored, so they come from a random source, never from flash: the host's
    /// RandomNumberGenerator for virtual boards and the virtual collector (<c>RaftEsp.Host.RandomNonces</c>), the
    /// simulator's run generator. The ESP32 firmware passes none yet (the nanoFramework subset bans System.Random), so
    /// its Sync carries its boot epoch as the nonce: fresh as long as the flash is not restored.
    /// </summary>
    public interface INonceSource
    {
        /// <summary>A random value; only its low 31 bits are used.</summary>
        int NextNonce();
    }
}
