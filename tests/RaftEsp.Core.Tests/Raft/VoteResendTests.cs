using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Raft;

/// <summary>
/// §5.2 and §9.6 on a lossy radio: a broadcast campaign still undecided a heartbeat interval after its request sends
/// it again, one broadcast frame, at most <see cref="RaftNode.VoteResendLimit"/> times, while some voter could still
/// change the outcome (one that has not answered a vote; one that has not granted a pre-vote), and never once the
/// election is won or lost. Unicast campaigns, which the radio already acknowledges and retries, ask once. Node 1 of
/// five, heartbeats every 3 ticks and an election timeout of 40 (a candidate's timer at least 20 ticks), so every
/// re-send falls before any timer fires.
/// </summary>
public class VoteResendTests
{
    private const int HeartbeatTicks = 3;

    private static Scripted Node1(bool preVote, bool broadcast = true, int size = 5) =>
        new(1, size, c =>
        {
            c.ElectionTicks = 40;
            c.HeartbeatTicks = HeartbeatTicks;
            c.PreVote = preVote;
            c.Broadcast = broadcast;
        });

    private static List<Message> TickAndDrain(Scripted s, int ticks)
    {
        var sent = new List<Message>();
        for (int t = 0; t < ticks; t++)
        {
            s.Node.Tick();
            sent.AddRange(s.Drain());
        }

        return sent;
    }

    private static int[] Receivers(IEnumerable<Message> sent, MessageType type) =>
        sent.Where(m => m.Type == type).Select(m => m.To).OrderBy(to => to).ToArray();

    [Fact]
    public void S5_2_an_undecided_vote_is_asked_again_after_a_heartbeat_interval_in_one_broadcast_frame()
    {
        var s = Node1(preVote: false);
        s.Node.StartElection();
        Assert.Equal(new[] { NodeId.Broadcast }, Receivers(s.Drain(), MessageType.VoteRequest));
        int term = s.Node.Term;

        // Node 2 grants and node 3 refuses: two of five, not a majority either way. Nodes 4 and 5 are silent.
        s.Step(Scripted.Msg(MessageType.VoteResponse, 2, 1, term));
        s.Step(Scripted.Msg(MessageType.VoteResponse, 3, 1, term, reject: true));
        Assert.Equal(Role.Candidate, s.Node.Role);

        Assert.Empty(Receivers(TickAndDrain(s, HeartbeatTicks - 1), MessageType.VoteRequest));
        List<Message> again = TickAndDrain(s, 1);

        // One frame for all (a silent voter may be down: unicast to it would hold the radio through every retry), in
        // the same term: asking again never raises the term.
        Message resent = Assert.Single(again, m => m.Type == MessageType.VoteRequest);
        Assert.Equal(NodeId.Broadcast, resent.To);
        Assert.Equal(term, resent.Term);
        Assert.Equal(term, s.Node.Term);
        Assert.Equal(1, s.Node.Stats.VoteRequestsResent);
    }

    [Fact]
    public void S5_2_a_campaign_whose_radio_holds_two_unsent_frames_asks_again_only_once_it_drains()
    {
        var s = Node1(preVote: false);
        s.Node.StartElection();
        Assert.Equal(new[] { NodeId.Broadcast }, Receivers(s.Drain(), MessageType.VoteRequest));

        // The radio still holds the request and an answer: a jammed channel, not a lost copy. Nothing is asked again.
        s.Node.NoteRadioBacklog(2);
        Assert.Empty(Receivers(TickAndDrain(s, 3 * HeartbeatTicks), MessageType.VoteRequest));
        Assert.Equal(0, s.Node.Stats.VoteRequestsResent);

        // One frame left is a radio at work: the campaign asks again a heartbeat interval later, as on a free radio.
        s.Node.NoteRadioBacklog(1);
        Assert.Empty(Receivers(TickAndDrain(s, HeartbeatTicks - 1), MessageType.VoteRequest));
        Assert.Equal(new[] { NodeId.Broadcast }, Receivers(TickAndDrain(s, 1), MessageType.VoteRequest));
        Assert.Equal(1, s.Node.Stats.VoteRequestsResent);
    }

    [Fact]
    public void S5_2_an_undecided_campaign_asks_again_at_most_three_times()
    {
        var s = Node1(preVote: false);
        s.Node.StartElection();
        s.Drain();

        // Nobody answers (the node is cut off): three re-sends, then nothing until the timer fires.
        List<Message> sent = TickAndDrain(s, 19);
        Assert.Equal(Role.Candidate, s.Node.Role);
        Assert.Equal(3, RaftNode.VoteResendLimit);
        Assert.Equal(RaftNode.VoteResendLimit, sent.Count(m => m.Type == MessageType.VoteRequest));
    }

    [Fact]
    public void S5_2_a_won_election_asks_nothing_more()
    {
        var s = Node1(preVote: false);
        s.Node.StartElection();
        s.Drain();
        s.Step(Scripted.Msg(MessageType.VoteResponse, 2, 1, s.Node.Term));
        s.Step(Scripted.Msg(MessageType.VoteResponse, 3, 1, s.Node.Term));
        Assert.Equal(Role.Leader, s.Node.Role);
        s.Drain();

        List<Message> sent = TickAndDrain(s, 4 * HeartbeatTicks);
        Assert.Empty(Receivers(sent, MessageType.VoteRequest));
        Assert.Empty(Receivers(sent, MessageType.PreVoteRequest));
        Assert.Equal(0, s.Node.Stats.VoteRequestsResent);
    }

