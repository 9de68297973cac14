namespace RaftEsp.Core
{
    /// <summary>
    /// The leader's side of log replication (§5.3): heartbeats, batching, flow control, broadcast AppendEntries,
    /// acknowledgements with fast backtracking, and the commit rule (§5.4.2).
    /// </summary>
    public sealed partial class RaftNode
    {
        /// <summary>Leader ticks the log has been full in a row (saturating at the election timeout, CompactionDue).</summary>
        private int ringFullTicks;

        /// <summary>Highest log index any AppendEntries of this leadership carried (0 when none yet).</summary>
        private int sentThrough;

        private void TickLeader()
        {
            heartbeatElapsed++;
            for (int i = 0; i < tracker.Count; i++)
            {
                Progress pr = tracker.ProgressAt(i);
                // The leader hears itself: it is always active for CheckQuorum.
                if (pr.NodeId == id) pr.Heard();
                else pr.TickSilence(config.ElectionTicks);
            }

            // Ongaro's dissertation §6.2: a leader that cannot reach a majority within an election timeout steps
            // down. Checked every tick against each follower's last contact, so it happens within ElectionTicks + 1
            // ticks of losing the majority (not once per timeout, which takes up to two).
            if (config.CheckQuorum && !tracker.QuorumActive())
            {
                stats.QuorumLosses++;
                BecomeFollower(term, NodeId.None);
                return;
            }

            if (log.Free > 0) ringFullTicks = 0;
            else if (ringFullTicks < config.ElectionTicks) ringFullTicks++;
            TickOwnWrite();
            TickTransfer();
            if (heartbeatElapsed >= config.HeartbeatTicks)
            {
                heartbeatElapsed = 0;
                StartRound();
            }
        }

        /// <summary>A new heartbeat round: every follower gets a frame carrying it at the next flush.</summary>
        private void StartRound()
        {
            ConsiderPreferredLeader();
            MaybePromoteLearner();
            NextRound();
            for (int i = 0; i < tracker.Count; i++)
            {
                Progress pr = tracker.ProgressAt(i);
                if (pr.NodeId == id) continue;
                pr.HeartbeatDue = true;
                pr.ProbeSent = false; // an unanswered probe is retried once per round
                pr.SnapshotChunkSent = false; // likewise a snapshot chunk
            }
        }

        /// <summary>Numbers a new round; the leader takes part in its own round (ReadIndex).</summary>
        private void NextRound()
        {
            round++;
            SelfProgress().AckedRound = round;
        }

        private ErrorCode AppendProposal(EntryKind kind, int slot, int client, int seq, int value)
        {
            if (AlreadyProposed(kind, client, seq))
            {
                stats.DuplicateProposalsRefused++;
                return ErrorCode.DuplicateProposal;
            }

            TryAppendNoop();
            // §3.10: the log stops growing so the target can catch up with it.
            if (transferTarget != NodeId.None) return ErrorCode.TransferInProgress;
            if (log.LastIndex - commit >= config.MaxUncommittedEntries) return ErrorCode.ProposalQueueFull;
            // Backpressure from the ring: compaction waits for recently active followers (CompactionDue), so the
            // log may fill; the client retries rather than a follower falling off the ring into a snapshot.
            if (log.Free == 0) return ErrorCode.ProposalQueueFull;
            if (EntryKinds.IsMembership(kind))
            {
                ErrorCode change = CheckMembershipChange(kind, value);
                if (change != ErrorCode.None) return change;
            }

            if (!log.Append(term, kind, slot, client, seq, value)) return ErrorCode.LogFull;
            stats.ProposalsAppended++;
            NoteAppended(log.LastIndex);
            NoteLeaderAppend();
            return ErrorCode.None;
        }

        /// <summary>
        /// True when (client, seq) is applied by its session or waits in the log after the applied index (a register
        /// matches by its nonce, client 0): a retried, re-forwarded or replayed proposal, which must not be appended
        /// twice. Commands without a session (client 0) are never matched. The scan is bounded by the unapplied
        /// entries (at most MaxUncommittedEntries plus those committed and not yet applied).
        /// </summary>
        private bool AlreadyProposed(EntryKind kind, int client, int seq)
        {
            if (client == 0 && kind != EntryKind.Register) return false;
            if (client > 0 && sessions.Answered(client, seq)) return true;
            int from = applied > log.SnapshotIndex ? applied : log.SnapshotIndex;
            for (int index = from + 1; index <= log.LastIndex; index++)
            {
                if (log.SeqAt(index) == seq && log.ClientAt(index) == client && log.KindAt(index) != EntryKind.Noop) return true;
            }

            return false;
        }

        /// <summary>The leader's side of forwarding: append what it can, and tell the sender what it refused and why.</summary>
        private void HandleForwardedProposal(Message m)
        {
            ErrorCode notLeading = role == Role.Leader ? ErrorCode.None : (leader == NodeId.None ? ErrorCode.NoLeader : ErrorCode.NotLeader);
            int refused = 0;
            for (int i = 0; i < m.EntryCount; i++)
            {
                ErrorCode result = notLeading != ErrorCode.None
                    ? notLeading
                    : AppendProposal(m.Kinds[i], m.Slots[i], m.Clients[i], m.Seqs[i], m.Values[i]);
                if (result == ErrorCode.None) continue;
                rejectClients[refused] = m.Clients[i];
                rejectSeqs[refused] = m.Seqs[i];
                rejectReasons[refused] = result;
                refused++;
            }

            // One ProposeReject per distinct reason (usually exactly one).
            int from = m.From;
            for (int i = 0; i < refused; i++)
            {
                ErrorCode reason = rejectReasons[i];
                if (reason == ErrorCode.None) continue;
                PrepareOutbound(MessageType.ProposeReject, from);
                outbound.Reason = RefusalReasons.From(reason);
                outbound.LeaderHint = leader;
                int n = 0;
                for (int j = i; j < refused; j++)
                {
                    if (rejectReasons[j] != reason) continue;
                    outbound.Clients[n] = rejectClients[j];
                    outbound.Seqs[n] = rejectSeqs[j];
                    n++;
                    rejectReasons[j] = ErrorCode.None;
                }

                outbound.EntryCount = n;
                outbox.Add(codec, outbound);
            }
        }

        private void HandleProposeReject(Message m)
        {
            for (int i = 0; i < m.EntryCount; i++) rejections.Add(m.Clients[i], m.Seqs[i], m.Reason, m.LeaderHint);
        }

        /// <summary>
        /// Sends the commands collected by <see cref="Propose"/> on a follower to the leader, in one frame. If this
        /// node became leader meanwhile it appends them itself; with no leader it refuses them (in the Ready).
        /// </summary>
        private void FlushForward()
        {
            int count = forward.Count;
            if (count == 0) return;
            if (role == Role.Leader)
            {
                for (int i = 0; i < count; i++)
                {
                    ErrorCode result = AppendProposal(forward.Kind(i), forward.Slot(i), forward.Client(i), forward.Seq(i), forward.Value(i));
                    if (result != ErrorCode.None) rejections.Add(forward.Client(i), forward.Seq(i), RefusalReasons.From(result), id);
                }
            }
            else if (leader == NodeId.None)
            {
                for (int i = 0; i < count; i++) rejections.Add(forward.Client(i), forward.Seq(i), RefusalReason.NoLeader, NodeId.None);
            }
            else
            {
                PrepareOutbound(MessageType.Propose, leader);
                forward.CopyTo(outbound);
                outbox.Add(codec, outbound);
                stats.ProposalsForwarded += count;
            }

            forward.Clear();
        }

        /// <summary>
        /// Decides what every follower gets now. Runs once per Ready, so acknowledgements and proposals that arrived
        /// together leave in one frame: followers in step share one broadcast, the rest get unicast.
        /// </summary>
        private void FlushLeader()
        {
            TryAppendNoop();
            if (RadioHoldsAll) return;
            bool holdInStep = RadioHoldsInStep;
            int last = log.LastIndex;
            int count = tracker.Count;
            for (int i = 0; i < count; i++)
            {
                Progress pr = tracker.ProgressAt(i);
                sendScratch[i] = false;
                if (pr.NodeId == id) continue;
                if (holdInStep && InStep(pr)) continue;
                if (pr.State != ProgressState.Snapshot && pr.Next <= log.SnapshotIndex) pr.BecomeSnapshot(log.SnapshotIndex);
                if (pr.State == ProgressState.Snapshot && pr.SnapshotIndex != log.SnapshotIndex) pr.BecomeSnapshot(log.SnapshotIndex);
                if (!pr.RecentActive)
                {
                    if (pr.HeartbeatDue && !Quiet(pr)) SendWakeUp(pr); // once in the round
                    continue;
                }

                if (pr.State == ProgressState.Snapshot)
                {
                    if (!pr.SnapshotChunkSent) SendSnapshotChunk(pr);
                    continue;
                }

                bool held = HoldFresh(pr, last);
                bool data = pr.Next <= last && pr.CanSendData && !held;
                bool probeOpen = pr.State == ProgressState.Probe && !pr.ProbeSent;
                bool commitNews = pr.CommitSent < commit && (probeOpen || (pr.State == ProgressState.Replicate && !held));
                sendScratch[i] = data || pr.HeartbeatDue || commitNews;
            }

            SendCovering(last);
            for (int i = 0; i < count; i++)
            {
                if (!sendScratch[i]) continue;
                int next = tracker.ProgressAt(i).Next;
                int group = 0;
                for (int j = i; j < count; j++)
                {
                    if (sendScratch[j] && tracker.ProgressAt(j).Next == next) group++;
                }

                bool broadcast = config.Broadcast && group >= 2;
                SendAppend(i, next, next, broadcast);
            }

            // Every frame of this pass is in the outbox: a gap resent in it is marked, so that refusals of frames sent
            // no later than the resend are told from those of frames sent after it (Progress.RepairGap).
            for (int i = 0; i < count; i++) tracker.ProgressAt(i).NoteSent(sentThrough, round);
        }

        /// <summary>
        /// One broadcast for every follower whose missing entries fit in one frame, from the lowest next index among
        /// them: a follower that missed a broadcast (a collision, a full queue) and was set back gets the gap with
        /// the new entries in the frame the others get anyway, instead of a unicast of its own. Followers in step
        /// skip the entries they hold (§5.3: same index and term). Followers further behind are left to
        /// <see cref="FlushLeader"/>'s unicast catch-up, so one slow follower never holds the others back.
        /// </summary>
        private void SendCovering(int last)
        {
            if (!config.Broadcast) return;
            int tracked = tracker.Count;
            int lowest = last - config.MaxEntriesPerFrame + 1;
            int from = int.MaxValue;
            for (int j = 0; j < tracked; j++)
            {
                int next = tracker.ProgressAt(j).Next;
                if (sendScratch[j] && next >= lowest && next < from) from = next;
            }

            if (from == int.MaxValue) return;
            int to = from + EntriesFrom(from);
            int first = -1;
            int group = 0;
            int distinct = 0;
            for (int j = 0; j < tracked; j++)
            {
                int next = tracker.ProgressAt(j).Next;
                if (!sendScratch[j] || next < from || next > to) continue;
                if (first < 0) first = j;
                if (next != from) distinct++;
                group++;
            }

            // Only worth it when it merges followers at different positions; equal ones FlushLeader groups anyway.
            if (group >= 2 && distinct > 0) SendAppend(first, from, to, true);
        }

        /// <summary>Entries of one term from <paramref name="next"/> that one AppendEntries carries.</summary>
        private int EntriesFrom(int next)
        {
            int count = 0;
            if (next > log.LastIndex || next <= log.SnapshotIndex) return 0;
            int entriesTerm = log.TermAt(next);
            int max = config.MaxEntriesPerFrame;
            while (count < max && next + count <= log.LastIndex && log.TermAt(next + count) == entriesTerm) count++;
            return count;
        }

        /// <summary>
        /// Batching by time (Nagle's rule for appends): entries no follower has been sent yet wait while an earlier
        /// append is uncommitted, unless they fill a frame; so does news of the commit index alone. Under load,
        /// commands gather during the round trip and leave as one fuller broadcast (one acknowledgement per follower
        /// per frame instead of per proposal). An idle leader sends at once. The wait ends when the commit advances
        /// (the frame then carries both) or at the next heartbeat round, whose frame carries everything; a follower
        /// behind <see cref="sentThrough"/> (catch-up) or probing never waits. Waiting for every follower's
        /// acknowledgement rather than a majority's was measured and left out (docs/performance.md).
        /// </summary>
        private bool HoldFresh(Progress pr, int last)
        {
            if (pr.State != ProgressState.Replicate || pr.Next <= sentThrough || sentThrough <= commit) return false;
            return last - pr.Next + 1 < config.MaxEntriesPerFrame;
        }

        /// <summary>
        /// A follower not heard from within an election timeout is probably down or out of range. Every unicast
        /// frame to it costs the leader's radio up to 7 transmissions with growing backoff (about 40 ms, whatever
        /// the frame's size), and every frame queued behind them waits: sending it snapshot chunks or catch-up
        /// entries every other round cut a loaded 5-board cluster with one board down from about 460 to 80
        /// commits/s. So it hears from the leader once per election timeout, and only an empty append
        /// (<see cref="SendWakeUp"/>); it also hears every broadcast. Its first answer makes it active again, and
        /// catch-up resumes the next round, which costs a returning board at most one election timeout.
        /// </summary>
        private bool Quiet(Progress pr)
        {
            int every = config.ElectionTicks / config.HeartbeatTicks;
            return every > 1 && round % every != 0;
        }

        /// <summary>
        /// An empty AppendEntries to a silent follower (see <see cref="Quiet"/>): small, and any answer of this term
        /// (acceptance or refusal) marks it heard. Its previous entry is one the leader still holds: the follower's
        /// next index less one, or the snapshot's index for a follower that needs the snapshot; the commit index it
        /// carries is applied only up to a matching previous entry (§5.3).
        /// </summary>
        private void SendWakeUp(Progress pr)
        {
            int prevIndex = pr.Next - 1;
            if (pr.State == ProgressState.Snapshot || prevIndex < log.SnapshotIndex) prevIndex = log.SnapshotIndex;
            if (prevIndex > log.LastIndex) prevIndex = log.LastIndex;
            if (!EncodeAppend(pr.NodeId, prevIndex, 0)) return;
            stats.UnicastAppends++;
            pr.HeartbeatDue = false;
        }

        /// <summary>
        /// Encodes one AppendEntries into the outbox: the <paramref name="count"/> entries after
        /// <paramref name="prevIndex"/> (all of one term), this leader's commit index and round. False when the outbox
        /// is full (the frame is not sent).
        /// </summary>
        private bool EncodeAppend(int to, int prevIndex, int count)
        {
            PrepareOutbound(MessageType.AppendEntries, to);
            outbound.Index = prevIndex;
            outbound.LogTerm = log.TermAt(prevIndex);
            outbound.Commit = commit;
            outbound.Round = round;
            outbound.EntriesTerm = count > 0 ? log.TermAt(prevIndex + 1) : 0;
            outbound.EntryCount = count;
            for (int k = 0; k < count; k++)
            {
                int index = prevIndex + 1 + k;
                outbound.SetEntry(k, log.KindAt(index), log.SlotAt(index), log.ClientAt(index), log.SeqAt(index), log.ValueAt(index));
            }

            return outbox.Add(codec, outbound);
        }

        /// <summary>Sends entries from <paramref name="next"/> to the follower at tracker position <paramref name="first"/>
        /// and, when broadcasting, to every follower after it whose next index is in [<paramref name="next"/>,
        /// <paramref name="maxNext"/>] (the entries it already holds it skips).</summary>
        private void SendAppend(int first, int next, int maxNext, bool broadcast)
        {
            int prevIndex = next - 1;
            int tracked = tracker.Count;
            int carried = EntriesFrom(next);
            bool anyData = false;
            for (int j = first; j < tracked; j++)
            {
                // Entries go only if they are news to a member that may take more (flow control): a member with a
                // full window gets the frame as a heartbeat, not entries on behalf of one that has them already.
                Progress pr = tracker.ProgressAt(j);
                if (sendScratch[j] && pr.Next >= next && pr.Next <= maxNext && pr.Next < next + carried && pr.CanSendData && (broadcast || j == first)) anyData = true;
            }

            int count = anyData ? carried : 0;
            if (!EncodeAppend(broadcast ? NodeId.Broadcast : tracker.ProgressAt(first).NodeId, prevIndex, count)) return;
            if (broadcast) stats.BroadcastAppends++;
            else stats.UnicastAppends++;
            stats.EntriesSent += count;

            int lastSent = prevIndex + count;
            if (lastSent > sentThrough) sentThrough = lastSent;
            for (int j = first; j < tracked; j++)
            {
                Progress pr = tracker.ProgressAt(j);
                if (!sendScratch[j] || pr.Next < next || pr.Next > maxNext || (!broadcast && j != first)) continue;
                sendScratch[j] = false;
                pr.HeartbeatDue = false;
                pr.CommitSent = commit;
                if (pr.State == ProgressState.Probe)
                {
                    pr.ProbeSent = true;
                }
                else if (lastSent >= pr.Next)
                {
                    pr.Inflights.Add(lastSent);
                    pr.Next = lastSent + 1;
                }
            }
        }

        private void HandleAppendResponse(Message m)
        {
            if (role != Role.Leader) return;
            Progress pr = tracker.ProgressOf(m.From);
            NoteRound(pr, m.Round);
            if (m.Index > log.LastIndex) return; // cannot acknowledge what this leader never had
            if (m.Reject)
            {
                if (pr.State == ProgressState.Snapshot) return;
                int probeFrom = m.HintIndex;
                if (m.HintTerm > 0) probeFrom = log.FindConflictByTerm(m.HintIndex, m.HintTerm);
                // A lost copy: the follower's log is this leader's up to its hint, so it is resent from there at once
                // rather than probed (one frame per round trip); refusals pipelined behind the gap change nothing.
                if (pr.State == ProgressState.Replicate && HoldsThrough(m.HintIndex, m.HintTerm))
                {
                    pr.RepairGap(m.Index, m.HintIndex, m.Round);
                    return;
                }

                pr.MaybeDecreaseTo(m.Index, probeFrom);
                return;
            }

            bool updated = pr.MaybeUpdate(m.Index);
            if (pr.State == ProgressState.Replicate) pr.Inflights.FreeUpTo(m.Index);
            // A probe answered at the known match also proves the logs agree up to it (etcd does the same): without
            // this a follower whose match is the leader's last index stays in probe while no entries come, and a
            // caught-up learner in an idle cluster is never promoted.
            else if (pr.State == ProgressState.Probe && (updated || m.Index == pr.Match)) pr.BecomeReplicate();
            if (updated) MaybeCommit();
            // Every acknowledgement of the whole log repeats TimeoutNow while the transfer runs: one lost on the
            // radio costs a heartbeat, not the transfer. A repeat that arrives after the target campaigned is stale.
            if (transferTarget != NodeId.None) MaybeSendTimeoutNow(pr);
        }

        /// <summary>
        /// True when a follower's refusal hint names an entry this leader holds with the same term: by the Log Matching
        /// property (§5.3) the follower's log is then this leader's up to there. The usual case is a lost copy (the
        /// follower's last entry is behind the refused frame's previous entry).
        /// </summary>
        private bool HoldsThrough(int hintIndex, int hintTerm) =>
            hintIndex >= log.SnapshotIndex && log.MatchTerm(hintIndex, hintTerm);

        private void NoteRound(Progress pr, int acknowledged)
        {
            if (acknowledged <= pr.AckedRound) return;
            pr.AckedRound = acknowledged;
            if (pendingReads.Count > 0) ConfirmReads();
        }

        /// <summary>
        /// §5.3/§5.4.2: the highest index stored on a majority is committed, but only if it belongs to the current term;
        /// entries of earlier terms commit with it (Figure 8).
        /// </summary>
        private bool MaybeCommit()
        {
            // The leader's own copy counts once durable (docs/design.md, "Messages that wait for persistence").
            SelfProgress().Match = log.StableIndex;
            int candidate = tracker.Committed();
            if (candidate <= commit || log.TermAt(candidate) != term) return false;
            commit = candidate;
            return true;
        }

        private void SendSnapshotChunk(Progress pr)
        {
            int offset = pr.SnapshotOffset;
            int length = snapshotLength - offset;
            if (length > FrameLimits.MaxSnapshotChunkData) length = FrameLimits.MaxSnapshotChunkData;
            if (length <= 0) return;
            PrepareOutbound(MessageType.SnapshotChunk, pr.NodeId);
            outbound.Index = log.SnapshotIndex;
            outbound.LogTerm = log.SnapshotTerm;
            outbound.TotalLength = snapshotLength;
            outbound.Offset = offset;
            outbound.Round = round;
            System.Array.Copy(snapshotData, offset, outbound.Data, 0, length);
            outbound.DataLength = length;
            if (!outbox.Add(codec, outbound)) return;
            pr.SnapshotChunkSent = true;
            pr.HeartbeatDue = false;
            stats.SnapshotChunksSent++;
        }

        private void HandleSnapshotResponse(Message m)
        {
            if (role != Role.Leader) return;
            Progress pr = tracker.ProgressOf(m.From);
            NoteRound(pr, m.Round);
            if (pr.State != ProgressState.Snapshot || m.Index != pr.SnapshotIndex) return;
            pr.SnapshotChunkSent = false;
            if (m.Reject)
            {
                pr.SnapshotOffset = 0;
                return;
            }

            pr.SnapshotOffset = m.Offset; // the follower says which byte it wants next
            if (m.Offset < snapshotLength || m.Index != log.SnapshotIndex) return;

            // The follower holds the snapshot: replicate the log after it.
            pr.MaybeUpdate(pr.SnapshotIndex);
            pr.BecomeProbe();
            MaybeCommit();
        }
    }
}
