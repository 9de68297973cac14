namespace RaftEsp.Apps.Tests;

/// <summary>
/// Join, leave and transfer through the server node, on a cluster of NodeApps over the fake ether (docs/protocol.md,
/// "Membership commands"): single-server changes (§4.1), learners caught up and promoted (§4.2.1), removing the
/// leader (§4.2.2), leadership transfer (§3.10), the typed refusals and retries under one session.
/// </summary>
public class MembershipCommandTests
{
    private int nextRequest = 1;

    private static AppCluster Settled(int founders, int joiners = 0, string extra = "")
    {
        var cluster = new AppCluster(founders, joiners: joiners, extra: extra);
        Assert.True(cluster.RunUntil(() => cluster.Settled() && cluster.Leader() == AppCluster.ServerId, 10_000), "the server node should lead");
        return cluster;
    }

    private ClientCommand Change(CommandKind kind, int client, int seq, int node) =>
        new() { RequestId = nextRequest++, Client = client, Seq = seq, Kind = kind, Slot = 0, Value = node };

    /// <summary>Entries of <paramref name="kind"/> for <paramref name="node"/> in board <paramref name="on"/>'s log.</summary>
    private static int Entries(AppCluster cluster, int on, EntryKind kind, int node)
    {
        RaftLog log = cluster.Apps[on].Node.Log;
        int n = 0;
        for (int i = log.FirstIndex; i <= log.LastIndex; i++) if (log.KindAt(i) == kind && log.ValueAt(i) == node) n++;
        return n;
    }

    private static StatusReport Poll(AppCluster cluster, int board)
    {
        int before = cluster.Reports.Count;
        cluster.SendPoll(board, 100 + before, 0);
        Assert.True(cluster.RunUntil(() => cluster.Reports.Skip(before).Any(r => r.NodeId == board), 1000), "board " + board + " did not answer its poll");
        return cluster.Reports.Skip(before).First(r => r.NodeId == board);
    }

    [Fact]
    public void A_joiner_waits_outside_the_cluster_then_joins_as_a_learner_and_is_answered_once_a_voter()
    {
        AppCluster cluster = Settled(3, joiners: 1);
        StatusReport waiting = Poll(cluster, 3);
        Assert.True(waiting.WaitingToJoin);
        Assert.False(waiting.Removed);
        Assert.Equal(new[] { 0, 1, 2 }, waiting.Voters.Take(waiting.VoterCount));
        cluster.Run(1000);
        Assert.NotEqual(Role.Candidate, cluster.Apps[3].Node.Role); // a joiner never campaigns (§4.2.3)
        Assert.Equal(0, cluster.Apps[3].Node.Stats.ElectionsStarted);

        int client = cluster.Register();
        ClientResult joined = cluster.Execute(Change(CommandKind.Join, client, 1, 3));
        Assert.Equal(CommandStatus.Ok, joined.Status);
        Assert.Equal(3, joined.Value);
        RaftNode server = cluster.Apps[0].Node;
        Assert.Equal(EntryKind.AddLearner, server.Log.KindAt(joined.Index)); // answered with the change's index
        Assert.True(server.Voters.Contains(3));
        Assert.False(server.MembershipChangePending);
        // §4.2.1: added as a learner first, then promoted once caught up: both entries, in that order.
        Assert.Equal(1, Entries(cluster, 0, EntryKind.AddLearner, 3));
        Assert.Equal(1, Entries(cluster, 0, EntryKind.PromoteLearner, 3));
        Assert.True(cluster.RunUntil(() => Enumerable.Range(0, 4).All(b => cluster.Apps[b].Node.Voters.Count == 4), 2000));
        Assert.True(cluster.Apps[3].Node.Promotable);
        StatusReport member = Poll(cluster, 3);
        Assert.False(member.WaitingToJoin || member.Removed);
        Assert.Equal(4, member.VoterCount);
        Assert.Equal(0, member.LearnerCount);

        // The new voter replicates like any other: with board 1 down, boards 0, 2 and 3 (three of four) commit a
        // write and board 3 applies it.
        cluster.Crash(1);
        ClientResult write = cluster.Execute(new ClientCommand { RequestId = nextRequest++, Client = client, Seq = 2, Kind = CommandKind.Set, Slot = 1, Value = 77 });
        Assert.Equal(CommandStatus.Ok, write.Status);
        Assert.True(cluster.RunUntil(() => cluster.Apps[3].Database.AppliedIndex >= write.Index, 2000));
        cluster.Apps[3].Database.Read(1, out int value);
        Assert.Equal(77, value);
    }

