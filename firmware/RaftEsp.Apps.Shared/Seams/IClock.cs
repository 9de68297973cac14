namespace RaftEsp.Apps
{
    /// <summary>Monotonic milliseconds since some fixed start (Environment.TickCount64 on a board).</summary>
    public interface IClock
    {
        /// <summary>Milliseconds since the clock's start; never goes backwards.</summary>
        long NowMillis { get; }
    }
}
