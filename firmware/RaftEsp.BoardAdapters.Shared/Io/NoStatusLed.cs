using RaftEsp.Apps;

namespace RaftEsp.BoardAdapters
{
    /// <summary>The status LED of a board configured without one (<c>led-pin=-1</c>): every call does nothing.</summary>
    public sealed class NoStatusLed : IStatusLed
    {
        /// <inheritdoc />
        public void Set(bool on)
        {
        }
    }
}
