namespace RaftEsp.Core
{
    /// <summary>
    /// Everything a node needs to know before it starts. Build one, call <see cref="Validate"/>, and hand it to
    /// <see cref="RaftNode"/>. Defaults suit a 5-board cluster ticking every 10 ms (docs/design.md).
    /// </summary>
    public sealed class Config
    {
        /// <summary>Largest cluster a node can be configured with.</summary>
        public const int MaxClusterSize = 16;

        /// <summary>Largest database (slot indexes travel in 6 bits).</summary>
        public const int MaxDatabaseSlots = 64;

        /// <summary>Largest client session table (client ids travel in one byte).</summary>
        public const int MaxClientSessions = 255;

        // The next three caps keep a node within the ESP32's 80-110 KB managed heap with room for the app and the
        // runtime: at all the largest settings a node with its database and board store needs about 42 KB
        // (docs/design.md, "Worst-case memory per node").

        /// <summary>Largest in-memory log (the log ring and the board store each hold one entry per slot).</summary>
        public const int MaxLogCapacity = 256;

        /// <summary>Largest flow-control window per follower (twice the default; more only queues frames on the air).</summary>
        public const int InflightFramesLimit = 8;

        /// <summary>Largest table of waiting read requests (twice the default).</summary>
        public const int PendingReadsLimit = 16;

        /// <summary>This node's id (0..254).</summary>
        public int NodeId;

        /// <summary>
        /// The founding voters: the configuration at log index 0, the same on every board of the cluster (it is part of
        /// the cluster's definition, like its key). A node acts on the latest configuration in its snapshot and log
        /// (docs/design.md, "Membership changes"); this list only starts it. Includes this node unless it <see cref="Join"/>s.
        /// </summary>
        public byte[] Members = new byte[0];

        /// <summary>
        /// This board joins a running cluster: it starts as no member at all, never campaigns or votes, and waits for
        /// the leader to add it (as a learner, then a voter). Its id may be a founder's only if that founder was
        /// removed before; it is then left out of the founding voters on this board.
        /// </summary>
        public bool Join;

        /// <summary>
        /// Most voters and learners the cluster may hold at once (1..<see cref="MaxClusterSize"/>); sizes the tracker
        /// and the outbox, so every board of a cluster must use the same value. 0, the default, means the founders plus
        /// two (room to add a board and to replace one, add first, then remove), at most <see cref="MaxClusterSize"/>.
        /// </summary>
        public int MaxMembers;

        /// <summary>The member capacity in effect: <see cref="MaxMembers"/>, or the founders plus two when it is 0.</summary>
        public int MemberCapacity
        {
            get
            {
                if (MaxMembers != 0) return MaxMembers;
                int founders = Members == null ? 0 : Members.Length;
                return founders + 2 > MaxClusterSize ? MaxClusterSize : founders + 2;
            }
        }

        /// <summary>
        /// A leader promotes a learner to voter once it is caught up (it holds every committed entry and answered
        /// within an election timeout; docs/design.md). Off: learners stay learners until promoted by hand.
        /// </summary>
        public bool PromoteLearners = true;

        /// <summary>Identifies the cluster on the air; frames of other clusters are dropped before any other work.</summary>
        public int ClusterId = 1;

        /// <summary>The 128-bit cluster key that tags every frame (SipHash-2-4).</summary>
        public byte[] ClusterKey = new byte[16];

        /// <summary>Seed of this node's random generator (randomized election timeouts).</summary>
        public uint RandomSeed = 1;

        /// <summary>
        /// A follower waits between this many and twice this many ticks without a leader before campaigning (200-400 ms
        /// at 10 ms a tick: the Raft paper's 150-300 ms range, Figure 16, with room for four heartbeats, so a follower
        /// starts a pre-vote only after four heartbeat rounds in a row were lost; docs/design.md, "Elections").
        /// </summary>
        public int ElectionTicks = 20;

        /// <summary>
        /// A leader sends a heartbeat (an empty or carrying AppendEntries) every this many ticks; a (pre-)candidate asks
        /// again the voters that have not answered every this many ticks (docs/design.md, "Elections").
        /// </summary>
        public int HeartbeatTicks = 5;

        /// <summary>Run a PreVote round before a real election so a returning board does not depose a healthy leader.</summary>
        public bool PreVote = true;

        /// <summary>A leader that has not heard from a majority within an election timeout steps down.</summary>
        public bool CheckQuorum = true;

