using System.Diagnostics;
using RaftEsp.Apps;

namespace RaftEsp.Host;

/// <summary>Monotonic milliseconds since the clock was created (a board's time since boot).</summary>
public sealed class SystemClock : IClock
{
    private readonly long start = Stopwatch.GetTimestamp();

    /// <inheritdoc />
    public long NowMillis => (long)Stopwatch.GetElapsedTime(start).TotalMilliseconds;
}
