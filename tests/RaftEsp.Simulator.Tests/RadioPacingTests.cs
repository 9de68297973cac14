namespace RaftEsp.Simulator.Tests;

/// <summary>
/// A leader paced by its radio (docs/design.md, "Replication"), end to end: boards with no CPU or flash cost
/// (<c>--board-model free</c>) produce frames faster than the air carries them, and without pacing their leader's
/// transmit queue overflowed by the thousand and followers fell off the log ring into snapshot transfers
/// (docs/performance.md, "Faster boards").
/// </summary>
public class RadioPacingTests
{
    [Fact]
    public void Five_free_boards_at_saturation_drop_nothing_from_a_transmit_queue_and_need_no_snapshot()
    {
        var settings = new RunSettings
        {
            Nodes = 5, Loss = 0, Clients = 40, ThinkMs = 0, Duration = 10, Faults = "none", PreferServer = true, BoardModel = "free",
        };
        RunResult result = RandomRun.Execute(settings, 1);
        Assert.Empty(result.Violations);
        Assert.Equal(0, result.Radio.TxQueueDrops);
        Assert.Equal(0, result.Radio.ByType[(byte)MessageType.SnapshotChunk]);
        Assert.True(result.CommittedCommands > 3000, "commits in 10 s: " + result.CommittedCommands);
    }
}
