namespace RaftEsp.Apps
{
    /// <summary>Monotonic milliseconds since some fixed start (Environment.TickCount64 on a board).</summary>
    public interface IClock
    {
        /// <summary>Milliseconds since the clock's start; never goes backwards.</summary>
        long NowMillis { get; }

        /// <summary>
        /// Microseconds on a monotonic clock (the ESP32's microsecond timer on a board) whose origin may differ from
        /// <see cref="NowMillis"/>'s: only differences between two readings mean anything. The radio stamps received
        /// frames on this clock (<see cref="IRadio.LastReceivedMicros"/>).
        /// </summary>
        long NowMicros { get; }
    }
}
