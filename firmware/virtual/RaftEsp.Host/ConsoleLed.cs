using RaftEsp.Apps;

namespace RaftEsp.Host;

/// <summary>
/// The status LED of a virtual board: it keeps the pin's state and counts switches. The blink pattern encodes
/// role and term, which raftesp-board prints in words instead, so the LED itself writes nothing.
/// </summary>
public sealed class ConsoleLed : IStatusLed
{
    private volatile bool on;
    private long switches;

    /// <summary>Whether the LED is lit now.</summary>
    public bool IsOn => on;

    /// <summary>How many times the LED changed state.</summary>
    public long Switches => Interlocked.Read(ref switches);

    /// <inheritdoc />
    public void Set(bool on)
    {
        if (this.on == on) return;
        this.on = on;
        Interlocked.Increment(ref switches);
    }
}
