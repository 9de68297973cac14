using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Raft;

/// <summary>
/// What must reach flash before answers leave (Figure 2: currentTerm and votedFor are persistent, commitIndex is
/// volatile), the pre-vote and vote answers at their edges (§5.2, §9.6), the largest cluster, and compaction input.
/// </summary>
public class HardStateAndElectionEdgeTests
{
    [Fact]
    public void Figure2_a_vote_granted_in_the_current_term_is_saved_before_the_answer()
    {
        var s = new Scripted(1, 3);
        s.Restore(3);
        s.Step(Scripted.Msg(MessageType.VoteRequest, 2, 1, 3));
        var reply = Assert.Single(s.Drain());
        Assert.False(reply.Reject);
        Assert.Equal(3, s.Host.Storage.Term);
        Assert.Equal(2, s.Host.Storage.Vote); // the term did not change: the vote alone must trigger the write
    }

    [Fact]
    public void Figure2_a_heartbeat_that_only_advances_the_commit_index_costs_no_flash_write()
    {
        var s = new Scripted(1, 3);
        s.Restore(2, 2, 2);
        s.Step(Scripted.Msg(MessageType.AppendEntries, 2, 1, 2)); // learn the leader; nothing new
        s.Drain();
        var heartbeat = Scripted.Msg(MessageType.AppendEntries, 2, 1, 2, index: 2, logTerm: 2);
        heartbeat.Commit = 2;
        s.Step(heartbeat);
        s.Drain();
        Assert.Equal(2, s.Node.CommitIndex);
        Assert.Equal(0, s.Host.Storage.Commit); // volatile: relearnt from the leader after a restart
        Assert.Equal(2, s.Node.AppliedIndex);
    }

    [Fact]
    public void Figure2_the_commit_index_rides_along_when_entries_are_written_anyway()
    {
        var s = new Scripted(1, 3);
        s.Restore(2);
        var append = Scripted.Msg(MessageType.AppendEntries, 2, 1, 2);
        append.EntriesTerm = 2;
        append.EntryCount = 2;
        append.SetEntry(0, EntryKind.Set, 0, 0, 0, 1);
        append.SetEntry(1, EntryKind.Set, 1, 0, 0, 2);
        append.Commit = 1;
        s.Step(append);
        s.Drain();
        Assert.Equal(2, s.Host.Storage.Entries.Count);
        Assert.Equal(1, s.Host.Storage.Commit);
    }

    [Fact]
    public void S9_6_a_pre_vote_request_for_our_own_term_is_refused()
    {
        var s = new Scripted(1, 3);
        s.Restore(4);
        s.Step(Scripted.Msg(MessageType.PreVoteRequest, 2, 1, 4, index: 5, logTerm: 4));
        var reply = Assert.Single(s.Drain());
        Assert.True(reply.Reject);
        Assert.Equal(4, reply.Term);
    }

    [Fact]
    public void S9_6_a_pre_vote_refused_for_an_out_of_date_log_carries_our_term_not_the_candidates()
    {
        var s = new Scripted(1, 3);
        s.Restore(5, 5, 5);
        s.Step(Scripted.Msg(MessageType.PreVoteRequest, 2, 1, 6, index: 1, logTerm: 4));
        var reply = Assert.Single(s.Drain());
        Assert.True(reply.Reject);
        Assert.Equal(5, reply.Term); // a refusal at term 6 would push the candidate's term up for nothing
        Assert.Equal(5, s.Node.Term);
    }

    [Fact]
    public void S9_6_a_follower_ignores_pre_vote_grants_it_never_asked_for()
    {
        var s = new Scripted(1, 3);
        s.Restore(3);
        s.Step(Scripted.Msg(MessageType.PreVoteResponse, 2, 1, 4));
        s.Step(Scripted.Msg(MessageType.PreVoteResponse, 3, 1, 4));
        Assert.Equal(Role.Follower, s.Node.Role);
        Assert.Equal(3, s.Node.Term);
    }

    [Fact]
    public void S9_6_a_grant_for_another_pre_vote_round_is_not_counted()
    {
        var s = new Scripted(1, 3);
        s.Restore(3);
        s.Node.StartElection();
        s.Drain();
        Assert.Equal(Role.PreCandidate, s.Node.Role);
        s.Step(Scripted.Msg(MessageType.PreVoteResponse, 2, 1, 6)); // granted, but for term 6, not 4
        Assert.Equal(Role.PreCandidate, s.Node.Role);
        s.Step(Scripted.Msg(MessageType.PreVoteResponse, 2, 1, 3, reject: true)); // refused at the voter's own term
        s.Step(Scripted.Msg(MessageType.PreVoteResponse, 3, 1, 3, reject: true));
        Assert.Equal(Role.Follower, s.Node.Role); // lost: back to follower, term untouched
        Assert.Equal(3, s.Node.Term);
    }

    [Fact]
    public void S5_2_a_candidate_refused_by_a_majority_becomes_a_follower_of_its_term()
    {
        var s = new Scripted(1, 3);
        s.Restore(3);
        s.Node.StartElection();
        s.Drain();
        s.Step(Scripted.Msg(MessageType.PreVoteResponse, 2, 1, 4));
        Assert.Equal(Role.Candidate, s.Node.Role);
        s.Drain();
        s.Step(Scripted.Msg(MessageType.VoteResponse, 2, 1, 4, reject: true));
        Assert.Equal(Role.Candidate, s.Node.Role);
        s.Step(Scripted.Msg(MessageType.VoteResponse, 3, 1, 4, reject: true));
        Assert.Equal(Role.Follower, s.Node.Role);
        Assert.Equal(4, s.Node.Term);
        Assert.Equal(1, s.Node.Vote); // its own vote in term 4 stands
    }

