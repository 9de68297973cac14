using RaftEsp.Core;
using RaftEsp.Monitor.Metrics;
using RaftEsp.Monitor.State;
using RaftEsp.Monitor.Tests.Fakes;
using RaftEsp.Recording;

namespace RaftEsp.Monitor.Tests.Unit;

/// <summary>The charts' series from synthetic frames and snapshots whose rates and latencies are known.</summary>
public sealed class MetricsRecorderTests
{
    private const long Second = 1_000_000;
    private static readonly int[] None = Array.Empty<int>();

    private long now;

    private MetricsRecorder NewRecorder(int kept = MetricsRecorder.LiveSeconds) => new(() => now, kept);

    private static FrameEvent Append(long micros, int from, int index, int entries, int commit, int[]? delivered = null, int[]? lost = null) =>
        new(micros, (int)MessageType.AppendEntries, from, NodeId.Broadcast, 40 + 12 * entries, entries, delivered ?? None, lost ?? None, FrameSource.Ether,
            Term: 2, Index: index, Commit: commit);

    private static FrameEvent Ack(long micros, int from, int to, int index) =>
        new(micros, (int)MessageType.AppendResponse, from, to, 20, 0, new[] { to }, None, FrameSource.Ether, Term: 2, Index: index);

    [Fact]
    public void Frames_per_second_by_kind_lost_copies_and_each_boards_frames_come_out_at_their_known_rates()
    {
        MetricsRecorder m = NewRecorder();
        for (int s = 0; s < 10; s++)
        {
            for (int i = 0; i < 5; i++) m.Add(Append(s * Second + i * 1000, 1, 0, 0, 0, new[] { 0, 2, 3 }, new[] { 4 })); // 5 heartbeats, 1 copy lost each
            for (int i = 0; i < 3; i++) m.Add(Ack(s * Second + 500_000 + i, 2, 1, 0)); // 3 acks from board 2
        }

        now = 10 * Second;
        MetricsSeries series = m.Query(0, 10_000, 1000);
        Assert.Equal(10, series.CommitsPerSecond.Count);
        Assert.All(series.FramesPerSecond[FrameKinds.Heartbeat], v => Assert.Equal(5, v));
        Assert.All(series.FramesPerSecond[FrameKinds.AppendAck], v => Assert.Equal(3, v));
        Assert.Equal(new[] { FrameKinds.Heartbeat, FrameKinds.AppendAck }, series.FramesPerSecond.Keys); // only kinds seen, in the page's order
        Assert.All(series.LostPerSecond, v => Assert.Equal(5, v));
        Assert.All(series.Boards["1"].FramesPerSecond, v => Assert.Equal(5, v));
        Assert.All(series.Boards["2"].FramesPerSecond, v => Assert.Equal(3, v));
        Assert.Equal("ether", series.FrameSource);

        MetricsSeries wide = m.Query(0, 10_000, 5000); // a step of five seconds is the mean rate over them
        Assert.Equal(new double?[] { 5, 5 }, wide.FramesPerSecond[FrameKinds.Heartbeat]);
        Assert.Equal(5000, wide.StepMs);
    }

    [Fact]
    public void Commit_latency_p50_and_p99_are_the_nearest_ranks_of_the_known_latencies()
    {
        MetricsRecorder m = NewRecorder();
        // Entry i goes out at 2 s + i ms and a heartbeat first carries commit i at 2 s + 2i ms: its latency is i ms.
        var frames = new List<FrameEvent>();
        for (int i = 1; i <= 100; i++)
        {
            frames.Add(Append(2 * Second + i * 1000L, 0, i, 1, i / 2)); // the commit the leader knows by then
            frames.Add(Append(2 * Second + 2 * i * 1000L, 0, i, 0, i));
        }

        foreach (FrameEvent f in frames.OrderBy(f => f.TimeMicros)) m.Add(f);
        now = 4 * Second;
        MetricsSeries series = m.Query(0, 4000, 1000);
        Assert.Equal(new double?[] { null, null, 50, null }, series.LatencyP50Ms);
        Assert.Equal(new double?[] { null, null, 99, null }, series.LatencyP99Ms);
        Assert.Equal(new double?[] { null, null, 100, 0 }, series.CommitsPerSecond);
    }

