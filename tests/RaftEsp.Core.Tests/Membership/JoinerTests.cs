using RaftEsp.Core.Tests.Raft.Harness;
using static RaftEsp.Core.Tests.Membership.MembershipCluster;

namespace RaftEsp.Core.Tests.Membership;

/// <summary>
/// A board flashed to join a running cluster (<see cref="Config.Join"/>; docs/design.md, "Membership changes"): it starts
/// from the founding configuration (the founders' list, index 0) without being a member of it, never campaigns, and
/// follows the leader that adds it as a learner (§4.2.1), taking the rest of its configuration from the log it is sent.
/// </summary>
public class JoinerTests
{
    [Fact]
    public void A_joiner_starts_as_no_member_and_never_campaigns_before_it_is_added()
    {
        TestCluster c = Led(3);
        SimBoard joiner = c.AddJoiner(4);
        // The founding configuration every board starts from, so the log's entries apply to the same start.
        Assert.Equal([1, 2, 3], Ids(joiner.Node.Voters));
        Assert.Equal(0, joiner.Node.Learners.Count);
        Assert.False(joiner.Node.Configuration.Contains(4));
        Assert.False(joiner.Node.Promotable);
        c.Isolate(4); // hearing no heartbeat, its election timer runs out again and again
        for (int t = 0; t < 50; t++)
        {
            c.TickAll();
            c.Stabilize();
        }

        Assert.DoesNotContain(c.History, f => f.From == 4 && (f.Type == MessageType.PreVoteRequest || f.Type == MessageType.VoteRequest));
        Assert.Equal(Role.Follower, joiner.Node.Role);
        Assert.False(joiner.Node.Configuration.Contains(4));
        Assert.Equal([1, 2, 3], Ids(c.Node(1).Voters)); // the cluster did not notice it
    }

    [Fact]
    public void S4_2_1_a_joiner_follows_the_leader_that_adds_it_and_takes_the_configuration_from_the_log()
    {
        TestCluster c = Led(3, cfg => cfg.PromoteLearners = false);
        Assert.Equal(ErrorCode.None, c.Set(1, 3, 33));
        SettleCommit(c, 1);
        SimBoard joiner = c.AddJoiner(4);
        Propose(c, 1, EntryKind.AddLearner, 4);
        SettleCommit(c, 1);

        Assert.Equal(1, joiner.Node.Leader);
        Assert.Equal(c.Node(1).Term, joiner.Node.Term);
        // The founding voters come from the founders' list it was flashed with; the log adds it as a learner.
        Assert.Equal([1, 2, 3], Ids(joiner.Node.Voters));
        Assert.Equal([4], Ids(joiner.Node.Learners));
        Assert.Equal(33, joiner.Values()[3]);
        Assert.Equal(c.Node(1).Log.LastIndex, joiner.Node.Log.LastIndex);
    }

    [Fact]
    public void A_joiner_after_a_compaction_is_sent_the_snapshot_and_takes_the_configuration_from_its_head()
    {
        TestCluster c = Led(3, cfg => cfg.PromoteLearners = false);
        Assert.Equal(ErrorCode.None, c.Set(1, 2, 22));
        SettleCommit(c, 1);
        c.AddJoiner(4);
        Propose(c, 1, EntryKind.AddLearner, 4);
        c.Cut(1, 4); // it hears nothing until the leader has compacted past the change
        SettleCommit(c, 1, 1, 2, 3);
        c.Hosts[1].Compact();
        Assert.Equal(c.Node(1).Log.LastIndex, c.Node(1).Log.SnapshotIndex);

        c.Heal();
        c.RunUntil(() => c.Node(4).Log.SnapshotIndex == c.Node(1).Log.SnapshotIndex, maxTicks: 100, what: "the joiner installs the snapshot");
        Assert.Equal([1, 2, 3], Ids(c.Node(4).Voters));
        Assert.Equal([4], Ids(c.Node(4).Learners));
        Assert.Equal(22, c.Hosts[4].Values()[2]);
    }

    [Fact]
    public void A_board_that_rejoins_under_a_removed_founders_id_leaves_itself_out_of_the_founders()
    {
        // Replacing a broken board: remove 3, flash a new board as 3 with join = true, add it back.
        TestCluster c = Led(5, cfg => cfg.PromoteLearners = false);
        Propose(c, 1, EntryKind.RemoveNode, 3);
        SettleCommit(c, 1, 1, 2, 4, 5);
        c.Down(3);

        var replacement = new SimBoard(() => new Config
        {
            NodeId = 3, Members = [1, 2, 3, 4, 5], ClusterKey = TestCluster.Key, ElectionTicks = 10, HeartbeatTicks = 1,
            Join = true, PromoteLearners = false,
        });
        Assert.Equal([1, 2, 4, 5], Ids(replacement.Node.Voters));
        Assert.False(replacement.Node.Promotable);

        // On the radio in place of the broken one, and added back: it replays the log from index 1, its own old
        // removal included (which applies to nothing on a start without it), then its addition.
        c.Hosts[3] = replacement;
        c.Up(3);
        Assert.Equal(ErrorCode.None, c.Set(1, 0, 7));
        Propose(c, 1, EntryKind.AddLearner, 3);
        SettleCommit(c, 1);
        Assert.All(c.Ids, i => Assert.Equal([1, 2, 4, 5], Ids(c.Node(i).Voters)));
        Assert.All(c.Ids, i => Assert.Equal([3], Ids(c.Node(i).Learners)));
        Assert.Equal(7, replacement.Values()[0]);
        Assert.Equal(c.Node(1).ConfigurationIndex, replacement.Node.ConfigurationIndex);
    }
}
