namespace RaftEsp.Core
{
    /// <summary>
    /// Leadership transfer (§3.10 of Ongaro's dissertation) and the preferred leader. The leader stops taking
    /// proposals, brings the target up to date, then sends it TimeoutNow; the target campaigns at once, without a
    /// pre-vote and with a flag that lets the voters set their lease aside. A transfer that has not ended the
    /// leadership within an election timeout is abandoned and proposals flow again (docs/design.md).
    /// </summary>
    public sealed partial class RaftNode
    {
        /// <summary>Heartbeat rounds the preferred leader must be in touch and caught up before a leader hands over.</summary>
        public const int PreferredReadyRounds = 3;

        /// <summary>Election timeouts a leader waits after an abandoned transfer before it tries the preferred leader again.</summary>
        public const int TransferBackoffTimeouts = 4;

        private int transferTarget = NodeId.None;
        private int transferElapsed;
        private int preferredHoldoff;
        private int preferredRounds;

        /// <summary>The node this leader is handing over to, or <see cref="NodeId.None"/>.</summary>
        public int TransferTarget => transferTarget;

        /// <summary>
        /// Hands the leadership to voter <paramref name="target"/> (§3.10). Proposals are refused with
        /// <see cref="ErrorCode.TransferInProgress"/> until the target leads or an election timeout passes. Answers
        /// <see cref="ErrorCode.NotLeader"/> on a follower, <see cref="ErrorCode.TransferTargetIsSelf"/>,
        /// <see cref="ErrorCode.TransferTargetNotVoter"/> for a node that is not a voter (a learner, an unknown id),
        /// and <see cref="ErrorCode.TransferInProgress"/> while another transfer runs.
        /// </summary>
        public ErrorCode TransferLeadership(int target)
        {
            if (readyOutstanding) return ErrorCode.InvalidState;
            Boot();
            if (role != Role.Leader) return ErrorCode.NotLeader;
            if (target == id) return ErrorCode.TransferTargetIsSelf;
            if (!NodeId.IsValid(target) || !tracker.IsVoter(target)) return ErrorCode.TransferTargetNotVoter;
            if (transferTarget != NodeId.None) return ErrorCode.TransferInProgress;
            StartTransfer(target);
            return ErrorCode.None;
        }

        /// <summary>
        /// Asks for a transfer to <paramref name="target"/> from any node: the leader starts it
        /// (<see cref="TransferLeadership"/>, same answers), a follower that knows the leader sends it a TransferRequest
        /// and answers <see cref="ErrorCode.None"/>; the host sees the outcome as a change of <see cref="Leader"/>.
        /// </summary>
        public ErrorCode RequestTransfer(int target)
        {
            if (readyOutstanding) return ErrorCode.InvalidState;
            Boot();
            if (role == Role.Leader) return TransferLeadership(target);
            if (target == id && !Promotable) return ErrorCode.TransferTargetNotVoter;
            if (!NodeId.IsValid(target) || !configuration.Voters.Contains(target)) return ErrorCode.TransferTargetNotVoter;
            if (leader == NodeId.None) return ErrorCode.NoLeader;
            if (target == leader) return ErrorCode.None; // it leads already
            PrepareOutbound(MessageType.TransferRequest, leader);
            outbound.Index = target;
            outbox.Add(codec, outbound);
            return ErrorCode.None;
        }

        /// <summary>The leader's side of a forwarded transfer request: as if asked locally; refusals are silent.</summary>
        private void HandleTransferRequest(Message m)
        {
            if (role != Role.Leader || m.Index == id) return;
            TransferLeadership(m.Index);
        }

        private void StartTransfer(int target)
        {
            transferTarget = target;
            transferElapsed = 0;
            preferredRounds = 0;
            stats.TransfersStarted++;
            // An up-to-date target campaigns at once; any other is sent what it lacks by the next flush, and gets
            // TimeoutNow from HandleAppendResponse when its acknowledgement reaches the last index.
            MaybeSendTimeoutNow(tracker.ProgressOf(target));
        }

        /// <summary>Sends TimeoutNow when <paramref name="pr"/> is the transfer target and holds the whole log.</summary>
        private void MaybeSendTimeoutNow(Progress pr)
        {
            if (pr.NodeId != transferTarget || pr.Match != log.LastIndex) return;
            PrepareOutbound(MessageType.TimeoutNow, transferTarget);
            outbox.Add(codec, outbound);
        }

        /// <summary>A leader's tick: abandons a transfer that took an election timeout, and counts down the holdoff.</summary>
        private void TickTransfer()
        {
            if (preferredHoldoff > 0) preferredHoldoff--;
            if (transferTarget == NodeId.None) return;
            transferElapsed++;
            if (transferElapsed < config.ElectionTicks) return;
            transferTarget = NodeId.None;
            stats.TransfersAbandoned++;
            preferredHoldoff = TransferBackoffTimeouts * config.ElectionTicks;
        }

        /// <summary>
        /// Once per heartbeat round: hand over to the preferred leader after it has been a voter, in touch (it answered
        /// one of the last three rounds) and within one frame of the commit index for
        /// <see cref="PreferredReadyRounds"/> rounds in a row. Anything less resets the count, so a down or lagging
        /// preferred leader is never chosen.
        /// </summary>
        private void ConsiderPreferredLeader()
        {
            int preferred = config.PreferredLeader;
            if (!config.TransferToPreferred || preferred == NodeId.None || preferred == id || transferTarget != NodeId.None) return;
            bool ready = preferredHoldoff == 0 && tracker.IsVoter(preferred);
            if (ready)
            {
                Progress pr = tracker.ProgressOf(preferred);
                // Caught up enough: replicating in step, within one frame of the commit index, and in touch (it
                // answered the round that ends or one of the two before). Under saturation the leader's last
                // index is always ahead of every acknowledgement, and a loaded server node's answers wait behind its
                // own frames, so asking for the whole log and the last round never let a loaded cluster hand over.
                // The transfer itself still stops proposals and waits for the whole log before TimeoutNow (§3.10).
                ready = pr.RecentActive && pr.AckedRound >= round - 2 && pr.State == ProgressState.Replicate &&
                        pr.Match + config.MaxEntriesPerFrame >= commit;
            }

            preferredRounds = ready ? preferredRounds + 1 : 0;
            if (preferredRounds >= PreferredReadyRounds) StartTransfer(preferred);
        }

        /// <summary>A new leader (or a deposed one) forgets any transfer; a new one waits an election timeout first.</summary>
        private void ResetTransfer(bool leading)
        {
            transferTarget = NodeId.None;
            transferElapsed = 0;
            preferredRounds = 0;
            preferredHoldoff = leading ? config.ElectionTicks : 0;
        }

        /// <summary>
        /// The target's side: TimeoutNow from the leader it follows in this term makes a voter campaign at once,
        /// skipping the pre-vote (the leader vouches that its log is complete). From anyone else it changes nothing.
        /// </summary>
        private void HandleTimeoutNow(Message m)
        {
            if (role != Role.Follower || m.From != leader || m.Term != term || !tracker.IsVoter(id)) return;
            stats.TransferCampaigns++;
            electionElapsed = 0;
            Campaign(false, true);
        }
    }
}