    [Fact]
    public void A_retried_join_under_the_same_session_applies_once()
    {
        AppCluster cluster = Settled(3, joiners: 1);
        int client = cluster.Register();
        // Sent twice before any answer (a desktop retry), then once more after the answer.
        cluster.SendCommand(Change(CommandKind.Join, client, 1, 3));
        ClientResult first = cluster.Execute(Change(CommandKind.Join, client, 1, 3));
        ClientResult again = cluster.Execute(Change(CommandKind.Join, client, 1, 3));
        Assert.Equal((CommandStatus.Ok, CommandStatus.Ok), (first.Status, again.Status));
        Assert.Equal(first.Index, again.Index);
        Assert.Equal(1, Entries(cluster, 0, EntryKind.AddLearner, 3));
        Assert.Equal(1, Entries(cluster, 0, EntryKind.PromoteLearner, 3));
        // A new sequence asking the same is a new change, refused by the configuration.
        Assert.Equal(CommandStatus.AlreadyMember, cluster.Execute(Change(CommandKind.Join, client, 2, 3)).Status);
    }

    [Fact]
    public void A_leave_is_answered_once_its_removal_is_applied_and_the_board_reports_itself_removed()
    {
        AppCluster cluster = Settled(5);
        int client = cluster.Register();
        ClientResult left = cluster.Execute(Change(CommandKind.Leave, client, 1, 4));
        Assert.Equal(CommandStatus.Ok, left.Status);
        RaftNode server = cluster.Apps[0].Node;
        Assert.Equal(EntryKind.RemoveNode, server.Log.KindAt(left.Index));
        Assert.True(server.CommitIndex >= left.Index);
        Assert.False(server.Configuration.Contains(4));
        Assert.True(cluster.RunUntil(() => !cluster.Apps[4].Node.Configuration.Contains(4), 2000), "board 4 should learn of its removal");
        StatusReport removed = Poll(cluster, 4);
        Assert.True(removed.Removed);
        Assert.False(removed.WaitingToJoin);
        Assert.Equal(4, removed.VoterCount);

        // The retry of the same command is answered from the session: same index, no second entry.
        ClientResult again = cluster.Execute(Change(CommandKind.Leave, client, 1, 4));
        Assert.Equal((CommandStatus.Ok, left.Index), (again.Status, again.Index));
        Assert.Equal(1, Entries(cluster, 0, EntryKind.RemoveNode, 4));

        // The removed board neither campaigns nor disturbs the cluster (§4.2.3), and four boards still commit.
        int term = server.Term;
        cluster.Run(2000);
        Assert.Equal(term, server.Term);
        Assert.Equal(CommandStatus.Ok, cluster.Execute(new ClientCommand { RequestId = nextRequest++, Client = client, Seq = 2, Kind = CommandKind.Set, Slot = 0, Value = 5 }).Status);
    }

