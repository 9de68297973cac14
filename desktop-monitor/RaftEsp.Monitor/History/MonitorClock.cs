namespace RaftEsp.Monitor.History;

/// <summary>
/// Monitor time (docs/recording.md): live, microseconds since the monitor started; in a replay, the recording's own
/// clock at the playback position. Everything the page sees is on this clock (ClusterSnapshot.ClockMs, frames' times,
/// the history slider). <see cref="Origin"/> is the wall-clock time of monitor time 0.
/// </summary>
public sealed class MonitorClock
{
    private readonly Func<long> nowMicros;

    /// <summary>A clock whose now is <paramref name="nowMicros"/> after <paramref name="origin"/>.</summary>
    public MonitorClock(DateTimeOffset origin, Func<long> nowMicros)
    {
        ArgumentNullException.ThrowIfNull(nowMicros);
        Origin = origin;
        this.nowMicros = nowMicros;
    }

    /// <summary>Live: the time elapsed on <paramref name="provider"/> since <paramref name="origin"/>.</summary>
    public static MonitorClock Live(TimeProvider provider, DateTimeOffset origin)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return new MonitorClock(origin, () => Math.Max(0, (provider.GetUtcNow() - origin).Ticks / 10));
    }

    /// <summary>Wall-clock time of monitor time 0.</summary>
    public DateTimeOffset Origin { get; }

    /// <summary>Now, microseconds of monitor time.</summary>
    public long NowMicros => nowMicros();

    /// <summary>Now, milliseconds of monitor time.</summary>
    public long NowMs => NowMicros / 1000;

    /// <summary>The wall-clock time of monitor time <paramref name="micros"/>.</summary>
    public DateTimeOffset WallTime(long micros) => Origin.AddTicks(micros * 10);
}