        /// <summary>
        /// The node that should lead when it can (by default on boards: the server node, where every command enters,
        /// so a leader there saves the forwarding hop), or <see cref="RaftEsp.Core.NodeId.None"/> for no preference.
        /// A leader hands over to it only while it is a voter, in touch and fully caught up (docs/design.md,
        /// "Leadership transfer"), so a down or lagging preferred leader is simply not chosen.
        /// </summary>
        public int PreferredLeader = RaftEsp.Core.NodeId.None;

        /// <summary>Hand leadership to <see cref="PreferredLeader"/> when it is healthy and caught up. Off: the
        /// preference is ignored (explicit transfers still work).</summary>
        public bool TransferToPreferred = true;

        /// <summary>
        /// Use broadcast frames: one AppendEntries (or heartbeat) for all followers that are in step, and one vote
        /// request for all voters, instead of one frame each. Off gives the naive baseline.
        /// </summary>
        public bool Broadcast = true;

        /// <summary>Upper bound on entries per AppendEntries frame (1 gives the naive baseline).</summary>
        public int MaxEntriesPerFrame = FrameLimits.MaxEntriesPerAppend;

        /// <summary>AppendEntries frames a leader may have unacknowledged per follower (1..8).</summary>
        public int MaxInflightFrames = 4;

        /// <summary>
        /// A loaded leader may leave its newest entries unwritten for up to this many ticks, so one flash write of its own
        /// covers several broadcast cycles; meanwhile it commits with a full quorum of followers (docs/design.md,
        /// "Replication"). 0 (the naive setting) writes in every Ready that has new entries. Below
        /// <see cref="ElectionTicks"/>: a loaded leader writes its own copy at least once per election timeout.
        /// </summary>
        public int OwnWriteDeferralTicks = 2;

        /// <summary>Entries the in-memory log holds at most (ring buffer, 16..256). Compaction makes room; a leader whose
        /// log is full (a recently active follower still needs its entries) refuses proposals for the moment.</summary>
        public int LogCapacity = 256;

        /// <summary>The leader refuses new proposals while this many entries are uncommitted.</summary>
        public int MaxUncommittedEntries = 52;

        /// <summary>Ask the host for a snapshot once this many applied entries sit in the log.</summary>
        public int CompactionThreshold = 48;

        /// <summary>Slots in the database (5 by default, at most 64).</summary>
        public int DatabaseSlots = 5;

        /// <summary>Client sessions the database keeps (client ids 1..ClientSessions-1; 0 means no session).</summary>
        public int ClientSessions = 16;

        /// <summary>Read requests a node keeps waiting at once (1..16).</summary>
        public int MaxPendingReads = 16;

        /// <summary>
        /// Largest snapshot of the host's state machine, in bytes (1..<see cref="FrameLimits.MaxSnapshotBytes"/> less
        /// the configuration in front of it: snapshot frames carry a 16-bit length and offset): the node's two snapshot
        /// buffers (the one it keeps and sends, the one it receives into) hold this much after the configuration, so a
        /// larger snapshot is refused by <c>Compact</c>, the restore methods and a follower. 0, the default, means the largest snapshot of a <see cref="Database"/> with
        /// <see cref="DatabaseSlots"/> and <see cref="ClientSessions"/> (<see cref="SnapshotBytes"/>).
        /// </summary>
        public int MaxSnapshotBytes;

        /// <summary>The snapshot buffers' size: <see cref="MaxSnapshotBytes"/>, or the database's largest snapshot when it is 0.</summary>
        public int SnapshotBytes => MaxSnapshotBytes != 0 ? MaxSnapshotBytes : Database.MaxSnapshotSize(DatabaseSlots, ClientSessions);

        /// <summary>
        /// The node's snapshot buffers: the configuration it covers (<see cref="Configuration"/>, at most
        /// <see cref="Configuration.MaxEncodedBytes"/>) in front of the state machine's <see cref="SnapshotBytes"/>.
        /// </summary>
        public int SnapshotBufferBytes => Configuration.MaxEncodedBytes + SnapshotBytes;

        /// <summary>
        /// Anti-replay (docs/wire-format.md, "Security"): the node seals nothing until its host starts a durable boot
        /// epoch (<see cref="FrameCodec.Boot"/>), and accepts a frame only once, after a Sync with its sender. Every board
        /// host turns it on (<c>BoardConfig.ToRaftConfig</c>); off, the node seals in epoch 1 and keeps no window, which
        /// suits tests that craft frames by hand.
        /// </summary>
        public bool ReplayProtection;

        /// <summary>Frames a node seals per epoch before it needs the next one (1..2^31-1; tests configure a small one).</summary>
        public int FrameCounterLimit = FrameLimits.MaxCounter;

