namespace RaftEsp.Apps.Tests;

/// <summary>What a board puts in its report's timers and progress blocks (docs/protocol.md, "StatusReport").</summary>
public class TimerStatusTests
{
    [Fact]
    public void A_follower_reports_its_election_timer_against_its_randomized_timeout_and_no_records()
    {
        var cluster = new AppCluster();
        Assert.True(cluster.RunUntil(cluster.Settled, 5000));
        int follower = cluster.Leader() == 1 ? 2 : 1;
        cluster.SendPoll(follower, 1, 0);
        cluster.Run(5);
        StatusReport r = Assert.Single(cluster.Reports);
        RaftNode node = cluster.Apps[follower].Node;
        Assert.Equal(cluster.Configs[follower].TickMillis, r.TickMillis);
        Assert.Equal(node.ElectionTimeout, r.ElectionTimeout);
        // A follower's timeout is randomized in [ElectionTicks, 2 ElectionTicks); the leader's heartbeats keep the
        // elapsed part below the heartbeat interval (plus the radio's delay).
        Assert.InRange(r.ElectionTimeout, node.Config.ElectionTicks, 2 * node.Config.ElectionTicks - 1);
        Assert.InRange(r.ElectionElapsed, 0, r.ElectionTimeout);
        Assert.Equal(node.Config.HeartbeatTicks, r.HeartbeatInterval);
        Assert.Equal(0, r.HeartbeatElapsed);
        Assert.Equal(0, r.ProgressCount);
    }

    [Fact]
    public void The_leader_reports_one_record_per_follower_in_list_order_and_a_crashed_one_falls_behind()
    {
        var cluster = new AppCluster();
        Assert.True(cluster.RunUntil(cluster.Settled, 5000));
        int down = 4; // not the server node, which the commands go through
        cluster.Crash(down);
        int client = cluster.Register();
        for (int i = 0; i < 6; i++) cluster.Execute(new ClientCommand { RequestId = 1 + i, Client = client, Seq = 1 + i, Kind = CommandKind.Set, Slot = 1, Value = i });
        cluster.Run(100);
        int leader = cluster.Leader();
        Assert.NotEqual(down, leader);
        cluster.SendPoll(leader, 2, 0);
        cluster.Run(5);
        StatusReport r = Assert.Single(cluster.Reports);
        RaftNode node = cluster.Apps[leader].Node;
        Assert.Equal(Role.Leader, r.Role);
        Assert.InRange(r.HeartbeatElapsed, 0, r.HeartbeatInterval);
        int[] followers = Enumerable.Range(0, r.VoterCount).Select(i => r.Voters[i]).Where(id => id != leader).ToArray();
        Assert.Equal(followers, r.ProgressNodes.Take(r.ProgressCount));
        for (int i = 0; i < r.ProgressCount; i++)
        {
            Progress pr = node.ProgressOf(r.ProgressNodes[i]);
            Assert.Equal(pr.State, r.ProgressStates[i]);
            Assert.Equal(pr.Inflights.Count, r.ProgressInflight[i]);
            Assert.Equal(Math.Min(pr.Match, r.LastIndex), r.ProgressMatch(i));
            Assert.Equal(pr.Next, r.ProgressNext(i));
        }

        int crashed = Array.IndexOf(r.ProgressNodes, down, 0, r.ProgressCount);
        Assert.True(r.LastIndex - r.ProgressMatch(crashed) >= 7, "the crashed board missed the register and six sets");
        int live = Array.IndexOf(r.ProgressNodes, followers.First(f => f != down), 0, r.ProgressCount);
        Assert.Equal(ProgressState.Replicate, r.ProgressStates[live]);
        Assert.Equal(r.LastIndex, r.ProgressMatch(live));
    }
}