    [Fact]
    public void S5_2_a_lost_election_asks_nothing_more()
    {
        var s = Node1(preVote: false);
        s.Node.StartElection();
        s.Drain();
        int term = s.Node.Term;
        for (int voter = 2; voter <= 4; voter++) s.Step(Scripted.Msg(MessageType.VoteResponse, voter, 1, term, reject: true));
        Assert.Equal(Role.Follower, s.Node.Role);
        s.Drain();

        Assert.Empty(Receivers(TickAndDrain(s, 4 * HeartbeatTicks), MessageType.VoteRequest));
    }

    [Fact]
    public void S5_2_a_split_vote_with_every_voter_answered_asks_nothing_more()
    {
        // Four voters, so that all can answer without a majority either way (two grants, two refusals).
        var s = Node1(preVote: false, size: 4);
        s.Node.StartElection();
        s.Drain();
        int term = s.Node.Term;
        s.Step(Scripted.Msg(MessageType.VoteResponse, 2, 1, term));
        s.Step(Scripted.Msg(MessageType.VoteResponse, 3, 1, term, reject: true));

        // Node 4 is still out, so the first re-send goes.
        Assert.Single(TickAndDrain(s, HeartbeatTicks), m => m.Type == MessageType.VoteRequest);

        // Node 4 refuses too (it voted for the other candidate): no answer left that could change.
        s.Step(Scripted.Msg(MessageType.VoteResponse, 4, 1, term, reject: true));
        Assert.Equal(Role.Candidate, s.Node.Role);
        Assert.Empty(Receivers(TickAndDrain(s, 2 * HeartbeatTicks), MessageType.VoteRequest));
    }

    [Fact]
    public void S9_6_a_pre_vote_refused_during_a_lease_is_asked_again_and_wins_once_the_lease_is_over()
    {
        var s = Node1(preVote: true);
        s.Node.StartElection();
        Assert.Equal(new[] { NodeId.Broadcast }, Receivers(s.Drain(), MessageType.PreVoteRequest));
        int campaignTerm = s.Node.Term + 1;

        // Nodes 2 and 3 still heard the old leader within an election timeout: they refuse, at their term. Two
        // refusals of five is no loss; the leader (say node 5) is down and nobody else answers.
        s.Step(Scripted.Msg(MessageType.PreVoteResponse, 2, 1, s.Node.Term, reject: true));
        s.Step(Scripted.Msg(MessageType.PreVoteResponse, 3, 1, s.Node.Term, reject: true));
        Assert.Equal(Role.PreCandidate, s.Node.Role);

        // A heartbeat interval later the pre-vote goes out again: in a pre-vote a refusal is not settled.
        Message resent = Assert.Single(TickAndDrain(s, HeartbeatTicks), m => m.Type == MessageType.PreVoteRequest);
        Assert.Equal(NodeId.Broadcast, resent.To);
        Assert.Equal(campaignTerm, resent.Term);

        // Their leases are over now and they grant: the grants replace the refusals, and node 1 wins the pre-vote
        // (which bound nobody, so nothing is taken back from anyone) and starts the real election.
        s.Step(Scripted.Msg(MessageType.PreVoteResponse, 2, 1, campaignTerm));
        s.Step(Scripted.Msg(MessageType.PreVoteResponse, 3, 1, campaignTerm));
        Assert.Equal(Role.Candidate, s.Node.Role);
        Assert.Equal(campaignTerm, s.Node.Term);
    }

    [Fact]
    public void S5_2_a_refused_vote_stays_refused_when_the_same_voter_later_says_granted()
    {
        // Unlike a pre-vote, a vote is final in its term: a late or forged "granted" after a refusal must not count.
        var s = Node1(preVote: false);
        s.Node.StartElection();
        s.Drain();
        int term = s.Node.Term;
        s.Step(Scripted.Msg(MessageType.VoteResponse, 2, 1, term));
        s.Step(Scripted.Msg(MessageType.VoteResponse, 3, 1, term, reject: true));
        s.Step(Scripted.Msg(MessageType.VoteResponse, 3, 1, term));
        Assert.Equal(Role.Candidate, s.Node.Role);
    }

    [Fact]
    public void S5_2_a_unicast_campaign_asks_once_as_the_radio_retries_its_requests()
    {
        // The naive setting: one request per voter, each acknowledged and retried by the radio.
        var s = Node1(preVote: false, broadcast: false);
        s.Node.StartElection();
        Assert.Equal(new[] { 2, 3, 4, 5 }, Receivers(s.Drain(), MessageType.VoteRequest));
        s.Step(Scripted.Msg(MessageType.VoteResponse, 2, 1, s.Node.Term));

        Assert.Empty(Receivers(TickAndDrain(s, 4 * HeartbeatTicks), MessageType.VoteRequest));
        Assert.Equal(Role.Candidate, s.Node.Role);
    }

    [Fact]
    public void S3_10_a_transfer_campaign_asks_once_as_the_radio_retries_its_requests()
    {
        var s = Node1(preVote: true);

        // Node 2 leads term 1; node 1 follows it and gets its TimeoutNow: unicast requests with the transfer flag.
        s.Step(Scripted.Msg(MessageType.AppendEntries, 2, 1, 1));
        s.Drain();
        s.Step(Scripted.Msg(MessageType.TimeoutNow, 2, 1, 1));
        List<Message> first = s.Drain();
        Assert.Equal(new[] { 2, 3, 4, 5 }, Receivers(first, MessageType.VoteRequest));
        Assert.All(first.Where(m => m.Type == MessageType.VoteRequest), m => Assert.True(m.Transfer));

        // Node 3 grants; the others' answers are lost. Nothing more goes out until the campaign's timer.
        s.Step(Scripted.Msg(MessageType.VoteResponse, 3, 1, s.Node.Term));
        Assert.Empty(Receivers(TickAndDrain(s, 4 * HeartbeatTicks), MessageType.VoteRequest));
    }
}
