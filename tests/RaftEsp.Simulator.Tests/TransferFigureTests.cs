using Xunit.Abstractions;

namespace RaftEsp.Simulator.Tests;

/// <summary>
/// The time of a leadership transfer (§3.10) on the simulated radio, for docs/performance.md: from the request to the
/// target leading, under client load and 2 % loss, 5 boards. A figure, printed; the assertion is only that every
/// transfer completes within two election timeouts.
/// </summary>
public class TransferFigureTests(ITestOutputHelper output)
{
    [Fact]
    public void Leadership_transfer_time_p50_and_p99()
    {
        const int Seeds = 40;
        var times = new long[Seeds];
        Parallel.For(0, Seeds, i =>
        {
            var sim = new Simulation(new SimOptions { Loss = 0.02 }, 1000 + (ulong)i);
            times[i] = TransferScenarios.MeasureTransfer(sim);
        });

        Assert.All(times, t => Assert.True(t >= 0, "a transfer did not complete within two election timeouts"));
        long[] sorted = times.Order().ToArray();
        output.WriteLine($"leadership transfer over {Seeds} seeds: p50 {sorted[Seeds / 2] / 1000.0:F0} ms, " +
                         $"p99 {sorted[(int)Math.Ceiling(Seeds * 0.99) - 1] / 1000.0:F0} ms, max {sorted[^1] / 1000.0:F0} ms");
    }
}
