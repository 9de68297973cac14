using System.Diagnostics;

namespace RaftEsp.Cluster.Tests;

/// <summary>Wait-until with generous deadlines: these tests check what happens, not how fast.</summary>
internal static class Waits
{
    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="what"/> after the deadline.</summary>
    public static void Until(Func<bool> condition, string what, int timeoutMillis = 10_000) => Until(condition, () => what, timeoutMillis);

    /// <summary>As above, with a message built only on failure (it may describe the state at that moment).</summary>
    public static void Until(Func<bool> condition, Func<string> what, int timeoutMillis)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.ElapsedMilliseconds > timeoutMillis) Assert.Fail($"timed out after {timeoutMillis} ms waiting for: {what()}");
            Thread.Sleep(10);
        }
    }
}
