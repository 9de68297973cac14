using RaftEsp.Core;

namespace RaftEsp.Apps
{
    /// <summary>
    /// One board's status as it answers a <see cref="StatusPoll"/> (radio type 33): its Raft state, counters, its last
    /// few log entries, its configuration (voters, learners, membership flags), its timers (election, heartbeat), the leader's
    /// replication progress per member and one page of its database. Reusable: filled in place, nothing allocated per report.
    /// </summary>
    public sealed class StatusReport
    {
        /// <summary>Log entries a report carries at most (the newest ones).</summary>
        public const int MaxEntries = 4;

        /// <summary>Largest timer value a report carries, in ticks: twice the core's largest election timeout.</summary>
        public const int MaxTimerTicks = 200000;

        /// <summary>
        /// A lag at or above this is carried as this ("this far behind or more"): the leader's log holds at most
        /// <see cref="Config.MaxLogCapacity"/> entries, so a follower that far behind needs a snapshot anyway.
        /// </summary>
        public const int MaxLag = 255;

        /// <summary>The reporting board (frame header).</summary>
        public int NodeId;

        /// <summary>Its current term (frame header).</summary>
        public int Term;

        /// <summary>The poll's sequence number, echoed.</summary>
        public int Sequence;

        /// <summary>Its role.</summary>
        public Role Role;

        /// <summary>The leader it knows of, or -1.</summary>
        public int Leader = -1;

        /// <summary>Its vote in the current term, or -1.</summary>
        public int Vote = -1;

        /// <summary>True on the server node.</summary>
        public bool IsServer;

        /// <summary>0 while the board runs; otherwise the ErrorCode that stopped it (e.g. 14: its flash contradicts itself).</summary>
        public ErrorCode Fault;

        /// <summary>Commit index.</summary>
        public int Commit;

        /// <summary>Applied index.</summary>
        public int Applied;

        /// <summary>Index of its last log entry.</summary>
        public int LastIndex;

        /// <summary>Term of its last log entry.</summary>
        public int LastTerm;

        /// <summary>Index its snapshot covers (0: none).</summary>
        public int SnapshotIndex;

        /// <summary>Seconds since the app started.</summary>
        public int UptimeSeconds;

        /// <summary>Radio frames received since start.</summary>
        public int FramesReceived;

        /// <summary>Radio frames sent since start.</summary>
        public int FramesSent;

        /// <summary>Received frames dropped, all reasons (Raft and app frames).</summary>
        public int DropsTotal;

        /// <summary>Frames dropped because the tag did not match (forged, corrupted, another key); saturates at 65535.</summary>
        public int DropsBadTag;

        /// <summary>Frames dropped as older than its term (stale or replayed); saturates at 65535.</summary>
        public int DropsStaleTerm;

        /// <summary>Frames the radio refused to send; saturates at 65535.</summary>
        public int SendFailures;

        /// <summary>Elections it started; saturates at 65535.</summary>
        public int Elections;

        /// <summary>Entries carried, 0..4: the newest, ending at <see cref="LastIndex"/>.</summary>
        public int EntryCount;

        /// <summary>Term of each entry carried (oldest first).</summary>
        public readonly int[] EntryTerms = new int[MaxEntries];

        /// <summary>Kind of each entry.</summary>
        public readonly EntryKind[] EntryKinds = new EntryKind[MaxEntries];

        /// <summary>Slot of each entry (0 for a no-op).</summary>
        public readonly int[] EntrySlots = new int[MaxEntries];

        /// <summary>Value of each entry (0 unless a set).</summary>
        public readonly int[] EntryValues = new int[MaxEntries];

        /// <summary>Log index of the membership entry that made the board's configuration (its snapshot's index, or 0, when none since).</summary>
        public int ConfigurationIndex;

        /// <summary>Voters in the board's configuration (the latest in its log, committed or not: §4.1).</summary>
        public int VoterCount;

        /// <summary>The voters' ids, in the order they joined (the first <see cref="VoterCount"/>).</summary>
        public readonly int[] Voters = new int[Config.MaxClusterSize];

        /// <summary>Learners in the board's configuration: added, not yet promoted (§4.2.1).</summary>
        public int LearnerCount;

        /// <summary>The learners' ids (the first <see cref="LearnerCount"/>).</summary>
        public readonly int[] Learners = new int[Config.MaxClusterSize];

        /// <summary>The latest membership entry is not known committed on this board.</summary>
        public bool ChangePending;

        /// <summary>A board booted with join = true that is not yet in its own configuration: waiting for the leader to add it.</summary>
        public bool WaitingToJoin;

        /// <summary>The board's log holds its own removal: it is out of the cluster (it neither votes nor campaigns).</summary>
        public bool Removed;

        /// <summary>Voters and learners carried.</summary>
        public int MemberCount => VoterCount + LearnerCount;

        /// <summary>Milliseconds per Raft tick on the board (1..1000): turns the tick counts below into time.</summary>
        public int TickMillis = 1;

        /// <summary>Ticks since the board's election timer last restarted (at most <see cref="ElectionTimeout"/>).</summary>
        public int ElectionElapsed;

        /// <summary>The randomized election timeout the timer runs against, in ticks (1..<see cref="MaxTimerTicks"/>).</summary>
        public int ElectionTimeout = 1;

