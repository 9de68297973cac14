using RaftEsp.Monitor.History;
using RaftEsp.Monitor.State;
using RaftEsp.Monitor.Tests.Fakes;
using RaftEsp.Recording;

namespace RaftEsp.Monitor.Tests.Unit;

/// <summary>Rebuilding the cluster at a past time from recorded inputs, with checkpoints and a cap.</summary>
public sealed class HistoryStoreTests
{
    private static readonly DateTimeOffset Origin = new(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);

    private static HistoryStore NewStore(long cap = long.MaxValue) =>
        new(clock => new ClusterState(5, 0, "replay", 5, clock, TimeSpan.FromSeconds(3)), Origin, 0, cap);

    private static HistoryStore Filled(int endMs, long cap = long.MaxValue)
    {
        HistoryStore store = NewStore(cap);
        foreach (Recorded r in RecordedRun.Records(endMs)) store.Add(r.TimeMicros, r.Body);
        return store;
    }

    private static string Key(ClusterSnapshot s) =>
        $"{s.LeaderId}/{s.Term}/{s.ClockMs}/" + string.Join(",", s.Boards.Select(b => $"{b.Id}:{b.Role}:{b.Online}:{b.CommitIndex}")) +
        "/" + string.Join("|", s.Timeline.Select(e => $"{e.Time:O} {e.Kind} {e.Node} {e.Text}"));

    [Fact]
    public void The_state_at_a_time_is_the_recorded_one()
    {
        HistoryStore store = Filled(RecordedRun.EndMs);
        ClusterSnapshot before = store.SnapshotAt(2_000_000);
        Assert.Equal(0, before.LeaderId);
        Assert.Equal(2000, before.ClockMs);
        Assert.All(before.Boards, b => Assert.True(b.Online));
        ClusterSnapshot after = store.SnapshotAt(5_000_000);
        Assert.Equal(2, after.LeaderId);
        Assert.Equal("Crashed", after.Boards.Single(b => b.Id == 0).Role);
        Assert.Equal(Origin.AddSeconds(3), after.Timeline.Single(e => e.Text == "crashed board 0").Time);
    }

    [Fact]
    public void Checkpoints_give_the_same_state_as_a_rebuild_from_the_start_in_any_order_of_queries()
    {
        HistoryStore store = Filled(30_000);
        var random = new Random(1207);
        for (int i = 0; i < 60; i++)
        {
            long t = random.NextInt64(0, 30_000_000);
            ClusterSnapshot fromCheckpoints = store.SnapshotAt(t);
            ClusterSnapshot fresh = Filled(30_000).SnapshotAt(t);
            Assert.Equal(Key(fresh), Key(fromCheckpoints));
        }
    }

    [Fact]
    public void Past_its_cap_the_store_drops_the_oldest_inputs_and_still_answers_for_the_rest()
    {
        HistoryStore store = Filled(60_000, cap: 256 * 1024);
        Assert.True(store.OverCap);
        int before = store.Count;
        while (store.OverCap && store.Trim())
        {
        }

        Assert.False(store.OverCap);
        Assert.True(store.Count < before);
        Assert.True(store.StartMicros > 0);
        Assert.Equal(0, store.StartMicros % HistoryStore.CheckpointEvery);
        ClusterSnapshot end = store.SnapshotAt(59_000_000);
        Assert.Equal(Key(Filled(60_000).SnapshotAt(59_000_000)), Key(end));
        // Before the kept part, the store answers for its oldest time.
        Assert.Equal(store.StartMicros / 1000, store.SnapshotAt(0).ClockMs);
    }
}
