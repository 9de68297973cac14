namespace RaftEsp.Simulator;

/// <summary>
/// The simulator's own seeded generator (splitmix64): the same sequence on every machine and runtime version, which
/// System.Random does not promise. Sub-seeds for each subsystem are drawn from one root seed.
/// </summary>
public sealed class SplitMix64
{
    private ulong state;

    public SplitMix64(ulong seed) => state = seed;

    public ulong NextULong()
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, max).</summary>
    public int Next(int max) => (int)(NextULong() % (ulong)max);

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Chance(double p) => p > 0 && NextDouble() < p;

    /// <summary>Uniform in [<paramref name="min"/>, <paramref name="max"/>] (both included).</summary>
    public long Between(long min, long max) => max <= min ? min : min + (long)(NextULong() % (ulong)(max - min + 1));
}
