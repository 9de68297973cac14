namespace RaftEsp.Apps.Tests;

/// <summary>
/// The board app tells its node what its radio still holds unsent (IRadio.Unsent, from ESP-NOW's send callback), so a
/// leader holds its appends until the radio has sent what it was given (docs/design.md, "Replication").
/// </summary>
public class RadioPacingTests
{
    private static int AppendsFrom(AppCluster cluster, int node, int since) =>
        cluster.Ether.Log.Skip(since).Count(f => f.From == node && f.Frame[3] == (byte)MessageType.AppendEntries);

    [Fact]
    public void A_leader_whose_radio_reports_unsent_frames_sends_no_append_until_they_are_sent()
    {
        var cluster = new AppCluster();
        Assert.True(cluster.RunUntil(cluster.Settled, 5000));
        int leader = cluster.Leader();

        // Two heartbeat intervals (50 ms each), well inside the followers' election timeout (200-400 ms). An idle
        // leader holds its heartbeats behind two unsent frames (RaftNode.RadioHoldsAll).
        cluster.Radios[leader].Unsent = 2;
        int before = cluster.Ether.Log.Count;
        cluster.Run(120);
        Assert.Equal(0, AppendsFrom(cluster, leader, before));

        cluster.Radios[leader].Unsent = 0;
        before = cluster.Ether.Log.Count;
        cluster.Run(20);
        Assert.True(AppendsFrom(cluster, leader, before) > 0, "the held heartbeat round did not go once the radio had drained");
        Assert.Equal(leader, cluster.Leader());
    }

    [Fact]
    public void A_follower_whose_radio_reports_unsent_frames_still_answers_its_leader()
    {
        var cluster = new AppCluster();
        Assert.True(cluster.RunUntil(cluster.Settled, 5000));
        int follower = (cluster.Leader() + 1) % cluster.Size;
        cluster.Radios[follower].Unsent = 3;
        int before = cluster.Ether.Log.Count;
        cluster.Run(120);
        Assert.Contains(cluster.Ether.Log.Skip(before), f => f.From == follower && f.Frame[3] == (byte)MessageType.AppendResponse);
    }
}
