namespace RaftEsp.Core
{
    /// <summary>
    /// A loaded leader's own flash write, deferred (docs/design.md, "Replication"): while its appends are pipelined, the
    /// leader leaves its newest entries out of the Ready's persist range for up to <see cref="Config.OwnWriteDeferralTicks"/>
    /// ticks, so one flash write covers several broadcast cycles. Safety needs a majority of durable copies of a committed
    /// entry, not the leader's copy (§5.4): the leader counts its own copy only up to <see cref="RaftLog.StableIndex"/>
    /// (MaybeCommit), so meanwhile it commits with a full quorum of follower acknowledgements, each sent after the
    /// follower's own write (§5.3, §10.2.1 of Ongaro's dissertation). A leader whose copy is not yet durable is a voter
    /// whose durable log lags; a crash loses only entries no majority count relied on.
    /// </summary>
    public sealed partial class RaftNode
    {
        /// <summary>
        /// A leader is loaded once this many entries in a row were appended while an earlier append of it was in flight
        /// and uncommitted, with at least this many entries uncommitted. Light load (a few clients that each wait for
        /// their answer) never has that many commands uncommitted; a saturated leader has them on every append. A
        /// looser rule (the run alone) deferred now and then at light load with loss, when one stalled command let the
        /// others' next ones pile up behind it, and moved failover's p99 for nothing.
        /// </summary>
        private const int LoadedAppendRun = 4;

        /// <summary>Entries appended in a row while an earlier append of this leader was in flight and uncommitted (saturating).</summary>
        private int pipelinedAppends;

        /// <summary>Leader ticks in a row that ended with entries not yet durable here (bounds the deferral).</summary>
        private int deferredTicks;

        /// <summary>The commit index at the last tick: a tick without progress means the followers are not answering.</summary>
        private int commitAtLastTick;

        /// <summary>
        /// True while this node leads and holds entries it does not ask the host to persist in the coming Ready: its own
        /// copy of them does not count towards commitment, so every acknowledgement of them that commits must come from
        /// a follower (a full quorum of followers). Read while encoding a broadcast, it tells what this pass's Ready will do.
        /// </summary>
        public bool OwnCopyDeferred => readyOutstanding ? role == Role.Leader && readyPersistTo < log.LastIndex : DefersOwnCopy();

        /// <summary>Highest index the coming Ready asks to persist: the whole log unless the leader defers its own copy.</summary>
        private int PersistTarget() => DefersOwnCopy() ? log.StableIndex : log.LastIndex;

        /// <summary>
        /// True once this leader counts as loaded (<see cref="LoadedAppendRun"/>): it defers its own write, and its
        /// reads' rounds ride on its appends (RaftNode.Reads.cs).
        /// </summary>
        private bool Loaded => pipelinedAppends >= LoadedAppendRun;

        /// <summary>Called as a leader appends an entry of its own term: notes whether the leader is loaded.</summary>
        private void NoteLeaderAppend()
        {
            if (sentThrough <= commit) pipelinedAppends = 0;
            else if (pipelinedAppends < LoadedAppendRun && log.LastIndex - commit >= LoadedAppendRun) pipelinedAppends++;
        }

        /// <summary>A new leadership starts unloaded: its no-op and first entries are written at once.</summary>
        private void ResetOwnWrite()
        {
            pipelinedAppends = 0;
            deferredTicks = 0;
            commitAtLastTick = commit;
        }

        /// <summary>The Ready persists the whole log: the deferral, if any, ends here and its bound restarts.</summary>
        private void NoteOwnCopyPersisted()
        {
            deferredTicks = 0;
        }

        /// <summary>
        /// Once a leader tick: counts how long entries wait undurable here. A tick in which the commit index did not move
        /// while entries waited ends the deferral at once: a quorum of followers is not answering (loss, a slow or dead
        /// follower), and the leader's own copy is what commits.
        /// </summary>
        private void TickOwnWrite()
        {
            if (log.StableIndex < log.LastIndex)
            {
                deferredTicks++;
                if (commit == commitAtLastTick) deferredTicks = config.OwnWriteDeferralTicks;
            }
            else
            {
                deferredTicks = 0;
            }

            commitAtLastTick = commit;
        }

        /// <summary>
        /// The rule: a leader defers its own write only while loaded (it appended behind an uncommitted append in flight,
        /// so light load never waits on a follower quorum), within the bound, while a quorum of followers is in step and
        /// answering, and never in a Ready that carries a frame vouching for the log (<see cref="Outbox.MustFollowPersist"/>),
        /// nor with a membership entry among the entries not yet durable. Any other role persists everything at once,
        /// so a leader stepping down writes its deferred entries in its next Ready.
        /// </summary>
        private bool DefersOwnCopy()
        {
            if (role != Role.Leader || config.OwnWriteDeferralTicks == 0 || !Loaded) return false;
            if (log.StableIndex >= log.LastIndex || deferredTicks >= config.OwnWriteDeferralTicks) return false;
            if (configurationIndex > log.StableIndex || outbox.AnyAfterPersist()) return false;
            return FollowerQuorumInStep();
        }

        /// <summary>A majority of the voters, not counting this leader, is in step (replicating) and recently heard from.</summary>
        private bool FollowerQuorumInStep()
        {
            NodeSet voters = tracker.Voters;
            int inStep = 0;
            for (int i = 0; i < tracker.Count; i++)
            {
                Progress pr = tracker.ProgressAt(i);
                if (pr.NodeId == id || !voters.Contains(pr.NodeId)) continue;
                if (pr.RecentActive && pr.State == ProgressState.Replicate) inStep++;
            }

            return inStep >= Quorum.Majority(voters.Count);
        }
    }
}