    [Fact]
    public void Removing_the_leader_hands_the_leadership_over_first_and_the_new_leader_removes_it()
    {
        AppCluster cluster = Settled(5);
        int client = cluster.Register();
        ClientResult moved = cluster.Execute(Change(CommandKind.Transfer, client, 1, 2));
        Assert.Equal(CommandStatus.Ok, moved.Status);
        Assert.Equal(2, cluster.Apps[0].Node.Leader);
        Assert.Equal(Role.Leader, cluster.Apps[2].Node.Role);
        int termOfTwo = cluster.Apps[2].Node.Term;

        // §4.2.2: board 2 leads; asked to remove itself it transfers first (transfer-in-progress), the server node
        // retries, and the new leader, in a later term, appends the removal.
        ClientResult left = cluster.Execute(Change(CommandKind.Leave, client, 2, 2));
        Assert.Equal(CommandStatus.Ok, left.Status);
        Assert.True(cluster.Apps[0].Node.Log.TermAt(left.Index) > termOfTwo, "the removal was appended by the next leader");
        Assert.True(cluster.RunUntil(() => cluster.Settled() && cluster.Leader() != 2, 3000));
        Assert.False(cluster.Apps[cluster.Leader()].Node.Configuration.Contains(2));
        Assert.Equal(1, Entries(cluster, 0, EntryKind.RemoveNode, 2));
        Assert.True(cluster.Apps[2].Node.Stats.TransfersStarted >= 1);
    }

    [Fact]
    public void A_transfer_is_answered_once_the_target_leads()
    {
        AppCluster cluster = Settled(5);
        int client = cluster.Register();
        ClientResult r = cluster.Execute(Change(CommandKind.Transfer, client, 1, 3));
        Assert.Equal(CommandStatus.Ok, r.Status);
        Assert.Equal(3, r.Leader);
        Assert.Equal(3, cluster.Apps[0].Node.Leader);
        Assert.Equal(Role.Leader, cluster.Apps[3].Node.Role);
        // A transfer to the leader is answered at once.
        Assert.Equal(CommandStatus.Ok, cluster.Execute(Change(CommandKind.Transfer, client, 2, cluster.Apps[0].Node.Leader)).Status);
    }

    [Theory]
    [InlineData(CommandKind.Join, 2, CommandStatus.AlreadyMember)]
    [InlineData(CommandKind.Leave, 7, CommandStatus.NotMember)]
    [InlineData(CommandKind.Transfer, 7, CommandStatus.NotMember)]
    [InlineData(CommandKind.Leave, 0, CommandStatus.ServerCannotLeave)]
    public void A_change_the_configuration_refuses_is_answered_at_once(CommandKind kind, int node, CommandStatus expected)
    {
        AppCluster cluster = Settled(3);
        int client = cluster.Register();
        long before = cluster.Clock.NowMillis;
        int last = cluster.Apps[0].Node.Log.LastIndex;
        ClientResult r = cluster.Execute(Change(kind, client, 1, node));
        Assert.Equal(expected, r.Status);
        Assert.Equal(node, r.Value);
        Assert.True(cluster.Clock.NowMillis - before < 100, "answered at once, not at a deadline");
        Assert.Equal(last, cluster.Apps[0].Node.Log.LastIndex); // nothing appended
    }

    [Fact]
    public void A_join_beyond_max_members_is_refused_cluster_full()
    {
        AppCluster cluster = Settled(3, joiners: 1, extra: "max-members=3\n");
        int client = cluster.Register();
        Assert.Equal(CommandStatus.ClusterFull, cluster.Execute(Change(CommandKind.Join, client, 1, 3)).Status);
        Assert.False(cluster.Apps[0].Node.Configuration.Contains(3));
    }

    [Fact]
    public void A_second_change_while_the_first_is_uncommitted_is_refused_membership_change_pending()
    {
        AppCluster cluster = Settled(3, joiners: 2);
        int a = cluster.Register(900_001);
        int b = cluster.Register(900_002);
        ClientCommand first = Change(CommandKind.Join, a, 1, 3);
        ClientCommand second = Change(CommandKind.Join, b, 1, 4);
        cluster.SendCommand(first);
        cluster.SendCommand(second);
        Assert.True(cluster.RunUntil(() => cluster.Results.Count(r => r.RequestId == first.RequestId || r.RequestId == second.RequestId) == 2, 5000));
        Assert.Equal(CommandStatus.Ok, cluster.Results.Single(r => r.RequestId == first.RequestId).Status);
        Assert.Equal(CommandStatus.MembershipChangePending, cluster.Results.Single(r => r.RequestId == second.RequestId).Status);
        // Once the first change (and its promotion) committed, the second goes through.
        Assert.Equal(CommandStatus.Ok, cluster.Execute(Change(CommandKind.Join, b, 2, 4)).Status);
        Assert.Equal(5, cluster.Apps[0].Node.Voters.Count);
    }

