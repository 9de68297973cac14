namespace RaftEsp.Core
{
    /// <summary>Leader election (§5.2), PreVote (§9.6) and the election timer.</summary>
    public sealed partial class RaftNode
    {
        /// <summary>
        /// Re-send rounds a campaign makes at most before it waits for its election timer: enough for a request or an
        /// answer lost twice in a row, and for a voter whose lease outlasted the candidate's by a heartbeat or two,
        /// while a board that nobody answers (cut off, or removed) costs a bounded number of frames per timeout.
        /// </summary>
        internal const int VoteResendLimit = 3;

        private int voteResendElapsed;
        private int voteResends;
        private bool campaignTransfer;

        private void TickElection()
        {
            electionElapsed++;
            if (electionElapsed < randomizedElectionTimeout)
            {
                TickVoteResend();
                return;
            }

            electionElapsed = 0;
            if (Promotable)
            {
                Campaign(config.PreVote, false);
                return;
            }

            // A learner, a board waiting to join or a removed one never campaigns (§4.2.1, §4.2.3); it only stops
            // naming a leader it no longer hears from.
            if (role != Role.Follower) BecomeFollower(term, NodeId.None);
            leader = NodeId.None;
        }

        /// <summary>Starts an election now, as if the timer fired (tests and scenario scripts).</summary>
        internal void StartElection()
        {
            Boot();
            if (role == Role.Leader || !Promotable) return;
            electionElapsed = 0;
            Campaign(config.PreVote, false);
        }

        /// <summary>Campaigns with a pre-vote round first or at once; a <paramref name="transfer"/> campaign (on
        /// TimeoutNow, never with a pre-vote) flags its vote requests so that voters set their lease aside.</summary>
        private void Campaign(bool preVote, bool transfer)
        {
            MessageType request;
            int campaignTerm;
            if (preVote)
            {
                BecomePreCandidate();
                request = MessageType.PreVoteRequest;
                campaignTerm = term + 1;
            }
            else
            {
                BecomeCandidate();
                request = MessageType.VoteRequest;
                campaignTerm = term;
            }

            voteResendElapsed = 0;
            voteResends = 0;
            campaignTransfer = transfer;
            tracker.ResetVotes();
            tracker.RecordVote(id, true);
            if (tracker.TallyVotes() == VoteResult.Won)
            {
                // A cluster of one: no one to ask.
                if (preVote) Campaign(false, false);
                else BecomeLeader();
                return;
            }

            NodeSet voters = tracker.Voters;
            if (UsesBroadcastVoteRequests(voters))
            {
                SendVoteRequest(request, campaignTerm, NodeId.Broadcast, transfer);
                return;
            }

            for (int i = 0; i < voters.Count; i++)
            {
                int peer = voters.IdAt(i);
                if (peer != id) SendVoteRequest(request, campaignTerm, peer, transfer);
            }
        }

        /// <summary>
        /// §5.2 has a candidate that gets no majority wait for its next election timeout; on a lossy radio that is
        /// mostly a lost copy of its broadcast request (the radio retries only unicast frames), a lost answer, or a
        /// request a voter dropped because it had not yet synced with this sender (docs/wire-format.md, "Security"),
        /// and the wait is the bulk of a slow failover. So every heartbeat interval a broadcast campaign still
        /// undecided sends its request again, at most <see cref="VoteResendLimit"/> times, while some voter could still
        /// change the outcome: one that has not answered a vote, or not granted a pre-vote (a voter in its leader lease
        /// refuses a pre-vote only until that lease runs out, §9.6). Again one broadcast frame: the voter that is down
        /// (the old leader, in a failover) never answers, and unicast to it would hold the radio's queue through every
        /// retry. A voter that answered already answers again, which changes nothing. Unicast campaigns (the naive
        /// setting, a transfer) ask once: the radio acknowledges and retries each of those requests already, and
        /// re-sending them to a voter that is down measured far worse (docs/performance.md). A campaign that is won
        /// or lost is no longer a (pre-)candidate's and sends nothing more. Re-asking is safe: a voter grants at most
        /// one vote per term (the same candidate again), and a pre-vote binds nobody.
        /// </summary>
        private void TickVoteResend()
        {
            if (role != Role.PreCandidate && role != Role.Candidate) return;
            if (voteResends >= VoteResendLimit) return;
            NodeSet voters = tracker.Voters;
            if (!UsesBroadcastVoteRequests(voters)) return;
            // A radio that has not sent two frames it holds is not losing requests but jammed: asking again would only
            // queue more answers behind the ones still waiting, and after a leader's crash at 9 boards every board's
            // queue stayed full of answers to campaigns already over, for good (docs/design.md, "Asking again").
            if (radioBacklog >= 2) return;
            voteResendElapsed++;
            if (voteResendElapsed < config.HeartbeatTicks) return;
            voteResendElapsed = 0;
            voteResends++;
            bool preVote = role == Role.PreCandidate;
            bool changeable = false;
            for (int i = 0; i < voters.Count && !changeable; i++)
            {
                changeable = !Settled(voters.IdAt(i), preVote);
            }

            // Every voter answered (say a split vote: each refused one candidate for the other): asking again changes
            // no answer, and the campaign waits for its timer.
            if (!changeable) return;
            MessageType request = preVote ? MessageType.PreVoteRequest : MessageType.VoteRequest;
            int campaignTerm = preVote ? term + 1 : term;
            SendVoteRequest(request, campaignTerm, NodeId.Broadcast, false);
            stats.VoteRequestsResent++;
        }

        /// <summary>A voter asking again cannot change: this node itself, one that answered a vote (votes are final),
        /// or one that granted a pre-vote (a pre-vote refusal may turn into a grant once the voter's lease is over).</summary>
        private bool Settled(int voter, bool preVote) =>
            voter == id || (preVote ? tracker.HasGranted(voter) : tracker.HasAnswered(voter));

        /// <summary>
        /// Vote requests go out as one broadcast frame when the cluster has more than two voters, except a transfer
        /// campaign's: it starts while the old leader's traffic is still on the air, and an unacknowledged broadcast
        /// lost in a collision there costs a whole election, so its requests go unicast, with the radio's
        /// acknowledgements and retries (docs/design.md, "Leadership transfer").
        /// </summary>
        private bool UsesBroadcastVoteRequests(NodeSet voters) => config.Broadcast && voters.Count > 2 && !campaignTransfer;

        /// <summary>
        /// A candidate's timer before it starts over: a random value in [ElectionTicks/2, ElectionTicks) instead of a
        /// follower's [ElectionTicks, 2*ElectionTicks). A candidate exists only after a won pre-vote (or on its leader's
        /// TimeoutNow), so a majority was reachable and willing a moment ago; a campaign still undecided by then has
        /// almost always split the votes with another candidate of the same term, and the voters of that term, who
        /// know no leader, are in no lease. Starting over sooner (with a pre-vote again) shortens the tail of a
        /// failover without letting a cut-off node churn: one that cannot win a pre-vote never becomes a candidate.
        /// The range stays randomized, so two split candidates spread apart again (§5.2).
        /// </summary>
        private void ResetCandidateTimeout()
        {
            int half = config.ElectionTicks / 2;
            randomizedElectionTimeout = half + random.Next(half);
        }

        private void SendVoteRequest(MessageType type, int campaignTerm, int to, bool transfer)
        {
            PrepareOutbound(type, to);
            outbound.Term = campaignTerm;
            outbound.Transfer = transfer;
            outbound.Index = log.LastIndex;
            outbound.LogTerm = log.LastTerm;
            outbox.Add(codec, outbound);
        }

        private void HandlePreVoteRequest(Message m)
        {
            // Grant only what a real election would grant: a later term and a log at least as up to date (§5.4.1).
            // Any node answers, voter or not (see HandleVoteRequest).
            bool grant = m.Term > term && log.IsUpToDate(m.Index, m.LogTerm);
            Respond(m, MessageType.PreVoteResponse, !grant, grant ? m.Term : term);
        }

        private void HandleVoteRequest(Message m)
        {
            // §5.2: one vote per term, first come first served; §5.4.1: only for an up-to-date log.
            bool free = vote == m.From || (vote == NodeId.None && leader == NodeId.None);
            // Any node answers, learner or not: a learner may have been promoted by an entry it has not received yet,
            // and refusing would leave a cluster whose voters know it as a voter unable to elect anyone (as etcd).
            // Safety is the candidate's: it counts only the voters of its own configuration (ProgressTracker.TallyVotes),
            // so a learner's vote never counts for a candidate that knows it as a learner (§4.2.1).
            bool grant = m.Term == term && free && log.IsUpToDate(m.Index, m.LogTerm);
            if (grant)
            {
                vote = m.From;
                electionElapsed = 0;
            }

            Respond(m, MessageType.VoteResponse, !grant, term);
        }

        private void HandlePreVoteResponse(Message m)
        {
            if (role != Role.PreCandidate) return;
            if (!m.Reject && m.Term != term + 1) return;
            tracker.RecordPreVote(m.From, !m.Reject);
            VoteResult result = tracker.TallyVotes();
            if (result == VoteResult.Won) Campaign(false, false);
            else if (result == VoteResult.Lost) BecomeFollower(term, NodeId.None);
        }

        private void HandleVoteResponse(Message m)
        {
            if (role != Role.Candidate) return;
            tracker.RecordVote(m.From, !m.Reject);
            VoteResult result = tracker.TallyVotes();
            if (result == VoteResult.Won) BecomeLeader();
            else if (result == VoteResult.Lost) BecomeFollower(term, NodeId.None);
        }
    }
}
