using RaftEsp.Monitor.State;
using RaftEsp.Monitor.Tests.Fakes;

namespace RaftEsp.Monitor.Tests.Unit;

/// <summary>
/// The model's view of the configuration, from the boards' membership blocks: voters, learners, the change in flight,
/// boards waiting to join, and a timeline line for each step of a change (§4.1 single-server changes, §4.2.1
/// learners caught up before they vote).
/// </summary>
public sealed class ClusterMembershipStateTests
{
    private readonly ManualClock clock = new();

    private ClusterState NewState() => new(3, 0, "virtual", 5, clock, TimeSpan.FromSeconds(2));

    private static BoardReport Report(int node, string role, int configIndex, int[] voters, int[]? learners = null, bool pending = false,
        bool waiting = false, bool removed = false) =>
        new(node, true, true, role, 1, role == "Leader" ? node : -1, 3, 3, 3, new int[5], Array.Empty<LogEntryView>(), 0, 0, null,
            new MembershipView(configIndex, voters, learners ?? Array.Empty<int>(), pending, waiting, removed));

    private static string Timeline(ClusterState s) => string.Join("\n", s.Snapshot().Timeline.Select(e => e.Text));

    [Fact]
    public void Before_any_membership_block_the_founders_are_the_voters()
    {
        ClusterSnapshot snap = NewState().Snapshot();
        Assert.Equal(new[] { 0, 1, 2 }, snap.Voters);
        Assert.Empty(snap.Learners);
        Assert.Equal(0, snap.ConfigurationIndex);
        Assert.False(snap.ChangePending);
        Assert.Null(snap.PendingChange);
        Assert.All(snap.Boards, b => Assert.Equal(MemberKinds.Voter, b.Membership));
    }

    [Fact]
    public void A_board_waiting_to_join_is_shown_apart_and_an_unknown_board_that_says_nothing_is_ignored()
    {
        ClusterState s = NewState();
        s.Apply(Report(0, "Leader", 0, new[] { 0, 1, 2 }));
        Assert.False(s.Apply(new BoardReport(7, true, true, "Follower", 1, -1, 0, 0, 0, new int[5], Array.Empty<LogEntryView>(), 0, 0, null)));
        Assert.True(s.Apply(Report(5, "Follower", 0, Array.Empty<int>(), waiting: true)));
        ClusterSnapshot snap = s.Snapshot();
        Assert.Equal(new[] { 5 }, snap.WaitingToJoin);
        Assert.Equal(MemberKinds.Waiting, snap.Boards.Single(b => b.Id == 5).Membership);
        Assert.DoesNotContain(snap.Boards, b => b.Id == 7);
        Assert.Equal(new[] { 0, 1, 2 }, snap.Voters);
        Assert.Contains("board 5 is waiting to join", Timeline(s), StringComparison.Ordinal);
    }

    [Fact]
    public void A_join_goes_learner_added_then_promoted_then_committed_on_the_timeline()
    {
        ClusterState s = NewState();
        s.Apply(Report(0, "Leader", 0, new[] { 0, 1, 2 }));
        s.Apply(Report(5, "Follower", 0, Array.Empty<int>(), waiting: true));

        // §4.2.1: the leader appends AddLearner; until it commits the change is in flight, and one at a time (§4.1).
        s.Apply(Report(0, "Leader", 4, new[] { 0, 1, 2 }, new[] { 5 }, pending: true));
        ClusterSnapshot snap = s.Snapshot();
        Assert.True(snap.ChangePending);
        Assert.Equal("add board 5 as a learner", snap.PendingChange);
        Assert.Equal(new[] { 5 }, snap.Learners);
        Assert.Equal(MemberKinds.Learner, snap.Boards.Single(b => b.Id == 5).Membership);
        Assert.Empty(snap.WaitingToJoin);
        Assert.Contains("board 5 added as a learner (configuration index 4, not committed yet)", Timeline(s), StringComparison.Ordinal);

        s.Apply(Report(0, "Leader", 4, new[] { 0, 1, 2 }, new[] { 5 }));
        Assert.Contains("configuration at index 4 committed: voters {0,1,2}, learners {5}", Timeline(s), StringComparison.Ordinal);

        // Caught up: the leader promotes it (a PromoteLearner entry), a voter once that commits.
        s.Apply(Report(0, "Leader", 6, new[] { 0, 1, 2, 5 }, pending: true));
        Assert.Equal("promote board 5 to voter", s.Snapshot().PendingChange);
        s.Apply(Report(0, "Leader", 6, new[] { 0, 1, 2, 5 }));
        snap = s.Snapshot();
        Assert.Equal(new[] { 0, 1, 2, 5 }, snap.Voters);
        Assert.Empty(snap.Learners);
        Assert.Equal(6, snap.ConfigurationIndex);
        Assert.False(snap.ChangePending);
        Assert.Equal(new[] { 0, 1, 2, 5 }, snap.Boards.Select(b => b.Id));
        string timeline = Timeline(s);
        Assert.Contains("board 5 caught up and was promoted to voter (configuration index 6, not committed yet)", timeline, StringComparison.Ordinal);
        Assert.Contains("configuration at index 6 committed: voters {0,1,2,5}", timeline, StringComparison.Ordinal);
    }