        /// <summary>The leader's heartbeat interval in ticks (the board's configured one, 1..<see cref="MaxTimerTicks"/>).</summary>
        public int HeartbeatInterval = 1;

        /// <summary>Leader only: ticks since its last heartbeat round (at most <see cref="HeartbeatInterval"/>; 0 on other roles).</summary>
        public int HeartbeatElapsed;

        /// <summary>Replication records carried: the leader's view of each member but itself, else 0.</summary>
        public int ProgressCount;

        /// <summary>The member each record is about, in the order the report lists the members (voters, then learners).</summary>
        public readonly int[] ProgressNodes = new int[Config.MaxClusterSize];

        /// <summary>Each member's replication state (probe, replicate, snapshot).</summary>
        public readonly ProgressState[] ProgressStates = new ProgressState[Config.MaxClusterSize];

        /// <summary>AppendEntries frames in flight to each member (0..<see cref="Config.InflightFramesLimit"/>).</summary>
        public readonly int[] ProgressInflight = new int[Config.MaxClusterSize];

        /// <summary>How far each member's match index is behind <see cref="LastIndex"/> (saturates at <see cref="MaxLag"/>).</summary>
        public readonly int[] ProgressMatchLag = new int[Config.MaxClusterSize];

        /// <summary>How far each member's next index is behind <see cref="LastIndex"/> + 1 (saturates at <see cref="MaxLag"/>).</summary>
        public readonly int[] ProgressNextLag = new int[Config.MaxClusterSize];

        /// <summary>Slots in the board's database (1..64).</summary>
        public int SlotCount;

        /// <summary>First slot of the page carried.</summary>
        public int FirstSlot;

        /// <summary>Slots carried in this page.</summary>
        public int PageCount;

        /// <summary>The page: slot FirstSlot + i holds PageValues[i].</summary>
        public readonly int[] PageValues = new int[Config.MaxDatabaseSlots];

        /// <summary>The i-th record's match index (at most this when its lag saturated).</summary>
        public int ProgressMatch(int i)
        {
            int match = LastIndex - ProgressMatchLag[i];
            return match < 0 ? 0 : match;
        }

        /// <summary>The i-th record's next index.</summary>
        public int ProgressNext(int i)
        {
            int next = LastIndex + 1 - ProgressNextLag[i];
            return next < 1 ? 1 : next;
        }

        /// <summary>Index of the i-th entry carried.</summary>
        public int EntryIndex(int i) => LastIndex - EntryCount + 1 + i;

        /// <summary>Copies every field of <paramref name="from"/>.</summary>
        public void CopyFrom(StatusReport from)
        {
            NodeId = from.NodeId;
            Term = from.Term;
            Sequence = from.Sequence;
            Role = from.Role;
            Leader = from.Leader;
            Vote = from.Vote;
            IsServer = from.IsServer;
            Fault = from.Fault;
            Commit = from.Commit;
            Applied = from.Applied;
            LastIndex = from.LastIndex;
            LastTerm = from.LastTerm;
            SnapshotIndex = from.SnapshotIndex;
            UptimeSeconds = from.UptimeSeconds;
            FramesReceived = from.FramesReceived;
            FramesSent = from.FramesSent;
            DropsTotal = from.DropsTotal;
            DropsBadTag = from.DropsBadTag;
            DropsStaleTerm = from.DropsStaleTerm;
            SendFailures = from.SendFailures;
            Elections = from.Elections;
            EntryCount = from.EntryCount;
            System.Array.Copy(from.EntryTerms, EntryTerms, MaxEntries);
            System.Array.Copy(from.EntryKinds, EntryKinds, MaxEntries);
            System.Array.Copy(from.EntrySlots, EntrySlots, MaxEntries);
            System.Array.Copy(from.EntryValues, EntryValues, MaxEntries);
            ConfigurationIndex = from.ConfigurationIndex;
            VoterCount = from.VoterCount;
            System.Array.Copy(from.Voters, Voters, Voters.Length);
            LearnerCount = from.LearnerCount;
            System.Array.Copy(from.Learners, Learners, Learners.Length);
            ChangePending = from.ChangePending;
            WaitingToJoin = from.WaitingToJoin;
            Removed = from.Removed;
            TickMillis = from.TickMillis;
            ElectionElapsed = from.ElectionElapsed;
            ElectionTimeout = from.ElectionTimeout;
            HeartbeatInterval = from.HeartbeatInterval;
            HeartbeatElapsed = from.HeartbeatElapsed;
            ProgressCount = from.ProgressCount;
            System.Array.Copy(from.ProgressNodes, ProgressNodes, ProgressNodes.Length);
            System.Array.Copy(from.ProgressStates, ProgressStates, ProgressStates.Length);
            System.Array.Copy(from.ProgressInflight, ProgressInflight, ProgressInflight.Length);
            System.Array.Copy(from.ProgressMatchLag, ProgressMatchLag, ProgressMatchLag.Length);
            System.Array.Copy(from.ProgressNextLag, ProgressNextLag, ProgressNextLag.Length);
            SlotCount = from.SlotCount;
            FirstSlot = from.FirstSlot;
            PageCount = from.PageCount;
            System.Array.Copy(from.PageValues, PageValues, PageValues.Length);
        }
    }
}
