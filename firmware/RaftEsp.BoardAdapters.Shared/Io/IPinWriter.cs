namespace RaftEsp.BoardAdapters
{
    /// <summary>One output pin: what the status LED drives. A GPIO pin on the board, a recorder in the tests.</summary>
    public interface IPinWriter
    {
        /// <summary>Drives the pin high (true) or low (false).</summary>
        void Write(bool high);
    }
}
