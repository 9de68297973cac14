using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Raft;

/// <summary>
/// Commands forwarded to the leader in one frame (docs/design.md, "Forwarding"): what the receiver refuses goes back
/// in a single ProposeReject per reason, listing exactly the refused commands in order; and commands queued on a
/// follower that wins an election meanwhile are refused locally with the leader's own reason.
/// </summary>
public class ForwardingRefusalTests
{
    private static Message Forwarded(int from, int to, int term, int count, int firstSeq)
    {
        var m = Scripted.Msg(MessageType.Propose, from, to, term);
        m.EntryCount = count;
        for (int k = 0; k < count; k++) m.SetEntry(k, EntryKind.Set, 1, 4, firstSeq + k, 100 + k);
        return m;
    }

    [Fact]
    public void A_frame_the_leader_takes_in_part_is_answered_with_one_reject_listing_only_the_refused_commands()
    {
        var s = new Scripted(1, 3, c => c.MaxUncommittedEntries = 3);
        s.BecomeLeader(2); // the no-op at index 1, not committed: room for 2 more uncommitted entries
        s.Step(Forwarded(2, 1, s.Node.Term, count: 5, firstSeq: 10));
        var rejects = s.Drain().Where(m => m.Type == MessageType.ProposeReject).ToList();
        var reject = Assert.Single(rejects);
        Assert.Equal(2, reject.To);
        Assert.Equal(RefusalReason.ProposalQueueFull, reject.Reason);
        Assert.Equal(1, reject.LeaderHint);
        Assert.Equal(3, reject.EntryCount);
        Assert.Equal([12, 13, 14], reject.Seqs.Take(3).Select(x => (int)x));
        Assert.All(reject.Clients.Take(3), client => Assert.Equal(4, (int)client));
        Assert.Equal(3, s.Node.Log.LastIndex); // the no-op and the first two commands
        Assert.Equal(100, s.Node.Log.ValueAt(2));
        Assert.Equal(101, s.Node.Log.ValueAt(3));
    }

    [Fact]
    public void A_full_frame_of_commands_reaching_a_follower_comes_back_whole_in_one_reject()
    {
        var s = new Scripted(1, 3);
        s.Restore(3);
        s.Step(Scripted.Msg(MessageType.AppendEntries, 2, 1, 3));
        s.Drain();
        s.Step(Forwarded(3, 1, 3, count: FrameLimits.MaxEntriesPerAppend, firstSeq: 1));
        var reject = Assert.Single(s.Drain());
        Assert.Equal(MessageType.ProposeReject, reject.Type);
        Assert.Equal(RefusalReason.NotLeader, reject.Reason);
        Assert.Equal(2, reject.LeaderHint);
        Assert.Equal(FrameLimits.MaxEntriesPerAppend, reject.EntryCount);
        for (int k = 0; k < FrameLimits.MaxEntriesPerAppend; k++) Assert.Equal(1 + k, (int)reject.Seqs[k]);
        Assert.Equal(0, s.Node.Log.LastIndex);
    }

    [Fact]
    public void Commands_queued_on_a_follower_that_becomes_leader_are_refused_with_the_leaders_reason_when_it_has_no_room()
    {
        var s = new Scripted(1, 3, c => c.MaxUncommittedEntries = 2);
        s.Restore(3);
        s.Step(Scripted.Msg(MessageType.AppendEntries, 2, 1, 3));
        s.Drain();
        for (int seq = 1; seq <= 3; seq++) Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.Set, 1, 4, seq, seq * 10));
        // Win an election before the queued commands leave (no Ready in between).
        s.Node.StartElection();
        s.Step(Scripted.Msg(MessageType.PreVoteResponse, 2, 1, 4));
        s.Step(Scripted.Msg(MessageType.VoteResponse, 2, 1, 4));
        Assert.Equal(Role.Leader, s.Node.Role);
        var sent = s.Drain();
        Assert.DoesNotContain(sent, m => m.Type == MessageType.Propose || m.Type == MessageType.ProposeReject);
        // The no-op and the first command fill the 2 uncommitted places; the other two are refused, not lost silently.
        Assert.Equal(2, s.Node.Log.LastIndex);
        Assert.Equal(10, s.Node.Log.ValueAt(2));
        Assert.Equal([(4, 2, RefusalReason.ProposalQueueFull), (4, 3, RefusalReason.ProposalQueueFull)], s.Host.Rejections);
    }
}
