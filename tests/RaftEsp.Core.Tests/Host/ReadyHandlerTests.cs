using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Host;

/// <summary>The shared host loop, watched through seams that write down every call in order.</summary>
public class ReadyHandlerTests
{
    /// <summary>Frames, storage and observer in one journal; after-persist frames are marked as they leave.</summary>
    private sealed class Journal(RaftNode node) : IFrameSender, IRaftStorage, IReadyObserver
    {
        public readonly List<string> Calls = new();

        public void Send(int to, byte[] frame, int length) => Calls.Add("send " + (Outbox.MustFollowPersist((MessageType)frame[3]) ? "after-persist " : "") + (MessageType)frame[3]);

        public void Save(Ready ready, RaftLog log) => Calls.Add("save " + ready.PersistFrom + ".." + ready.PersistTo);

        public void SaveSnapshot(int index, int term, byte[] data, int offset, int length) => Calls.Add("snapshot " + index + " (log from " + node.Log.FirstIndex + ")");

        public void SnapshotInstalled(int index) => Calls.Add("installed " + index);

        public void Applied(ApplyResult result) => Calls.Add("applied " + result.Index);

        public void Rejected(int client, int seq, RefusalReason reason, int leaderHint) => Calls.Add("rejected " + client);

        public void ReadIndexed(int requestId, int index, RefusalReason status) => Calls.Add("read " + requestId);

        public void Advanced() => Calls.Add("advanced (applied " + node.AppliedIndex + ")");

        public int IndexOf(string prefix) => Calls.FindIndex(c => c.StartsWith(prefix, StringComparison.Ordinal));
    }

    private static (Scripted Script, Journal Journal, ReadyHandler Handler) Follower(Action<Config>? tweak = null)
    {
        var s = new Scripted(1, 3, tweak);
        var journal = new Journal(s.Node);
        return (s, journal, new ReadyHandler(s.Node, s.Host.Database, journal, journal, journal));
    }

    [Fact]
    public void A_follower_acknowledges_only_after_the_write_returns_then_applies_and_advances_last()
    {
        var (s, journal, handler) = Follower();
        s.Step(Scripted.FourSetsFromLeader2(commit: 2));
        Assert.True(handler.Prepare());
        Assert.Equal(ErrorCode.None, handler.Handle());
        Assert.Equal(["save 1..4", "send after-persist AppendResponse", "applied 1", "applied 2", "advanced (applied 2)"], journal.Calls);
        Assert.Equal(2, handler.AppliedCount);
        Assert.False(handler.Prepare());
    }

    [Fact]
    public void A_leader_sends_its_appends_before_the_write_and_applies_after_it()
    {
        var (s, journal, handler) = Follower();
        s.BecomeLeader(2);
        s.Step(Scripted.Ack(2, 1, s.Node.Term, 1)); // node 2 has the no-op: the leader replicates to it now
        s.Drain();
        Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.Set, 0, 1, 1, 5));
        Assert.True(handler.Prepare());
        handler.Handle();
        int append = journal.IndexOf("send AppendEntries");
        int save = journal.IndexOf("save");
        Assert.True(append >= 0 && save > append, string.Join(", ", journal.Calls));
        journal.Calls.Clear();

        s.Step(Scripted.Ack(2, 1, s.Node.Term, s.Node.Log.LastIndex));
        while (handler.Prepare()) handler.Handle();
        int applied = journal.IndexOf("applied " + s.Node.Log.LastIndex);
        Assert.True(applied >= 0, string.Join(", ", journal.Calls));
        Assert.True(journal.IndexOf("advanced") > applied);
    }

    [Fact]
    public void Begin_alone_sends_nothing_that_must_wait_for_the_write_and_applies_nothing()
    {
        var (s, journal, handler) = Follower();
        s.Step(Scripted.FourSetsFromLeader2(commit: 2));
        handler.Prepare();
        Assert.True(handler.Begin());
        Assert.Equal(["save 1..4"], journal.Calls);
        Assert.True(handler.InProgress);
        Assert.False(handler.Prepare()); // the node takes no input while the write is out
        Assert.Equal(0, s.Host.Database.AppliedIndex);

        Assert.Equal(ErrorCode.None, handler.Finish());
        Assert.Equal("send after-persist AppendResponse", journal.Calls[1]);
        Assert.Equal(2, s.Host.Database.AppliedIndex);
        Assert.Equal(ErrorCode.InvalidState, handler.Finish()); // nothing begun
    }

    [Fact]
    public void Compaction_follows_Advance_and_stores_the_snapshot_before_the_log_drops_entries()
    {
        var (s, journal, handler) = Follower(c => c.CompactionThreshold = 2);
        s.Step(Scripted.FourSetsFromLeader2(commit: 3));
        handler.Prepare();
        Assert.Equal(ErrorCode.None, handler.Handle());
        Assert.Equal("advanced (applied 3)", journal.Calls[^2]);
        Assert.Equal("snapshot 3 (log from 1)", journal.Calls[^1]); // stored while the log still holds the entries
        Assert.Equal(3, s.Node.Log.SnapshotIndex);
    }

    [Fact]
    public void Compaction_waits_when_the_host_compacts_by_hand()
    {
        var (s, journal, handler) = Follower(c => c.CompactionThreshold = 2);
        handler.CompactsWhenDue = false;
        s.Step(Scripted.FourSetsFromLeader2(commit: 3));
        handler.Prepare();
        handler.Handle();
        Assert.Equal(-1, journal.IndexOf("snapshot"));
        Assert.Equal(ErrorCode.None, handler.Compact());
        Assert.Equal(3, s.Node.Log.SnapshotIndex);
    }

    [Fact]
    public void An_entry_the_database_refuses_stops_the_pass_before_Advance()
    {
        var (s, journal, handler) = Follower();
        Assert.Equal(ErrorCode.None, s.Host.Database.Apply(1, EntryKind.Noop, 0, 0, 0, 0, new ApplyResult())); // out of step with the log
        s.Step(Scripted.FourSetsFromLeader2(commit: 2));
        handler.Prepare();
        Assert.Equal(ErrorCode.InvalidState, handler.Handle());
        Assert.Equal(-1, journal.IndexOf("advanced"));
        Assert.False(handler.Prepare()); // left mid-Ready: a stopped board takes no input
        Assert.Equal(0, s.Node.AppliedIndex);
    }

    [Fact]
    public void HasReady_changes_nothing_and_the_leaders_flush_is_its_own_step()
    {
        var s = new Scripted(1, 3);
        s.BecomeLeader(2);
        for (int t = 0; t < 3; t++) s.Node.Tick(); // a heartbeat is due
        byte[] state = StateCapture.Core(s.Node, s.Host.Database);
        byte[] outgoing = StateCapture.Outgoing(s.Node);
        bool first = s.Node.HasReady;
        Assert.Equal(first, s.Node.HasReady);
        Assert.Equal(state, StateCapture.Core(s.Node, s.Host.Database));
        Assert.Equal(outgoing, StateCapture.Outgoing(s.Node));

        s.Node.Flush();
        Assert.NotEqual(outgoing, StateCapture.Outgoing(s.Node)); // the heartbeats are encoded now
        Assert.True(s.Node.HasReady);
        byte[] flushed = StateCapture.Outgoing(s.Node);
        s.Node.Flush();
        Assert.Equal(flushed, StateCapture.Outgoing(s.Node)); // again without input: nothing more
    }
}