        /// <summary>Checks every field and their relations. Returns <see cref="ConfigError.None"/> or the first problem.</summary>
        public ConfigError Validate()
        {
            if (!RaftEsp.Core.NodeId.IsValid(NodeId)) return ConfigError.NodeIdOutOfRange;
            if (Members == null || Members.Length == 0) return ConfigError.NoMembers;
            if (Members.Length > MaxClusterSize) return ConfigError.TooManyMembers;
            bool self = false;
            for (int i = 0; i < Members.Length; i++)
            {
                if (!RaftEsp.Core.NodeId.IsValid(Members[i])) return ConfigError.NodeIdOutOfRange;
                if (Members[i] == NodeId) self = true;
                for (int j = 0; j < i; j++)
                {
                    if (Members[j] == Members[i]) return ConfigError.DuplicateMember;
                }
            }

            if (!self && !Join) return ConfigError.SelfNotMember;
            if (MaxMembers < 0 || MaxMembers > MaxClusterSize || (MaxMembers != 0 && MaxMembers < Members.Length)) return ConfigError.MaxMembersOutOfRange;
            if (PreferredLeader != RaftEsp.Core.NodeId.None && !RaftEsp.Core.NodeId.IsValid(PreferredLeader)) return ConfigError.PreferredLeaderOutOfRange;
            if (ClusterId < 0 || ClusterId > 0xFFFF) return ConfigError.ClusterIdOutOfRange;
            if (ClusterKey == null || ClusterKey.Length != 16) return ConfigError.BadClusterKey;
            if (HeartbeatTicks < 1) return ConfigError.HeartbeatTicksTooSmall;
            if (ElectionTicks <= 2 * HeartbeatTicks) return ConfigError.ElectionTicksTooSmall;
            if (ElectionTicks > 100000) return ConfigError.ElectionTicksTooLarge;
            if (MaxEntriesPerFrame < 1 || MaxEntriesPerFrame > FrameLimits.MaxEntriesPerAppend) return ConfigError.MaxEntriesPerFrameOutOfRange;
            if (MaxInflightFrames < 1 || MaxInflightFrames > InflightFramesLimit) return ConfigError.MaxInflightOutOfRange;
            if (OwnWriteDeferralTicks < 0 || OwnWriteDeferralTicks >= ElectionTicks) return ConfigError.OwnWriteDeferralOutOfRange;
            if (LogCapacity < 16 || LogCapacity > MaxLogCapacity) return ConfigError.LogCapacityOutOfRange;
            if (MaxUncommittedEntries < 1 || MaxUncommittedEntries > LogCapacity / 2) return ConfigError.MaxUncommittedOutOfRange;
            if (CompactionThreshold < 1 || CompactionThreshold + MaxUncommittedEntries > LogCapacity) return ConfigError.CompactionThresholdOutOfRange;
            if (DatabaseSlots < 1 || DatabaseSlots > MaxDatabaseSlots) return ConfigError.DatabaseSlotsOutOfRange;
            if (ClientSessions < 1 || ClientSessions > MaxClientSessions) return ConfigError.ClientSessionsOutOfRange;
            if (MaxPendingReads < 1 || MaxPendingReads > PendingReadsLimit) return ConfigError.MaxPendingReadsOutOfRange;
            if (MaxSnapshotBytes < 0 || MaxSnapshotBytes > FrameLimits.MaxSnapshotBytes - Configuration.MaxEncodedBytes) return ConfigError.MaxSnapshotBytesOutOfRange;
            if (FrameCounterLimit < 1) return ConfigError.FrameCounterLimitOutOfRange;
            return ConfigError.None;
        }
    }

