namespace RaftEsp.Core
{
    /// <summary>The Ready/Advance handshake with the host, and compaction on the host's snapshot.</summary>
    public sealed partial class RaftNode
    {
        /// <summary>
        /// The loop's step between feeding input and asking <see cref="HasReady"/>: boots a restored node, hands the
        /// forwarded proposals on (a leader appends them, a follower forwards them), and lets a leader append its
        /// no-op and encode the appends, heartbeats and snapshot chunks that are due. Does nothing while a Ready is
        /// outstanding. Calling it again without new input adds nothing.
        /// </summary>
        public void Flush()
        {
            if (readyOutstanding) return;
            Boot();
            FlushSync();
            FlushForward();
            FlushForwardedReads();
            if (role == Role.Leader) FlushLeader();
            NoteRoundFlushed();
        }

        /// <summary>The anti-replay handshake's frames: this node's Sync when due, and the SyncAcks it owes.</summary>
        private void FlushSync()
        {
            if (!codec.Guarded) return;
            ReplayGuard guard = codec.Guard;
            while (guard.NextHandshake(outbound, id)) outbox.Add(codec, outbound);
        }

        /// <summary>
        /// True when the host has work: frames, state to persist, entries to apply, answers. Changes nothing: call
        /// <see cref="Flush"/> first, or a leader's due appends and heartbeats are not counted.
        /// </summary>
        public bool HasReady =>
            !readyOutstanding &&
            (outbox.Count > 0 || forward.Count > 0 || HardStateChanged() || log.StableIndex < PersistTarget() || snapshotToInstall ||
             AppliableTo() > applied || readResults.Count > 0 || rejections.Count > 0 ||
             role != reportedRole || leader != reportedLeader || term != reportedTerm);

        /// <summary>Hands out the work to do. Feed no input until <see cref="Advance"/>.</summary>
        public Ready GetReady()
        {
            Flush(); // a host that skipped the step still gets everything (a no-op when a Ready is out: booted already)
            readyOutstanding = true;
            ready.Role = role;
            ready.Term = term;
            ready.Leader = leader;
            ready.HardStateChanged = HardStateChanged();
            ready.HardTerm = term;
            ready.HardVote = vote;
            ready.HardCommit = commit;
            ready.PersistFrom = log.StableIndex + 1;
            ready.PersistTo = PersistTarget();
            if (ready.PersistTo == log.LastIndex) NoteOwnCopyPersisted();
            ready.HasSnapshot = snapshotToInstall;
            ready.SnapshotIndex = log.SnapshotIndex;
            ready.SnapshotTerm = log.SnapshotTerm;
            ready.SnapshotData = snapshotData;
            ready.SnapshotLength = snapshotToInstall ? snapshotLength : 0;
            int applyFrom = (snapshotToInstall ? log.SnapshotIndex : applied) + 1;
            ready.ApplyFrom = applyFrom;
            ready.ApplyTo = AppliableTo();
            if (ready.ApplyTo < applyFrom - 1) ready.ApplyTo = applyFrom - 1;
            readyPersistTo = ready.PersistTo;
            readyApplyTo = ready.ApplyTo;
            readyHadSnapshot = snapshotToInstall;
            return ready;
        }

        /// <summary>
        /// The host did what the last Ready asked: the state is durable, the frames are sent, the entries applied.
        /// The leader counts its own entries towards commitment only from here (they are durable now).
        /// </summary>
        public void Advance()
        {
            if (!readyOutstanding) return;
            readyOutstanding = false;
            log.StableTo(readyPersistTo);
            if (ready.HardStateChanged)
            {
                persistedTerm = ready.HardTerm;
                persistedVote = ready.HardVote;
                persistedCommit = ready.HardCommit;
            }
            reportedRole = ready.Role;
            reportedLeader = ready.Leader;
            reportedTerm = ready.Term;
            if (readyHadSnapshot) snapshotToInstall = false;
            if (readyApplyTo > applied) applied = readyApplyTo;
            outbox.Clear();
            readResults.Clear();
            rejections.Clear();
            if (role == Role.Leader) MaybeCommit();
        }

        /// <summary>
        /// True when the host should take a snapshot of its database at <see cref="AppliedIndex"/> and hand it to
        /// <see cref="Compact"/>. A leader waits until its recently active followers have the entries (admission refuses
        /// proposals while the log is full), unless the log has stayed full for an election timeout.
        /// </summary>
        public bool CompactionDue
        {
            get
            {
                if (applied - log.SnapshotIndex < config.CompactionThreshold) return false;
                if (role != Role.Leader) return true;
                // Compacting past a recently active follower's match would force a snapshot transfer on a healthy
                // cluster, so the leader waits for every such follower; meanwhile the log fills and admission answers
                // ProposalQueueFull (AppendProposal). Only when the log has stayed full for an election timeout (a
                // follower that answers but does not catch up) does it compact anyway, so a healthy majority is
                // never held for long; a follower not heard from within that time does not count at all.
                bool room = ringFullTicks < config.ElectionTicks;
                for (int i = 0; i < tracker.Count; i++)
                {
                    Progress pr = tracker.ProgressAt(i);
                    if (pr.NodeId == id || !pr.RecentActive) continue;
                    // A snapshot transfer in progress restarts from scratch if the snapshot changes under it; under a
                    // steady load that can repeat forever. So while one runs, compaction waits until the log is full
                    // (proposals are then refused for the moment), not merely short of room.
                    if (pr.State == ProgressState.Snapshot)
                    {
                        if (log.Free > 0) return false;
                        continue;
                    }

                    if (pr.Match < applied && room) return false;
                }

                return true;
            }
        }

        /// <summary>
        /// Replaces the log up to <paramref name="index"/> with the host's snapshot of its database at that index
        /// (§7). The index must be applied already. The host persists the snapshot itself before calling this.
        /// </summary>
        public ErrorCode Compact(int index, byte[] data, int offset, int length)
        {
            if (readyOutstanding) return ErrorCode.InvalidState;
            Boot();
            if (index <= log.SnapshotIndex) return ErrorCode.None;
            if (index > applied || index > log.LastIndex) return ErrorCode.InvalidState;
            if (data == null || length < 1 || length > snapshotData.Length || offset < 0 || offset + length > data.Length)
                return ErrorCode.BadSnapshot;
            // The snapshot's head must be the configuration in force at its index (WriteConfigurationAt).
            ConfigurationAt(index);
            if (!headConfiguration.Read(data, offset, offset + length) || !headConfiguration.SameAs(scratchConfiguration)) return ErrorCode.BadSnapshot;

            System.Array.Copy(data, offset, snapshotData, 0, length);
            snapshotLength = length;
            log.CompactTo(index);
            snapshotConfiguration.CopyFrom(scratchConfiguration);
            return ErrorCode.None;
        }

        // Term and vote must be durable before votes and acknowledgements leave (§5.2). The commit index need not be
        // (it is volatile in the paper): it rides along with the next write, so a heartbeat that only advances it
        // costs the board no flash write (nor does a leader's pass that defers its own entries, RaftNode.OwnWrite.cs).
        // After a restart a lower commit index is learnt again from the leader.
        private bool HardStateChanged() =>
            term != persistedTerm || vote != persistedVote ||
            (commit != persistedCommit && (log.StableIndex < PersistTarget() || snapshotToInstall));

        private int AppliableTo() => commit < log.LastIndex ? commit : log.LastIndex;
    }
}
