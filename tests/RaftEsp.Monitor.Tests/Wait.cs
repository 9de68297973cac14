namespace RaftEsp.Monitor.Tests;

/// <summary>Polls a condition until it holds, with a generous limit: tests wait for outcomes, never for time.</summary>
public static class Wait
{
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? limit = null)
    {
        DateTime end = DateTime.UtcNow + (limit ?? Generous);
        T last = await probe().ConfigureAwait(false);
        while (!done(last))
        {
            if (DateTime.UtcNow > end) throw new TimeoutException($"waited {(limit ?? Generous).TotalSeconds:0} s for {what}; last seen: {last}");
            await Task.Delay(100).ConfigureAwait(false);
            last = await probe().ConfigureAwait(false);
        }

        return last;
    }
}
