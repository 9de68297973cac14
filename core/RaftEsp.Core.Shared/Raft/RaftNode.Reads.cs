namespace RaftEsp.Core
{
    /// <summary>
    /// Linearizable reads with ReadIndex (§6.4): the leader notes its commit index, proves with a heartbeat round
    /// acknowledged by a majority that it still leads, then answers. A deposed leader answers NotLeader.
    /// </summary>
    public sealed partial class RaftNode
    {
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
            StartRound();
            pendingReads.Add(requestId, origin, commit, round);
            return ErrorCode.None;
        }

        private void HandleReadIndexRequest(Message m)
        {
            ErrorCode result = role == Role.Leader ? RegisterRead(m.RequestId, m.From) : ErrorCode.NotLeader;
            if (result != ErrorCode.None) SendReadResponse(m.From, m.RequestId, 0, RefusalReasons.From(result));
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
