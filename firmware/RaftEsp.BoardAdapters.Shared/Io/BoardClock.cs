using System;
using RaftEsp.Apps;

namespace RaftEsp.BoardAdapters
{
    /// <summary>
    /// Milliseconds since boot for the tick loop, and microseconds for receive stamps (<see cref="CurrentMicros"/>). On an ESP32 firmware build (RAFTESP_ESP32) it reads the chip's
    /// microsecond timer (nanoFramework.Hardware.Esp32 <c>HighResTimer.GetCurrent()</c>); elsewhere, the virtual
    /// device included, the runtime's monotonic tick counter (<c>Environment.TickCount64</c>). Neither jumps when the
    /// wall clock is set, unlike <c>DateTime.UtcNow</c>.
    /// </summary>
    public sealed class BoardClock : IClock
    {
        /// <inheritdoc />
#if NANOFRAMEWORK_1_0 && RAFTESP_ESP32
        public long NowMillis => (long)(nanoFramework.Hardware.Esp32.HighResTimer.GetCurrent() / 1000UL);

        /// <summary>The chip's microsecond timer: what <see cref="FrameInbox"/> stamps received frames with.</summary>
        public static long CurrentMicros => (long)nanoFramework.Hardware.Esp32.HighResTimer.GetCurrent();
#else
        public long NowMillis => Environment.TickCount64;

        /// <summary>The tick counter in microseconds (millisecond steps): what <see cref="FrameInbox"/> stamps received frames with.</summary>
        public static long CurrentMicros => Environment.TickCount64 * 1000;
#endif

        /// <inheritdoc />
        public long NowMicros => CurrentMicros;
    }
}