    [Fact]
    public void A_cluster_of_the_largest_size_elects_replicates_and_reads()
    {
        var c = new TestCluster(Config.MaxClusterSize);
        c.Elect(1);
        Assert.Equal(ErrorCode.None, c.Set(1, 2, 99));
        c.Stabilize();
        c.TickAll();
        c.Stabilize();
        Assert.All(c.Ids, i => Assert.Equal(99, c.Hosts[i].Values()[2]));
        Assert.Equal(ErrorCode.None, c.Node(1).ReadIndex(4));
        c.Stabilize();
        Assert.Equal(RefusalReason.None, Assert.Single(c.Hosts[1].Reads).Status);
    }

    [Fact]
    public void An_invalid_configuration_is_refused_at_construction_with_its_reason()
    {
        var e = Assert.Throws<ArgumentException>(() => new RaftNode(new Config { NodeId = 9, Members = [1, 2, 3], ClusterKey = TestCluster.Key }));
        Assert.Contains("invalid Raft configuration", e.Message);
        Assert.Contains(ConfigErrors.Name(ConfigError.SelfNotMember), e.Message);
    }

    [Fact]
    public void A_restarted_node_reports_its_work_on_the_very_first_flush()
    {
        var s = new Scripted(1, 3);
        s.Host.Storage.Commit = 2;
        s.Restore(2, 1, 1, 2);
        s.Node.Flush();
        Assert.True(s.Node.HasReady); // before any Tick: committed entries wait to be re-applied
        Ready rd = s.Node.GetReady();
        Assert.Equal(1, rd.ApplyFrom);
        Assert.Equal(2, rd.ApplyTo);
        s.Node.Advance();
        Assert.Equal(2, s.Node.AppliedIndex);
    }

    [Fact]
    public void A_restarted_node_asked_for_its_work_without_HasReady_still_starts_first()
    {
        var s = new Scripted(1, 3);
        s.Host.Storage.Commit = 2;
        s.Restore(2, 1, 1, 2);
        Ready rd = s.Node.GetReady();
        Assert.Equal(2, rd.ApplyTo);
    }

    [Fact]
    public void S7_a_follower_that_holds_a_snapshot_sends_only_its_answer()
    {
        var s = new Scripted(1, 3);
        var db = new RaftEsp.Core.Database(5, 16);
        var buffer = new byte[64];
        int length = db.WriteSnapshot(buffer, 0);
        byte[] blob = SnapshotBlob.With([1, 2, 3], buffer.AsSpan(0, length).ToArray());
        s.Host.Storage.SaveSnapshot(4, 1, blob, 0, blob.Length);
        s.Restore(2);
        s.Step(Scripted.Msg(MessageType.AppendEntries, 2, 1, 2, index: 4, logTerm: 1));
        var sent = s.Drain();
        Assert.Equal(MessageType.AppendResponse, Assert.Single(sent).Type);
    }

    [Fact]
    public void S7_compaction_input_is_checked_and_a_bad_one_changes_nothing()
    {
        var s = new Scripted(1, 1);
        s.Host.AutoCompact = false;
        s.Node.StartElection();
        for (int i = 0; i < 3; i++)
        {
            s.Node.Propose(EntryKind.Set, 0, 0, 0, i);
            s.Drain();
        }

        Assert.Equal(4, s.Node.AppliedIndex);
        // A byte before the blob, the one-voter head [1 voter, 0 learners, node 1], one byte of state.
        byte[] data = [0xEE, 1, 0, 1, 4];
        Assert.Equal(ErrorCode.InvalidState, s.Node.Compact(5, data, 1, 4)); // not applied yet
        Assert.Equal(ErrorCode.BadSnapshot, s.Node.Compact(2, null!, 0, 1));
        Assert.Equal(ErrorCode.BadSnapshot, s.Node.Compact(2, data, 1, 0));
        Assert.Equal(ErrorCode.BadSnapshot, s.Node.Compact(2, data, -1, 2));
        Assert.Equal(ErrorCode.BadSnapshot, s.Node.Compact(2, data, 2, 4));
        int tooLong = s.Node.SnapshotData.Length + 1;
        Assert.Equal(ErrorCode.BadSnapshot, s.Node.Compact(2, SnapshotBlob.OfLength(tooLong, [1]), 0, tooLong));
        Assert.Equal(ErrorCode.BadSnapshot, s.Node.Compact(2, data, 0, 4)); // 0xEE voters: no configuration head
        Assert.Equal(ErrorCode.BadSnapshot, s.Node.Compact(2, SnapshotBlob.With([2], [4]), 0, 4)); // not the configuration at index 2
        Assert.Equal(0, s.Node.Log.SnapshotIndex);

        Assert.Equal(ErrorCode.None, s.Node.Compact(4, data, 1, 4)); // up to the last applied entry
        Assert.Equal(4, s.Node.Log.SnapshotIndex);
        Assert.Equal(4, s.Node.SnapshotLength);
        Assert.Equal(new byte[] { 1, 0, 1, 4 }, s.Node.SnapshotData.Take(4));
        Assert.Equal(ErrorCode.None, s.Node.Compact(4, [9], 0, 1)); // already covered: nothing to do
        Assert.Equal(4, s.Node.SnapshotLength);
    }
}
