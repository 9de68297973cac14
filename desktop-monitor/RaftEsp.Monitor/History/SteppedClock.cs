namespace RaftEsp.Monitor.History;

/// <summary>
/// A clock moved by hand to recorded times: a state rebuilt from a recording reads "now" from it, so offline
/// windows and timeline times are those of the recording. Timers are not needed (nothing waits on it).
/// </summary>
internal sealed class SteppedClock(DateTimeOffset origin) : TimeProvider
{
    private long ticks = origin.UtcTicks;

    public DateTimeOffset Origin { get; } = origin;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    /// <summary>Moves to monitor time <paramref name="micros"/>.</summary>
    public void Set(long micros) => Interlocked.Exchange(ref ticks, Origin.UtcTicks + micros * 10);
}
