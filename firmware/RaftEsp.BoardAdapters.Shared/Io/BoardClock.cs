using System;
using RaftEsp.Apps;

namespace RaftEsp.BoardAdapters
{
    /// <summary>
    /// Milliseconds since boot from the runtime's monotonic tick counter (<c>Environment.TickCount64</c>, package
    /// nanoFramework.Runtime.Native on the board). Unlike <c>DateTime.UtcNow</c> it never jumps when the clock is set.
    /// </summary>
    public sealed class BoardClock : IClock
    {
        /// <inheritdoc />
        public long NowMillis => Environment.TickCount64;
    }
}