    [Fact]
    public void A_join_of_a_board_that_cannot_catch_up_ends_as_joined_as_learner_at_the_deadline()
    {
        AppCluster cluster = Settled(3, joiners: 1);
        cluster.Crash(3); // added while powered off: the change commits, the learner never catches up
        int client = cluster.Register();
        long before = cluster.Clock.NowMillis;
        ClientResult r = cluster.Execute(Change(CommandKind.Join, client, 1, 3), 10_000);
        Assert.Equal(CommandStatus.JoinedAsLearner, r.Status);
        int deadlineMillis = 8 * cluster.Apps[0].Node.Config.ElectionTicks * cluster.Configs[0].TickMillis;
        Assert.True(cluster.Clock.NowMillis - before >= deadlineMillis - 10, "answered at the deadline (8 election timeouts, counted in ticks), not after " + (cluster.Clock.NowMillis - before) + " ms");
        Assert.True(cluster.Apps[0].Node.Learners.Contains(3));

        // Powered on, it catches up and the leader promotes it; the same command retried is then answered Ok.
        cluster.Boot(3);
        Assert.True(cluster.RunUntil(() => cluster.Apps[0].Node.Voters.Contains(3), 5000), "the learner should be promoted once caught up");
        Assert.Equal(CommandStatus.Ok, cluster.Execute(Change(CommandKind.Join, client, 1, 3)).Status);
        Assert.Equal(1, Entries(cluster, 0, EntryKind.AddLearner, 3));
    }

    [Fact]
    public void A_join_while_no_leader_is_retried_inside_the_server_node_until_one_is_elected()
    {
        AppCluster cluster = Settled(3, joiners: 1);
        int client = cluster.Register();
        // The two other founders go down: the server node loses its quorum and its leadership (check-quorum).
        cluster.Crash(1);
        cluster.Crash(2);
        Assert.True(cluster.RunUntil(() => cluster.Apps[0].Node.Role != Role.Leader, 2000));
        ClientCommand join = Change(CommandKind.Join, client, 1, 3);
        cluster.SendCommand(join);
        cluster.Run(300);
        Assert.DoesNotContain(cluster.Results, r => r.RequestId == join.RequestId); // not refused no-leader: waiting
        cluster.Boot(1);
        cluster.Boot(2);
        Assert.True(cluster.RunUntil(() => cluster.Results.Any(r => r.RequestId == join.RequestId), 5000));
        Assert.Equal(CommandStatus.Ok, cluster.Results.Single(r => r.RequestId == join.RequestId).Status);
    }

    [Fact]
    public void A_membership_command_needs_a_session_and_a_write_of_the_same_client_supersedes_it()
    {
        AppCluster cluster = Settled(3, joiners: 1);
        Assert.Equal(CommandStatus.SessionExpired, cluster.Execute(Change(CommandKind.Join, 12345, 1, 3)).Status);
        int client = cluster.Register();
        cluster.Crash(3);
        ClientCommand join = Change(CommandKind.Join, client, 1, 3);
        cluster.SendCommand(join);
        cluster.Run(50);
        ClientResult write = cluster.Execute(new ClientCommand { RequestId = nextRequest++, Client = client, Seq = 2, Kind = CommandKind.Set, Slot = 0, Value = 1 });
        Assert.Equal(CommandStatus.Ok, write.Status);
        Assert.Equal(CommandStatus.Superseded, cluster.Results.Single(r => r.RequestId == join.RequestId).Status);
    }
}
