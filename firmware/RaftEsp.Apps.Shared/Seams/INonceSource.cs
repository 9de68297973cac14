namespace RaftEsp.Apps
{
    /// <summary>
    /// Fresh random numbers for the anti-replay Sync nonce (docs/wire-format.md, "Security"). They must differ across
    /// boots even when a board's flash is restored, so they come from a random source, never from flash: the host's
    /// RandomNumberGenerator for virtual boards, the simulator's run generator. A board without one passes none and
    /// its Sync carries its boot epoch as the nonce (fresh as long as the flash is not restored).
    /// </summary>
    public interface INonceSource
    {
        /// <summary>A random value; only its low 31 bits are used.</summary>
        int NextNonce();
    }
}
