namespace RaftEsp.Apps.Tests;

/// <summary>A clock the test moves by hand.</summary>
public sealed class FakeClock : IClock
{
    public long NowMillis { get; set; }

    public long NowMicros => NowMillis * 1000;
}