    /// <summary>What <see cref="Config.Validate"/> found wrong.</summary>
    public enum ConfigError : byte
    {
        /// <summary>The configuration is valid.</summary>
        None = 0,
        /// <summary>A node id is outside 0..254.</summary>
        NodeIdOutOfRange,
        /// <summary>The member list is empty.</summary>
        NoMembers,
        /// <summary>More than <see cref="Config.MaxClusterSize"/> members.</summary>
        TooManyMembers,
        /// <summary>A node id appears twice in the member list.</summary>
        DuplicateMember,
        /// <summary>This node is not in the member list and does not join.</summary>
        SelfNotMember,
        /// <summary>The cluster id does not fit 16 bits.</summary>
        ClusterIdOutOfRange,
        /// <summary>The cluster key is not 16 bytes.</summary>
        BadClusterKey,
        /// <summary>HeartbeatTicks is below 1.</summary>
        HeartbeatTicksTooSmall,
        /// <summary>ElectionTicks must exceed twice HeartbeatTicks, or one lost heartbeat starts an election.</summary>
        ElectionTicksTooSmall,
        /// <summary>ElectionTicks is absurdly large.</summary>
        ElectionTicksTooLarge,
        /// <summary>MaxEntriesPerFrame is outside 1..26.</summary>
        MaxEntriesPerFrameOutOfRange,
        /// <summary>MaxInflightFrames is outside 1..<see cref="Config.InflightFramesLimit"/> (8).</summary>
        MaxInflightOutOfRange,
        /// <summary>LogCapacity is outside 16..<see cref="Config.MaxLogCapacity"/> (256).</summary>
        LogCapacityOutOfRange,
        /// <summary>MaxUncommittedEntries must be 1..LogCapacity/2.</summary>
        MaxUncommittedOutOfRange,
        /// <summary>CompactionThreshold plus MaxUncommittedEntries must fit in LogCapacity.</summary>
        CompactionThresholdOutOfRange,
        /// <summary>DatabaseSlots is outside 1..64.</summary>
        DatabaseSlotsOutOfRange,
        /// <summary>ClientSessions is outside 1..255.</summary>
        ClientSessionsOutOfRange,
        /// <summary>MaxPendingReads is outside 1..<see cref="Config.PendingReadsLimit"/> (16).</summary>
        MaxPendingReadsOutOfRange,
        /// <summary>MaxSnapshotBytes is outside 0..<see cref="FrameLimits.MaxSnapshotBytes"/> (65535; 0 takes the database's size).</summary>
        MaxSnapshotBytesOutOfRange,
        /// <summary>FrameCounterLimit is below 1.</summary>
        FrameCounterLimitOutOfRange,
        /// <summary>PreferredLeader is neither <see cref="RaftEsp.Core.NodeId.None"/> nor a node id (0..254).</summary>
        PreferredLeaderOutOfRange,
        /// <summary>MaxMembers is outside 0..<see cref="Config.MaxClusterSize"/>, or below the founders' count.</summary>
        MaxMembersOutOfRange,
        /// <summary>OwnWriteDeferralTicks is negative or not below ElectionTicks.</summary>
        OwnWriteDeferralOutOfRange,
    }

    /// <summary>Readable names of <see cref="ConfigError"/> values (no Enum reflection on the boards).</summary>
    public static class ConfigErrors
    {
        /// <summary>The error's name.</summary>
        public static string Name(ConfigError error)
        {
            switch (error)
            {
                case ConfigError.None: return "None";
                case ConfigError.NodeIdOutOfRange: return "NodeIdOutOfRange";
                case ConfigError.NoMembers: return "NoMembers";
                case ConfigError.TooManyMembers: return "TooManyMembers";
                case ConfigError.DuplicateMember: return "DuplicateMember";
                case ConfigError.SelfNotMember: return "SelfNotMember";
                case ConfigError.ClusterIdOutOfRange: return "ClusterIdOutOfRange";
                case ConfigError.BadClusterKey: return "BadClusterKey";
                case ConfigError.HeartbeatTicksTooSmall: return "HeartbeatTicksTooSmall";
                case ConfigError.ElectionTicksTooSmall: return "ElectionTicksTooSmall";
                case ConfigError.ElectionTicksTooLarge: return "ElectionTicksTooLarge";
                case ConfigError.MaxEntriesPerFrameOutOfRange: return "MaxEntriesPerFrameOutOfRange";
                case ConfigError.MaxInflightOutOfRange: return "MaxInflightOutOfRange";
                case ConfigError.LogCapacityOutOfRange: return "LogCapacityOutOfRange";
                case ConfigError.MaxUncommittedOutOfRange: return "MaxUncommittedOutOfRange";
                case ConfigError.CompactionThresholdOutOfRange: return "CompactionThresholdOutOfRange";
                case ConfigError.DatabaseSlotsOutOfRange: return "DatabaseSlotsOutOfRange";
                case ConfigError.ClientSessionsOutOfRange: return "ClientSessionsOutOfRange";
                case ConfigError.MaxPendingReadsOutOfRange: return "MaxPendingReadsOutOfRange";
                case ConfigError.MaxSnapshotBytesOutOfRange: return "MaxSnapshotBytesOutOfRange";
                case ConfigError.FrameCounterLimitOutOfRange: return "FrameCounterLimitOutOfRange";
                case ConfigError.PreferredLeaderOutOfRange: return "PreferredLeaderOutOfRange";
                case ConfigError.MaxMembersOutOfRange: return "MaxMembersOutOfRange";
                case ConfigError.OwnWriteDeferralOutOfRange: return "OwnWriteDeferralOutOfRange";
                default: return "Unknown";
            }
        }
    }
}
