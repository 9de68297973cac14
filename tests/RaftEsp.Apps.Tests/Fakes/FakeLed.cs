namespace RaftEsp.Apps.Tests;

/// <summary>Records every switch of the LED.</summary>
public sealed class FakeLed : IStatusLed
{
    public bool On { get; private set; }
    public int Switches { get; private set; }

    public void Set(bool on)
    {
        On = on;
        Switches++;
    }
}