    [Fact]
    public void An_entry_sent_again_keeps_its_first_time_and_the_first_commit_heard_is_a_baseline_not_commits()
    {
        MetricsRecorder m = NewRecorder();
        m.Add(Append(0, 0, 1000, 0, 1000)); // the monitor comes in at commit 1000
        m.Add(Append(100_000, 0, 1001, 1, 1000));
        m.Add(Append(400_000, 3, 1001, 1, 1000)); // a new leader sends 1001 again
        m.Add(Append(1_300_000, 3, 1001, 0, 1001));
        now = 2 * Second;
        MetricsSeries series = m.Query(0, 2000, 1000);
        Assert.Equal(new double?[] { 0, 1 }, series.CommitsPerSecond);
        Assert.Equal(new double?[] { null, 1200 }, series.LatencyP50Ms);
    }

    [Fact]
    public void Each_boards_commits_come_from_its_reported_commit_index_and_the_cluster_takes_the_highest()
    {
        var clock = new ManualClock();
        var state = new ClusterState(3, 0, "virtual", 5, clock, TimeSpan.FromSeconds(3));
        MetricsRecorder m = NewRecorder();
        void Report(int node, int commit) => state.Apply(new BoardReport(node, true, true, node == 0 ? "Leader" : "Follower", 2, 0, commit, commit, commit,
            new int[5], Array.Empty<LogEntryView>(), 0, 0, null));

        Report(0, 10);
        Report(1, 8);
        m.AddSnapshot(0, state.Snapshot()); // baselines
        Report(0, 30);
        Report(1, 28);
        m.AddSnapshot(1_500_000, state.Snapshot());
        Report(0, 40);
        Report(1, 2); // board 1 restarted and reports an older commit index: a new baseline, never a negative rate
        m.AddSnapshot(2_500_000, state.Snapshot());
        now = 3 * Second;
        MetricsSeries series = m.Query(0, 3000, 1000);
        Assert.Equal(new double?[] { 0, 20, 10 }, series.CommitsPerSecond);
        Assert.Equal(new double?[] { 0, 20, 10 }, series.Boards["0"].CommitsPerSecond);
        Assert.Equal(new double?[] { 0, 20, 0 }, series.Boards["1"].CommitsPerSecond);
        Assert.Equal(new double?[] { null, null, null }, series.LatencyP50Ms); // no frames: no latency
        Assert.Equal("none", series.FrameSource);
        Assert.Contains("No frames seen", series.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_recorder_answers_unknown_everywhere_and_a_cluster_without_leader_answers_zero_commits()
    {
        MetricsRecorder m = NewRecorder();
        now = 60 * Second;
        MetricsSeries empty = m.Query(0, 5000, 1000);
        Assert.All(empty.CommitsPerSecond, v => Assert.Null(v));
        Assert.All(empty.LostPerSecond, v => Assert.Null(v));
        Assert.Empty(empty.FramesPerSecond);
        Assert.Empty(empty.Boards);
        Assert.False(m.HasData);

        // Candidates asking for votes, nobody leading: frames, but no commits and no latency.
        for (int s = 0; s < 3; s++)
        {
            m.Add(new FrameEvent(s * Second, (int)MessageType.VoteRequest, 1, NodeId.Broadcast, 20, 0, new[] { 0, 2 }, None, FrameSource.Ether, Term: 3 + s, Index: 7));
        }

        Assert.True(m.HasData);
        now = 3 * Second;
        MetricsSeries noLeader = m.Query(0, 3000, 1000);
        Assert.Equal(new double?[] { 0, 0, 0 }, noLeader.CommitsPerSecond);
        Assert.Equal(new double?[] { 1, 1, 1 }, noLeader.FramesPerSecond[FrameKinds.Vote]);
        Assert.All(noLeader.LatencyP99Ms, v => Assert.Null(v));
    }

    [Fact]
    public void The_second_in_progress_and_seconds_before_the_first_observation_are_unknown()
    {
        MetricsRecorder m = NewRecorder();
        m.Add(Append(3 * Second + 10, 0, 0, 0, 0));
        m.Add(Append(4 * Second + 10, 0, 0, 0, 0));
        now = 4 * Second + 500_000;
        MetricsSeries series = m.Query(0, 6000, 1000);
        Assert.Equal(new double?[] { null, null, null, 1, null, null }, series.FramesPerSecond[FrameKinds.Heartbeat]);
        Assert.Equal(4500, series.NowMs);
    }

    [Fact]
    public void Only_the_kept_seconds_are_kept_and_older_input_is_dropped_and_counted()
    {
        MetricsRecorder m = NewRecorder(kept: 10);
        for (int s = 0; s < 30; s++) m.Add(Append(s * Second, 0, 0, 0, 0));
        m.Add(Append(5 * Second, 0, 0, 0, 0)); // too old now
        now = 30 * Second;
        MetricsSeries series = m.Query(0, 30_000, 1000);
        double?[] expected = Enumerable.Range(0, 30).Select(s => s >= 20 ? 1 : (double?)null).ToArray();
        Assert.Equal(expected, series.FramesPerSecond[FrameKinds.Heartbeat]);
        Assert.Equal(1, m.DroppedTooOld);
        Assert.Equal(10, series.KeptSeconds);
    }

    [Fact]
    public void Seconds_in_which_the_feed_sampled_are_counted_and_named_in_the_note()
    {
        MetricsRecorder m = NewRecorder();
        for (int s = 0; s < 4; s++) m.Add(Append(s * Second, 0, 0, 0, 0));
        m.MarkSampled(1 * Second + 5);
        m.MarkSampled(2 * Second + 5);
        now = 4 * Second;
        Assert.Equal(2, m.Query(0, 4000, 1000).SampledSeconds);
        Assert.Contains("kept only a share", m.Query(0, 4000, 1000).Note, StringComparison.Ordinal);
        Assert.Equal(0, m.Query(3000, 4000, 1000).SampledSeconds);
    }

    [Fact]
    public void One_second_keeps_at_most_the_bound_of_latency_samples()
    {
        var bucket = new SecondBucket(0);
        var random = new Random(1);
        for (int i = 0; i < 5000; i++) bucket.AddLatency(i, random);
        Assert.Equal(SecondBucket.MaxLatencySamples, bucket.LatencyMicros.Count);
        Assert.Equal(5000, bucket.LatencySeen);
        Assert.Contains(bucket.LatencyMicros, v => v >= SecondBucket.MaxLatencySamples); // later samples get their fair chance
    }

    [Fact]
    public void Pending_indexes_are_bounded_even_when_a_frame_claims_a_huge_run_of_entries()
    {
        var tracker = new CommitLatencyTracker();
        var samples = new List<long>();
        void Observe(FrameEvent f) => tracker.Observe(f, (_, latency) => samples.Add(latency));
        Observe(Append(0, 0, 0, 0, 0));
        Observe(Append(1, 0, 2_000_000, 1_000_000, 0)); // a misread frame: only the newest bound of indexes is queued
        Observe(Append(2, 0, 2_000_000, 0, 2_000_000));
        Assert.Equal(CommitLatencyTracker.MaxPending, samples.Count);
        for (int i = 1; i <= CommitLatencyTracker.MaxPending + 10; i++) Observe(Append(10 + i, 0, 2_000_000 + i, 1, 2_000_000));
        Assert.Equal(10, tracker.Forgotten);
    }

    [Fact]
    public void A_replay_builds_the_same_series_from_a_run_of_frames_and_snapshots()
    {
        var clock = new ManualClock();
        var state = new ClusterState(2, 0, "virtual", 5, clock, TimeSpan.FromSeconds(3));
        var snapshots = new List<TimedSnapshot>();
        for (int s = 0; s < 4; s++)
        {
            state.Apply(new BoardReport(1, true, true, "Follower", 2, 0, 3 * s, 3 * s, 3 * s, new int[5], Array.Empty<LogEntryView>(), 0, 0, null));
            snapshots.Add(new TimedSnapshot(s * Second + 900_000, state.Snapshot()));
        }

        var frames = Enumerable.Range(0, 8).Select(i => Append(i * 500_000L, 0, 0, 0, 0)).ToList();
        MetricsRecorder replay = MetricsRecorder.FromRun(frames, snapshots, 4 * Second);
        MetricsSeries series = replay.Query(0, 4000, 1000);
        Assert.Equal(new double?[] { 2, 2, 2, 2 }, series.FramesPerSecond[FrameKinds.Heartbeat]);
        Assert.Equal(new double?[] { 0, 3, 3, 3 }, series.Boards["1"].CommitsPerSecond);
        Assert.Equal(MetricsRecorder.MaxKeptSeconds, series.KeptSeconds);

        long position = 2 * Second + 300_000; // a replay at its playback position shows the seconds played so far
        MetricsRecorder playing = MetricsRecorder.FromRun(frames, snapshots, () => position);
        Assert.Equal(new double?[] { 2, 2, null, null }, playing.Query(0, 4000, 1000).FramesPerSecond[FrameKinds.Heartbeat]);
    }

    [Theory]
    [InlineData(5000, 1000, 1000, "after")]
    [InlineData(0, 1000, 0, "at least 1000")]
    [InlineData(0, 1000, 999, "at least 1000")]
    [InlineData(0, 10_000_000, 1000, "at most 2000")]
    public void Bad_queries_are_refused_with_a_reason(long from, long to, long step, string reason)
    {
        Assert.Contains(reason, MetricsRecorder.CheckQuery(from, to, step), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => NewRecorder().Query(from, to, step));
    }
}
