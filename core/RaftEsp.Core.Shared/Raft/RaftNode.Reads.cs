namespace RaftEsp.Core
{
    /// <summary>
    /// Linearizable reads with ReadIndex (§6.4): the leader notes its commit index, proves with a heartbeat round
    /// acknowledged by a majority that it still leads, then answers. A deposed leader answers NotLeader. Reads are
    /// batched (docs/design.md, "Reads are batched"): every read that reaches the leader before its next flush shares
    /// one round, and a follower asks for every read waiting when its request leaves in one ReadIndexRequest.
    /// </summary>
    public sealed partial class RaftNode
    {
        /// <summary>The round current at the leader's last flush: any round up to it may be on the air already.</summary>
        private int roundFlushed;

        private ErrorCode RegisterRead(int requestId, int origin)
        {
            // §6.4 step 1: until an entry of its own term is committed, a new leader's commit index may be stale.
            if (log.TermAt(commit) != term) return ErrorCode.LeaderNotReady;
            if (tracker.Voters.Count == 1)
            {
                CompleteRead(requestId, origin, commit);
                return ErrorCode.None;
            }

            if (pendingReads.Full) return ErrorCode.ReadQueueFull;
            // §6.4 step 2: the round that confirms this read must be sent after its commit index is noted. A round no
            // flush has sent yet is (all of its frames leave after this point), so the read joins it; otherwise a new one.
            if (round <= roundFlushed)
            {
                StartReadRound();
                stats.ReadRoundsStarted++;
            }

            pendingReads.Add(requestId, origin, commit, round);
            return ErrorCode.None;
        }

        /// <summary>
        /// A new round for reads. A loaded leader with an append in flight sends frames to every follower in step as soon
        /// as that append commits (the commit index is news), so the round rides on them and the reads cost no
        /// broadcast and no acknowledgements of their own; at the latest the next heartbeat round carries it. Otherwise
        /// the round goes at the next flush (<see cref="StartRound"/>).
        /// </summary>
        private void StartReadRound()
        {
            if (sentThrough > commit && Loaded)
            {
                NextRound();
                stats.ReadRoundsDeferred++;
                return;
            }

            StartRound();
        }

        /// <summary>A follower's read: it waits for the next batch to the leader (<see cref="FlushForwardedReads"/>).</summary>
        private ErrorCode QueueForwardedRead(int requestId)
        {
            if (leader == NodeId.None) return ErrorCode.NoLeader;
            return forwardedReads.Add(requestId) ? ErrorCode.None : ErrorCode.ReadQueueFull;
        }

        /// <summary>
        /// Runs at every flush, before the leader's appends: sends a follower's waiting reads as one batch when none is
        /// out, and settles them when the leader changed. Every answer is an index the leader noted after the request
        /// arrived, so after the reads arrived here: asking a new leader again, or confirming them as the new leader,
        /// is as safe as the first request (§6.4).
        /// </summary>
        private void FlushForwardedReads()
        {
            if (forwardedReads.Count == 0) return;
            if (role == Role.Leader)
            {
                // This node leads now; a late answer of the old leader matches no batch.
                for (int i = 0; i < forwardedReads.Count; i++)
                {
                    int requestId = forwardedReads.RequestId(i);
                    ErrorCode result = RegisterRead(requestId, id);
                    if (result != ErrorCode.None) readResults.Add(requestId, 0, RefusalReasons.From(result));
                }

                forwardedReads.Clear();
                return;
            }

            if (leader == NodeId.None)
            {
                for (int i = 0; i < forwardedReads.Count; i++) readResults.Add(forwardedReads.RequestId(i), 0, RefusalReason.NoLeader);
                forwardedReads.Clear();
                return;
            }

            if (forwardedReads.Outstanding && forwardedReads.Target != leader) forwardedReads.Unsend();
            if (forwardedReads.Outstanding || !forwardedReads.HasUnsent) return;
            int batch = forwardedReads.Send(leader, codec.Sequencer.Epoch);
            PrepareOutbound(MessageType.ReadIndexRequest, leader);
            outbound.RequestId = batch;
            if (!outbox.Add(codec, outbound)) forwardedReads.Unsend();
        }

        /// <summary>After the leader's flush: every round so far may be on the air, so later reads need a new one.</summary>
        private void NoteRoundFlushed()
        {
            if (role == Role.Leader) roundFlushed = round;
        }

        /// <summary>A batch unanswered for an election timeout is taken as lost: its reads go in the next one.</summary>
        private void TickForwardedReads()
        {
            if (!forwardedReads.Outstanding) return;
            forwardedReads.Tick();
            if (forwardedReads.Age >= config.ElectionTicks) forwardedReads.Unsend();
        }

        private void HandleReadIndexRequest(Message m)
        {
            ErrorCode result = role == Role.Leader ? RegisterRead(m.RequestId, m.From) : ErrorCode.NotLeader;
            if (result != ErrorCode.None) SendReadResponse(m.From, m.RequestId, 0, RefusalReasons.From(result));
        }

        /// <summary>The leader's answer to the batch out serves every read in it; any other answer is stale.</summary>
        private void HandleReadIndexResponse(Message m)
        {
            if (!forwardedReads.Outstanding || m.RequestId != forwardedReads.Batch || m.From != forwardedReads.Target) return;
            for (int i = 0; i < forwardedReads.Count; i++)
            {
                if (forwardedReads.Sent(i)) readResults.Add(forwardedReads.RequestId(i), m.Index, m.Reason);
            }

            forwardedReads.Resolve();
        }

        /// <summary>Answers every waiting read whose round a majority has acknowledged.</summary>
        private void ConfirmReads()
        {
            int i = 0;
            while (i < pendingReads.Count)
            {
                if (tracker.QuorumAcknowledged(pendingReads.Round(i)))
                {
                    CompleteRead(pendingReads.RequestId(i), pendingReads.Origin(i), pendingReads.Index(i));
                    pendingReads.RemoveAt(i);
                }
                else
                {
                    i++;
                }
            }
        }

        private void CompleteRead(int requestId, int origin, int index)
        {
            stats.ReadsConfirmed++;
            if (origin == id) readResults.Add(requestId, index, RefusalReason.None);
            else SendReadResponse(origin, requestId, index, RefusalReason.None);
        }

        private void FailPendingReads(RefusalReason reason)
        {
            for (int i = 0; i < pendingReads.Count; i++)
            {
                int origin = pendingReads.Origin(i);
                if (origin == id) readResults.Add(pendingReads.RequestId(i), 0, reason);
                else SendReadResponse(origin, pendingReads.RequestId(i), 0, reason);
            }

            pendingReads.Clear();
        }

        private void SendReadResponse(int to, int requestId, int index, RefusalReason reason)
        {
            PrepareOutbound(MessageType.ReadIndexResponse, to);
            outbound.RequestId = requestId;
            outbound.Index = index;
            outbound.Reason = reason;
            outbox.Add(codec, outbound);
        }
    }
}
