namespace RaftEsp.Core
{
    /// <summary>The leader's view of one follower (§5.3 nextIndex/matchIndex, plus flow control and liveness).</summary>
    public sealed class Progress
    {
        /// <summary>Creates the record for <paramref name="nodeId"/> with a window of <paramref name="maxInflight"/> frames.</summary>
        public Progress(int nodeId, int maxInflight)
        {
            NodeId = nodeId;
            Inflights = new Inflights(maxInflight);
        }

        /// <summary>The follower's id (<see cref="RaftEsp.Core.NodeId.None"/> for a spare record).</summary>
        public int NodeId { get; private set; }

        /// <summary>Highest index known to match the leader's log.</summary>
        public int Match;

        /// <summary>Next index to send.</summary>
        public int Next;

        /// <summary>Replication state.</summary>
        public ProgressState State;

        /// <summary>Probe state: a probe is out and unanswered; send nothing more until an answer or a heartbeat.</summary>
        public bool ProbeSent;

        /// <summary>Frames sent in Replicate state and not yet acknowledged.</summary>
        public readonly Inflights Inflights;

        /// <summary>
        /// The leader heard from the follower within the last election timeout (CheckQuorum, and the leader's
        /// choice of whom to keep sending to). Kept by <see cref="Heard"/> and <see cref="TickSilence"/>.
        /// </summary>
        public bool RecentActive;

        /// <summary>
        /// Leader ticks since the follower was last heard from, saturating at the election timeout. Relative rather
        /// than an absolute tick number, so a board that leads for months never wraps a counter.
        /// </summary>
        public int TicksSinceHeard;

        /// <summary>Highest heartbeat round the follower acknowledged (ReadIndex confirmation).</summary>
        public int AckedRound;

        /// <summary>Commit index last sent to it, so a commit advance is announced once.</summary>
        public int CommitSent;

        /// <summary>A heartbeat round started and this follower has not been sent a frame in it yet.</summary>
        public bool HeartbeatDue;

        /// <summary>Snapshot state: index of the snapshot being sent.</summary>
        public int SnapshotIndex;

        /// <summary>Snapshot state: bytes the follower has confirmed.</summary>
        public int SnapshotOffset;

        /// <summary>Snapshot state: a chunk is out and unanswered.</summary>
        public bool SnapshotChunkSent;

        /// <summary>
        /// The gap being repaired in Replicate state (<see cref="RepairGap"/>): the follower's last entry it reported,
        /// whether the resend from there has left yet, and once it has, the highest index sent by the end of the pass
        /// that sent it (the mark, 0 when no gap is being repaired) and that pass's heartbeat round.
        /// </summary>
        private int repairFrom;
        private bool repairUnsent;
        private int repairMark;
        private int repairRound;

        /// <summary>The highest index sent by the end of the pass that resent the gap now being repaired; 0 when none is.</summary>
        public int RepairMark => repairMark;

        /// <summary>Resets the record for a new leadership term (§5.3: nextIndex starts after the leader's last entry).</summary>
        public void ResetForLeader(int lastIndex)
        {
            Match = 0;
            Next = lastIndex + 1;
            State = ProgressState.Probe;
            ProbeSent = false;
            Inflights.Reset();
            RecentActive = true;
            TicksSinceHeard = 0;
            AckedRound = 0;
            CommitSent = 0;
            HeartbeatDue = false;
            SnapshotIndex = 0;
            SnapshotOffset = 0;
            SnapshotChunkSent = false;
            ForgetRepair();
        }

        /// <summary>Hands the record to <paramref name="nodeId"/>, new in the configuration, as a leader's fresh record.</summary>
        internal void Reassign(int nodeId, int lastIndex)
        {
            NodeId = nodeId;
            ResetForLeader(lastIndex);
        }

        /// <summary>The leader received a frame of its term from the follower.</summary>
        public void Heard()
        {
            TicksSinceHeard = 0;
            RecentActive = true;
        }

        /// <summary>
        /// One leader tick passed. The follower stays active while it was heard within the last
        /// <paramref name="electionTicks"/> ticks.
        /// </summary>
        public void TickSilence(int electionTicks)
        {
            if (TicksSinceHeard < electionTicks) TicksSinceHeard++;
            RecentActive = TicksSinceHeard < electionTicks;
        }

        /// <summary>Whether the leader may send data now.</summary>
        public bool CanSendData => State == ProgressState.Replicate ? !Inflights.Full : State == ProgressState.Probe && !ProbeSent;