    [Fact]
    public void A_removed_board_leaves_the_picture_even_while_it_still_reports()
    {
        ClusterState s = NewState();
        s.Apply(Report(0, "Leader", 0, new[] { 0, 1, 2 }));
        s.Apply(Report(0, "Leader", 9, new[] { 0, 2 }, pending: true));
        Assert.Equal("remove board 1", s.Snapshot().PendingChange);
        s.Apply(Report(0, "Leader", 9, new[] { 0, 2 }));
        s.Apply(Report(1, "Follower", 9, new[] { 0, 2 }, removed: true));
        ClusterSnapshot snap = s.Snapshot();
        Assert.Equal(new[] { 0, 2 }, snap.Boards.Select(b => b.Id));
        Assert.Equal(new[] { 0, 2 }, snap.Voters);
        Assert.Null(s.MemberKind(1));
        Assert.Contains("board 1 removed from the configuration (configuration index 9, not committed yet)", Timeline(s), StringComparison.Ordinal);

        // Its process stops: it goes quiet without a "went silent" line, while a member that goes quiet gets one.
        s.Apply(Report(2, "Follower", 9, new[] { 0, 2 }));
        clock.Advance(TimeSpan.FromSeconds(3));
        s.Apply(Report(0, "Leader", 9, new[] { 0, 2 }));
        s.Sweep();
        Assert.DoesNotContain("board 1 went silent", Timeline(s), StringComparison.Ordinal);
        Assert.Contains("board 2 went silent", Timeline(s), StringComparison.Ordinal);
    }

    [Fact]
    public void The_leaders_configuration_wins_over_a_newer_uncommitted_one_it_dropped()
    {
        ClusterState s = NewState();
        s.Apply(Report(1, "Follower", 5, new[] { 0, 1, 2 }, new[] { 6 }, pending: true)); // an old leader's entry
        Assert.Equal(new[] { 6 }, s.Snapshot().Learners);
        s.Apply(Report(2, "Leader", 0, new[] { 0, 1, 2 }));                                 // the new leader never had it
        ClusterSnapshot snap = s.Snapshot();
        Assert.Empty(snap.Learners);
        Assert.Equal(0, snap.ConfigurationIndex);
        // While a leader is known, a follower's stale entry does not overwrite the leader's view.
        s.Apply(Report(1, "Follower", 5, new[] { 0, 1, 2 }, new[] { 6 }, pending: true));
        Assert.Equal(0, s.Snapshot().ConfigurationIndex);
        Assert.Empty(s.Snapshot().Learners);
    }

    [Fact]
    public void A_tracked_joiner_under_an_old_id_starts_from_nothing()
    {
        ClusterState s = NewState();
        s.Apply(Report(0, "Leader", 0, new[] { 0, 1, 2 }));
        s.Apply(Report(2, "Follower", 0, new[] { 0, 1, 2 }));
        s.Apply(Report(0, "Leader", 3, new[] { 0, 1 }));
        s.Track(2);
        Assert.Contains(2, s.KnownBoards);
        Assert.DoesNotContain(s.Snapshot().Boards, b => b.Id == 2); // not reported yet: neither member nor waiting
        s.Apply(Report(2, "Follower", 0, Array.Empty<int>(), waiting: true));
        Assert.Equal(MemberKinds.Waiting, s.Snapshot().Boards.Single(b => b.Id == 2).Membership);
    }
}
