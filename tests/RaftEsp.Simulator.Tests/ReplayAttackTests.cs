namespace RaftEsp.Simulator.Tests;

/// <summary>
/// The replay adversary (<c>--replay-attacks</c>): recorded frames fed back later in a run with crashes, restarts and
/// leader changes are refused and counted, and every safety checker stays green (docs/wire-format.md, "Security").
/// </summary>
public class ReplayAttackTests
{
    [Theory]
    [InlineData(11UL)]
    [InlineData(12UL)]
    [InlineData(13UL)]
    public void Replayed_frames_are_refused_and_change_nothing_the_checkers_see(ulong seed)
    {
        var settings = new RunSettings { Nodes = 5, Loss = 0.05, Duration = 10, Faults = "random", ReplayAttacks = true };
        RunResult r = RandomRun.Execute(settings, seed);
        Assert.True(r.Ok, r.FailureReport());
        Assert.True(r.ReplaysInjected > 100, "replays injected: " + r.ReplaysInjected);
        Assert.True(r.ReplayedDrops > r.ReplaysInjected / 2, $"{r.ReplayedDrops} of {r.ReplaysInjected} replays refused as replayed");
        Assert.Contains("--replay-attacks", r.ReplayCommand);
    }

    [Fact]
    public void Without_the_option_no_frame_is_replayed()
    {
        RunResult r = RandomRun.Execute(new RunSettings { Nodes = 3, Duration = 3, Faults = "none" }, 5);
        Assert.True(r.Ok, r.FailureReport());
        Assert.Equal(0, r.ReplaysInjected);
        Assert.Equal(0, r.ReplayedDrops);
        Assert.DoesNotContain("--replay-attacks", r.ReplayCommand);
    }
}
