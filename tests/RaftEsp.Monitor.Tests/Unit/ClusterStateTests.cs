using RaftEsp.Monitor.State;
using RaftEsp.Monitor.Tests.Fakes;

namespace RaftEsp.Monitor.Tests.Unit;

public sealed class ClusterStateTests
{
    private readonly ManualClock clock = new();

    private ClusterState NewState() => new(5, 0, "virtual", 5, clock, TimeSpan.FromSeconds(2));

    private static BoardReport Report(int node, string role, int term, int commit = 0, int[]? db = null, bool online = true, bool hasState = true) =>
        new(node, online, hasState, role, term, role == "Leader" ? node : -1, commit, commit, commit, db ?? new int[5], Array.Empty<LogEntryView>(), 0, 0, null);

    [Fact]
    public void The_leader_is_the_online_board_reporting_leader_in_the_highest_term()
    {
        ClusterState s = NewState();
        s.Apply(Report(1, "Leader", 3));
        s.Apply(Report(2, "Leader", 4));
        s.Apply(Report(3, "Follower", 4));
        ClusterSnapshot snap = s.Snapshot();
        Assert.Equal(2, snap.LeaderId);
        Assert.Equal(4, snap.Term);
        Assert.True(snap.Boards[2].IsLeader);
        Assert.False(snap.Boards[1].IsLeader);
        Assert.True(snap.Boards[0].IsServerNode);
    }

    [Fact]
    public void Elections_leader_changes_and_commits_reach_the_timeline()
    {
        ClusterState s = NewState();
        s.Apply(Report(1, "Candidate", 2));
        s.Apply(Report(1, "Leader", 2, commit: 1));
        s.Apply(Report(1, "Leader", 2, commit: 2));
        s.Apply(Report(1, "Leader", 2, commit: 5));
        var kinds = s.Snapshot().Timeline.Select(e => e.Kind).ToArray();
        Assert.Equal(new[] { TimelineKinds.Election, TimelineKinds.Leader, TimelineKinds.Commit }, kinds);
        Assert.Equal("committed indexes 2..5", s.Snapshot().Timeline[^1].Text);
    }

    [Fact]
    public void A_board_without_news_goes_offline_and_the_leader_with_it()
    {
        ClusterState s = NewState();
        s.Apply(Report(1, "Leader", 2));
        s.Apply(Report(2, "Follower", 2));
        clock.Advance(TimeSpan.FromSeconds(1));
        s.Apply(Report(2, "Follower", 2));
        clock.Advance(TimeSpan.FromSeconds(1.5));
        Assert.True(s.Sweep());
        ClusterSnapshot snap = s.Snapshot();
        Assert.False(snap.Boards[1].Online);
        Assert.True(snap.Boards[2].Online);
        Assert.Equal(-1, snap.LeaderId);
        Assert.Contains(snap.Timeline, e => e.Kind == TimelineKinds.Board && e.Node == 1);
        Assert.False(s.Sweep());
    }

    [Fact]
    public void A_missed_poll_keeps_the_last_state_and_the_board_goes_offline_only_when_reports_stop()
    {
        ClusterState s = NewState();
        s.Apply(Report(3, "Follower", 2, commit: 7, db: new[] { 1, 2, 3, 4, 5 }));
        clock.Advance(TimeSpan.FromSeconds(1));
        s.Apply(Report(3, "", 0, online: false, hasState: false));
        BoardView b = s.Snapshot().Boards[3];
        Assert.True(b.Online);
        Assert.Equal(7, b.CommitIndex);
        clock.Advance(TimeSpan.FromSeconds(1.5));
        s.Apply(Report(3, "", 0, online: false, hasState: false));
        s.Sweep();
        b = s.Snapshot().Boards[3];
        Assert.False(b.Online);
        Assert.Equal(7, b.CommitIndex);
        Assert.Equal(new[] { 1, 2, 3, 4, 5 }, b.Database);
    }

    [Fact]
    public void Slots_that_differ_from_the_leader_are_listed_per_board()
    {
        ClusterState s = NewState();
        s.Apply(Report(0, "Leader", 1, db: new[] { 1, 2, 3, 4, 5 }));
        s.Apply(Report(1, "Follower", 1, db: new[] { 1, 2, 3, 4, 5 }));
        s.Apply(Report(2, "Follower", 1, db: new[] { 1, 0, 3, 0, 5 }));
        ClusterSnapshot snap = s.Snapshot();
        Assert.Empty(snap.Boards[0].DiffersFromLeader);
        Assert.Empty(snap.Boards[1].DiffersFromLeader);
        Assert.Equal(new[] { 1, 3 }, snap.Boards[2].DiffersFromLeader);
    }

    [Fact]
    public void Reports_from_unknown_boards_change_nothing()
    {
        ClusterState s = NewState();
        long before = s.Version;
        Assert.False(s.Apply(Report(9, "Leader", 1)));
        Assert.False(s.Apply(Report(-1, "Leader", 1)));
        Assert.Equal(before, s.Version);
    }

    [Fact]
    public void A_crashed_board_is_offline_until_it_reports_after_its_restart()
    {
        ClusterState s = NewState();
        s.Apply(Report(1, "Leader", 1));
        s.SetCrashed(1, true);
        Assert.False(s.Apply(Report(1, "Leader", 1)));
        Assert.Equal("Crashed", s.Snapshot().Boards[1].Role);
        Assert.Equal(-1, s.Snapshot().LeaderId);
        s.SetCrashed(1, false);
        Assert.False(s.Snapshot().Boards[1].Online);
        s.Apply(Report(1, "Follower", 2));
        Assert.True(s.Snapshot().Boards[1].Online);
        Assert.Contains(s.Snapshot().Timeline, e => e.Text.Contains("back online", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Waiters_wake_on_the_next_change()
    {
        ClusterState s = NewState();
        long seen = s.Version;
        Task wait = s.WaitForChangeAsync(seen, CancellationToken.None);
        Assert.False(wait.IsCompleted);
        s.Record(TimelineKinds.Fault, -1, "something");
        await wait.WaitAsync(Wait.Generous);
        Assert.True(s.WaitForChangeAsync(seen, CancellationToken.None).IsCompleted);
    }

    [Fact]
    public void The_timeline_is_bounded()
    {
        ClusterState s = NewState();
        for (int i = 0; i < ClusterState.TimelineCapacity + 50; i++) s.Record(TimelineKinds.Command, 0, "c" + i);
        var timeline = s.Snapshot().Timeline;
        Assert.Equal(ClusterState.TimelineCapacity, timeline.Count);
        Assert.Equal("c" + (ClusterState.TimelineCapacity + 49), timeline[^1].Text);
    }
}
