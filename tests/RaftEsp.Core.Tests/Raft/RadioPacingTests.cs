using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Raft;

/// <summary>
/// A leader paced by its radio (docs/design.md, "Replication"): the host reports the frames its radio has not sent
/// yet. With an append in flight and uncommitted, followers in step get nothing while the radio holds one frame, and
/// nobody does behind two; idle, the leader sends fresh entries at once and holds the rest only behind two. What fell
/// due meanwhile goes at the first flush after the radio drained. Other frames than the leader's appends are never held.
/// </summary>
public class RadioPacingTests
{
    /// <summary>A 3-node leader (node 1) whose followers hold its no-op and know it is committed.</summary>
    private static Scripted IdleLeader()
    {
        var s = new Scripted(1, 3);
        s.BecomeLeader(2, 3);
        s.Step(Scripted.Ack(2, 1, s.Node.Term, 1));
        s.Step(Scripted.Ack(3, 1, s.Node.Term, 1));
        s.Drain();
        Assert.Equal(1, s.Node.CommitIndex);
        return s;
    }

    /// <summary>An idle leader that has just broadcast entry 2, not yet acknowledged.</summary>
    private static Scripted LeaderWithAppendInFlight()
    {
        var s = IdleLeader();
        Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.Set, 0, 0, 0, 5));
        var first = Assert.Single(s.Drain(), m => m.Type == MessageType.AppendEntries);
        Assert.Equal(1, first.EntryCount);
        return s;
    }

    private static void HeartbeatRound(Scripted s)
    {
        for (int t = 0; t < s.Node.Config.HeartbeatTicks; t++) s.Node.Tick();
    }

    [Fact]
    public void With_an_append_in_flight_a_full_frame_of_commands_waits_while_the_radio_holds_one_frame()
    {
        var s = LeaderWithAppendInFlight();
        int full = s.Node.Config.MaxEntriesPerFrame;
        s.Node.NoteRadioBacklog(1);
        for (int i = 0; i < full; i++) Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.Set, 0, 0, 0, 100 + i));
        Assert.DoesNotContain(s.Drain(), m => m.Type == MessageType.AppendEntries);

        s.Node.NoteRadioBacklog(0);
        var append = Assert.Single(s.Drain(), m => m.Type == MessageType.AppendEntries);
        Assert.Equal(NodeId.Broadcast, append.To);
        Assert.Equal(2, append.Index);
        Assert.Equal(full, append.EntryCount);
        Assert.Equal(100, append.Values[0]);
    }

    [Fact]
    public void With_an_append_in_flight_a_heartbeat_round_waits_while_the_radio_holds_one_frame_then_goes()
    {
        var s = LeaderWithAppendInFlight();
        s.Node.NoteRadioBacklog(1);
        HeartbeatRound(s);
        Assert.DoesNotContain(s.Drain(), m => m.Type == MessageType.AppendEntries);

        s.Node.NoteRadioBacklog(0);
        var heartbeat = Assert.Single(s.Drain(), m => m.Type == MessageType.AppendEntries);
        Assert.Equal(2, heartbeat.Index);
        Assert.Equal(0, heartbeat.EntryCount);
    }

    [Fact]
    public void With_an_append_in_flight_a_follower_behind_still_gets_its_probe_behind_one_unsent_frame_not_two()
    {
        var s = new Scripted(1, 3);
        s.BecomeLeader(2, 3); // the no-op probes both followers; only node 2 answers
        s.Step(Scripted.Ack(2, 1, s.Node.Term, 1));
        s.Drain();
        Assert.Equal(ProgressState.Probe, s.Node.ProgressOf(3).State);
        Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.Set, 0, 0, 0, 5));
        Assert.Contains(s.Drain(), m => m.Type == MessageType.AppendEntries && m.EntryCount == 1); // entry 2, in flight

        // A heartbeat round makes node 3's probe due again and node 2's heartbeat; the radio holds two frames.
        s.Node.NoteRadioBacklog(2);
        HeartbeatRound(s);
        Assert.DoesNotContain(s.Drain(), m => m.Type == MessageType.AppendEntries);

        // One frame left: node 3, behind, gets its probe; node 2, in step, waits for the radio.
        s.Node.NoteRadioBacklog(1);
        var probe = Assert.Single(s.Drain(), m => m.Type == MessageType.AppendEntries);
        Assert.Equal(3, probe.To);
        Assert.Equal(0, probe.Index);

        s.Node.NoteRadioBacklog(0);
        var heartbeat = Assert.Single(s.Drain(), m => m.Type == MessageType.AppendEntries);
        Assert.Equal(2, heartbeat.To);
    }

    [Fact]
    public void An_idle_leader_sends_fresh_commands_at_once_whatever_its_radio_holds()
    {
        var s = IdleLeader();
        s.Node.NoteRadioBacklog(3);
        Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.Set, 0, 0, 0, 5));
        var append = Assert.Single(s.Drain(), m => m.Type == MessageType.AppendEntries);
        Assert.Equal(1, append.EntryCount);
        Assert.Equal(5, append.Values[0]);
    }

    [Fact]
    public void An_idle_leader_holds_a_heartbeat_round_behind_two_unsent_frames_not_behind_one()
    {
        var s = IdleLeader();
        s.Node.NoteRadioBacklog(2);
        HeartbeatRound(s);
        Assert.DoesNotContain(s.Drain(), m => m.Type == MessageType.AppendEntries);

        s.Node.NoteRadioBacklog(1);
        var heartbeat = Assert.Single(s.Drain(), m => m.Type == MessageType.AppendEntries);
        Assert.Equal(0, heartbeat.EntryCount);
        Assert.Equal(1, heartbeat.Commit);
    }

    [Fact]
    public void A_negative_backlog_is_taken_as_none()
    {
        var s = LeaderWithAppendInFlight();
        s.Node.NoteRadioBacklog(-1);
        HeartbeatRound(s);
        Assert.Single(s.Drain(), m => m.Type == MessageType.AppendEntries);
    }

    [Fact]
    public void A_follower_acknowledges_whatever_its_radio_still_holds()
    {
        var s = new Scripted(1, 3);
        s.Node.NoteRadioBacklog(3);
        s.Step(Scripted.FourSetsFromLeader2(0));
        var ack = Assert.Single(s.Drain(), m => m.Type == MessageType.AppendResponse);
        Assert.False(ack.Reject);
        Assert.Equal(4, ack.Index);
    }
}
