using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Raft;

/// <summary>
/// The Ready/Advance handshake at its edges: an entry that only needs writing to flash is work for the host on its
/// own, and no new Ready is offered while one is outstanding.
/// </summary>
public class ReadyHandshakeEdgeTests
{
    [Fact]
    public void A_leader_of_one_reports_a_new_entry_as_work_since_it_must_be_made_durable_before_it_commits()
    {
        var s = new Scripted(1, 1);
        s.Node.StartElection();
        s.Drain();
        Assert.Equal(Role.Leader, s.Node.Role);
        Assert.False(s.Node.HasReady);

        // No frame to send, no new term: the entry to persist is the only work, and without it nothing commits.
        Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.Set, 0, 0, 0, 42));
        Assert.True(s.Node.HasReady);
        s.Drain();
        Assert.Equal(2, s.Node.CommitIndex);
        Assert.Contains(s.Host.AppliedLog, a => a.Index == 2 && a.Value == 42);
    }

    [Fact]
    public void No_Ready_is_offered_while_one_is_outstanding()
    {
        var s = new Scripted(1, 3);
        s.Node.StartElection();
        Assert.True(s.Node.HasReady);
        s.Node.GetReady();
        Assert.False(s.Node.HasReady);
        s.Node.Advance();
        Assert.False(s.Node.HasReady);
    }
    [Fact]
    public void A_leader_whose_followers_all_have_a_probe_out_reports_a_new_entry_to_persist()
    {
        var s = new Scripted(1, 3);
        s.BecomeLeader(2); // the no-op probes both followers; neither has answered
        Assert.False(s.Node.HasReady);
        Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.Set, 0, 0, 0, 42));
        // Nothing may be sent and the commit index is unchanged: writing the entry is the only work, and it must
        // not wait for the next heartbeat (the leader's own copy counts towards the majority only once durable).
        Assert.True(s.Node.HasReady);
        Ready rd = s.Node.GetReady();
        Assert.Equal(0, rd.Frames.Count);
        Assert.Equal(2, rd.PersistFrom);
        Assert.Equal(2, rd.PersistTo);
        s.Node.Advance();
    }
}