        /// <summary>Records a successful acknowledgement of <paramref name="index"/>. False when it told nothing new.</summary>
        public bool MaybeUpdate(int index)
        {
            bool updated = false;
            if (index > Match)
            {
                Match = index;
                updated = true;
                ProbeSent = false;
            }

            if (Next < index + 1) Next = index + 1;
            return updated;
        }

        /// <summary>
        /// Handles a rejection of the frame whose prevLogIndex was <paramref name="rejected"/>, with
        /// <paramref name="probeFrom"/> the leader's guess (from the follower's hint) of the last matching index.
        /// False when the rejection is stale (answers a frame sent before a newer decision).
        /// </summary>
        public bool MaybeDecreaseTo(int rejected, int probeFrom)
        {
            if (State == ProgressState.Replicate)
            {
                // Any rejection at or below Match is a late answer to an old frame.
                if (rejected <= Match) return false;
                BecomeProbe();
                return true;
            }

            // In Probe only the answer to the outstanding probe (prevLogIndex == Next - 1) counts.
            if (Next - 1 != rejected) return false;
            int next = rejected < probeFrom + 1 ? rejected : probeFrom + 1;
            Next = next < Match + 1 ? Match + 1 : next;
            if (Next < 1) Next = 1;
            ProbeSent = false;
            return true;
        }

        /// <summary>
        /// A refusal, in Replicate state, from a follower whose log is known to be the leader's up to
        /// <paramref name="heldThrough"/> (its last entry has the leader's term there: the Log Matching property, §5.3):
        /// a lost copy. The leader resends from just after it at once, still replicating (a probe would send one frame
        /// per round trip and restart from the last acknowledged index), and forgets the frames in flight. Until the
        /// resend has left, and afterwards for every frame that left no later than it, a refusal of the same gap is
        /// stale: those frames were pipelined behind the gap. A frame left after the resend when its previous index
        /// (<paramref name="rejected"/>) is past the mark, or when it carried a later heartbeat round
        /// (<paramref name="frameRound"/>) than the resend's pass, whatever its index: a follower whose window filled
        /// gets heartbeats below the mark (the mark is the leader's, not the follower's), and judging those by index
        /// alone left it refusing them forever once the resend was lost (simulator seed 8113, docs/performance.md).
        /// The radio sends a board's frames in order, so the refusal of a later frame means the resend itself was
        /// lost, and it is resent. A refusal that answers a frame sent before the last
        /// acknowledgement is stale too. Match is never raised by a refusal, so nothing is committed on its word. False
        /// when the refusal changes nothing.
        /// </summary>
        public bool RepairGap(int rejected, int heldThrough, int frameRound)
        {
            if (rejected <= Match) return false;
            if (heldThrough < Match) heldThrough = Match;
            if ((repairUnsent || repairMark != 0) && heldThrough == repairFrom && !AfterRepair(rejected, frameRound)) return false;
            Next = heldThrough + 1;
            Inflights.Reset();
            repairFrom = heldThrough;
            repairUnsent = true;
            repairMark = 0;
            return true;
        }

        /// <summary>Whether the refused frame left after the pass that resent the gap.</summary>
        private bool AfterRepair(int rejected, int frameRound) =>
            !repairUnsent && (rejected > repairMark || frameRound > repairRound);

        /// <summary>
        /// Called after each pass that sent frames: once entries after the gap have gone to the follower, the resend has
        /// left, and <paramref name="sentThrough"/> and <paramref name="round"/> mark which later refusals count.
        /// </summary>
        public void NoteSent(int sentThrough, int round)
        {
            if (!repairUnsent || Next <= repairFrom + 1) return;
            repairUnsent = false;
            repairMark = sentThrough > repairFrom ? sentThrough : repairFrom + 1;
            repairRound = round;
        }

        private void ForgetRepair()
        {
            repairUnsent = false;
            repairMark = 0;
        }

        /// <summary>Back to probing from just after the last known match.</summary>
        public void BecomeProbe()
        {
            State = ProgressState.Probe;
            ForgetRepair();
            Next = Match + 1;
            ProbeSent = false;
            Inflights.Reset();
            SnapshotChunkSent = false;
        }

        /// <summary>The follower is in step; stream from <see cref="Next"/>.</summary>
        public void BecomeReplicate()
        {
            State = ProgressState.Replicate;
            ForgetRepair();
            Next = Match + 1;
            ProbeSent = false;
            Inflights.Reset();
        }

        /// <summary>Start sending snapshot <paramref name="index"/> from its first byte.</summary>
        public void BecomeSnapshot(int index)
        {
            State = ProgressState.Snapshot;
            ForgetRepair();
            SnapshotIndex = index;
            SnapshotOffset = 0;
            SnapshotChunkSent = false;
            Inflights.Reset();
        }
    }
}
