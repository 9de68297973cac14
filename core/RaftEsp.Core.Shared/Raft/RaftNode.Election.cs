namespace RaftEsp.Core
{
    /// <summary>Leader election (§5.2), PreVote (§9.6) and the election timer.</summary>
    public sealed partial class RaftNode
    {
        private void TickElection()
        {
            electionElapsed++;
            if (electionElapsed < randomizedElectionTimeout) return;
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

            tracker.ResetVotes();
            tracker.RecordVote(id, true);
            if (tracker.TallyVotes() == VoteResult.Won)
            {
                // A cluster of one: no one to ask.
                if (preVote) Campaign(false, false);
                else BecomeLeader();
                return;
            }

            // A transfer campaign starts while the old leader's traffic is still on the air, and an unacknowledged
            // broadcast lost in a collision there costs a whole election: its requests go unicast, with the radio's
            // acknowledgements and retries (docs/design.md, "Leadership transfer").
            NodeSet voters = tracker.Voters;
            if (config.Broadcast && voters.Count > 2 && !transfer)
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
            tracker.RecordVote(m.From, !m.Reject);
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
