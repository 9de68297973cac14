namespace RaftEsp.Apps.Tests;

/// <summary>Seeded nonces for the collector, so a test run repeats; a new one on every call, as the hardware gives.</summary>
public sealed class FakeNonces(int seed = 12) : INonceSource
{
    private readonly Random random = new(seed);

    public int Drawn { get; private set; }

    public ulong Next()
    {
        Drawn++;
        return (ulong)random.NextInt64();
    }
}
