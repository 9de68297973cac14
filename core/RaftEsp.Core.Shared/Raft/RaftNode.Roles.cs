namespace RaftEsp.Core
{
    /// <summary>Role changes. Each goes through <see cref="SetRole"/>, which enforces <see cref="Roles.CanTransition"/>.</summary>
    public sealed partial class RaftNode
    {
        private void SetRole(Role next)
        {
            // Unreachable from input: every caller below checks the role first. A failure here is a bug in the core.
            if (!Roles.CanTransition(role, next))
                throw new System.InvalidOperationException("illegal role transition " + Roles.Name(role) + " -> " + Roles.Name(next));
            role = next;
        }

        /// <summary>Follows <paramref name="newLeader"/> (or nobody) in <paramref name="newTerm"/> (§5.1: a higher term always wins).</summary>
        private void BecomeFollower(int newTerm, int newLeader)
        {
            bool wasLeader = role == Role.Leader;
            SetRole(Role.Follower);
            if (newTerm != term)
            {
                term = newTerm;
                vote = NodeId.None;
            }

            leader = newLeader;
            electionElapsed = 0;
            heartbeatElapsed = 0;
            needNoop = false;
            ResetTransfer(false);
            ResetElectionTimeout();
            if (wasLeader) FailPendingReads(RefusalReason.NotLeader);
        }

        private void BecomePreCandidate()
        {
            // PreVote does not touch term or vote: a pre-candidate that loses leaves no trace (§9.6).
            SetRole(Role.PreCandidate);
            leader = NodeId.None;
            electionElapsed = 0;
            ResetElectionTimeout();
            stats.PreVotesStarted++;
        }

        private void BecomeCandidate()
        {
            SetRole(Role.Candidate);
            term++;
            vote = id;
            leader = NodeId.None;
            electionElapsed = 0;
            ResetCandidateTimeout();
            stats.ElectionsStarted++;
        }

        private void BecomeLeader()
        {
            SetRole(Role.Leader);
            leader = id;
            electionElapsed = 0;
            heartbeatElapsed = 0;
            round = 0;
            ringFullTicks = 0;
            sentThrough = 0;
            ResetOwnWrite();
            ResetTransfer(true);
            tracker.ResetForLeader(log.LastIndex);
            Progress self = SelfProgress();
            self.Match = log.StableIndex;
            self.State = ProgressState.Replicate;
            stats.Leaderships++;

            // §5.4.2 and §8: a leader commits entries of earlier terms only through an entry of its own term, and
            // serves reads only once one is committed, so it appends an empty entry at once.
            needNoop = true;
            TryAppendNoop();
        }

        private void TryAppendNoop()
        {
            if (!needNoop) return;
            if (log.Append(term, EntryKind.Noop, 0, 0, 0, 0)) needNoop = false;
        }
    }
}
