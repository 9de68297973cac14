namespace RaftEsp.Core
{
    /// <summary>The follower's side of replication: the AppendEntries consistency check (§5.3) and InstallSnapshot (§7).</summary>
    public sealed partial class RaftNode
    {
        private byte[] snapshotData;
        private int snapshotLength;
        private byte[] incomingSnapshot;
        private bool incomingActive;
        private int incomingIndex;
        private int incomingTerm;
        private int incomingTotal;
        private int incomingReceived;
        private bool snapshotToInstall;

        /// <summary>The last acceptance this follower sent: to whom, in which term, for which index and round.</summary>
        private int ackedTerm;
        private int ackedLeader = NodeId.None;
        private int ackedIndex;
        private int ackedRound;

        /// <summary>A frame from the current term's leader: (pre-)candidates give up, and the election timer restarts.</summary>
        private bool AcceptLeader(Message m)
        {
            if (role == Role.Leader) return false; // two leaders in one term cannot happen (§5.2); ignore
            if (role != Role.Follower) BecomeFollower(term, m.From);
            leader = m.From;
            electionElapsed = 0;
            return true;
        }

        private void HandleAppendEntries(Message m)
        {
            if (!AcceptLeader(m)) return;
            if (m.Index < commit)
            {
                // Everything up to commit is committed and so matches the leader: say so, and it moves on.
                RespondAppend(m, false, commit, 0, 0);
                return;
            }

            if (!log.MatchTerm(m.Index, m.LogTerm))
            {
                // §5.3 consistency check failed. Hint the last index that may match, skipping whole terms.
                int hint = m.Index < log.LastIndex ? m.Index : log.LastIndex;
                hint = log.FindConflictByTerm(hint, m.LogTerm);
                RespondAppend(m, true, m.Index, hint, log.TermAt(hint));
                return;
            }

            int lastNew = m.Index;
            bool truncated = false;
            for (int k = 0; k < m.EntryCount; k++)
            {
                int index = m.Index + 1 + k;
                if (index <= log.LastIndex)
                {
                    if (log.TermAt(index) == m.EntriesTerm)
                    {
                        lastNew = index;
                        continue;
                    }

                    // A committed entry never conflicts with a legitimate leader (§5.4); refuse to go further.
                    if (index <= commit) break;
                    log.TruncateAfter(index - 1);
                    truncated = true;
                }

                if (!log.Append(m.EntriesTerm, m.Kinds[k], m.Slots[k], m.Clients[k], m.Seqs[k], m.Values[k])) break;
                if (!truncated) NoteAppended(index);
                lastNew = index;
            }

            // A dropped suffix may have held the latest configuration: derive it again (§4.1).
            if (truncated) ReloadConfiguration();

            // §5.3: commit up to the leader's commit, but not past the last entry this frame vouched for.
            int newCommit = m.Commit < lastNew ? m.Commit : lastNew;
            if (newCommit > commit) commit = newCommit;
            RespondAppend(m, false, lastNew, 0, 0);
        }

        private void RespondAppend(Message m, bool reject, int index, int hintIndex, int hintTerm)
        {
            // An acceptance that repeats the last one sent to this leader in this term (same index, same round) tells
            // it nothing: the commit-index news and the frames pipelined behind an acknowledged one would otherwise
            // cost every follower a frame each, all contending at once. A new round (heartbeat, ReadIndex), new
            // entries or a refusal are always answered; if the earlier copy was lost, the next round's answer repairs it.
            if (!reject && ackedTerm == term && ackedLeader == m.From && ackedIndex == index && ackedRound == m.Round)
            {
                stats.RepeatAcksSkipped++;
                return;
            }

            if (!reject)
            {
                ackedTerm = term;
                ackedLeader = m.From;
                ackedIndex = index;
                ackedRound = m.Round;
            }

            PrepareOutbound(MessageType.AppendResponse, m.From);
            outbound.Reject = reject;
            outbound.Index = index;
            outbound.HintIndex = hintIndex;
            outbound.HintTerm = hintTerm < 0 ? 0 : hintTerm;
            outbound.Round = m.Round;
            outbox.Add(codec, outbound);
        }

        private void HandleSnapshotChunk(Message m)
        {
            if (!AcceptLeader(m)) return;
            if (m.TotalLength > incomingSnapshot.Length)
            {
                // Larger than this node's database can be: a configuration mismatch, not a transfer to resume.
                drops.Count(FrameError.BadField);
                return;
            }

            if (m.Index <= commit)
            {
                // Already have everything the snapshot covers.
                RespondSnapshot(m, false, m.TotalLength);
                return;
            }

            bool sameTransfer = incomingActive && incomingIndex == m.Index && incomingTerm == m.LogTerm && incomingTotal == m.TotalLength;
            if (!sameTransfer)
            {
                if (m.Offset != 0)
                {
                    RespondSnapshot(m, true, 0);
                    return;
                }

                incomingActive = true;
                incomingIndex = m.Index;
                incomingTerm = m.LogTerm;
                incomingTotal = m.TotalLength;
                incomingReceived = 0;
            }

            if (m.Offset != incomingReceived)
            {
                RespondSnapshot(m, false, incomingReceived);
                return;
            }

            System.Array.Copy(m.Data, 0, incomingSnapshot, m.Offset, m.DataLength);
            incomingReceived += m.DataLength;
            if (incomingReceived == incomingTotal) InstallIncomingSnapshot();
            RespondSnapshot(m, false, incomingReceived);
        }

        private void InstallIncomingSnapshot()
        {
            incomingActive = false;
            if (log.MatchTerm(incomingIndex, incomingTerm))
            {
                // §7: our log already has the snapshot's last entry; keep the entries after it.
                if (incomingIndex > commit) commit = incomingIndex;
                return;
            }

            if (LoadSnapshotConfiguration(incomingSnapshot, 0, incomingTotal) < 0)
            {
                // Its configuration is malformed or larger than this cluster allows: not a snapshot to install.
                drops.Count(FrameError.BadField);
                return;
            }

            byte[] swap = snapshotData;
            snapshotData = incomingSnapshot;
            incomingSnapshot = swap;
            snapshotLength = incomingTotal;
            log.ResetToSnapshot(incomingIndex, incomingTerm);
            ReloadConfiguration();
            commit = incomingIndex;
            snapshotToInstall = true;
            stats.SnapshotsInstalled++;
        }

        private void RespondSnapshot(Message m, bool reject, int offset)
        {
            PrepareOutbound(MessageType.SnapshotResponse, m.From);
            outbound.Reject = reject;
            outbound.Index = m.Index;
            outbound.Offset = offset;
            outbound.Round = m.Round;
            outbox.Add(codec, outbound);
        }
    }
}
