using System.Diagnostics;
using RaftEsp.Apps;

namespace RaftEsp.Host;

/// <summary>Monotonic milliseconds since the clock was created (a board's time since boot), and microseconds on the host's monotonic timer (<see cref="CurrentMicros"/>).</summary>
public sealed class SystemClock : IClock
{
    private readonly long start = Stopwatch.GetTimestamp();

    /// <inheritdoc />
    public long NowMillis => (long)Stopwatch.GetElapsedTime(start).TotalMilliseconds;

    /// <inheritdoc />
    public long NowMicros => CurrentMicros;

    /// <summary>The host's monotonic timer in microseconds: what <see cref="EtherRadio"/> stamps received frames with.</summary>
    public static long CurrentMicros => 1 + Stopwatch.GetElapsedTime(Origin).Ticks / TimeSpan.TicksPerMicrosecond; // never 0: 0 means unstamped

    /// <summary>The process's first reading: microseconds count from here (no overflow, whatever the host's uptime).</summary>
    private static readonly long Origin = Stopwatch.GetTimestamp();
}
