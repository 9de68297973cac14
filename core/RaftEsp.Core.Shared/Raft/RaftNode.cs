namespace RaftEsp.Core
{
    /// <summary>
    /// A Raft node as a pure state machine, in the style of etcd's RawNode. Time enters as <see cref="Tick"/>, frames
    /// as <see cref="Step(byte[], int)"/>, commands as <see cref="Propose"/> and reads as <see cref="ReadIndex"/>.
    /// Everything the host must do comes out as a <see cref="Ready"/>, which the host acknowledges with
    /// <see cref="Advance"/>. No threads, clocks, sockets or files inside; no allocation after construction.
    /// </summary>
    public sealed partial class RaftNode
    {
        private readonly Config config;
        private readonly int id;
        private readonly FrameCodec codec;
        private readonly SeededRandom random;
        private readonly RaftLog log;
        private readonly ProgressTracker tracker;
        private readonly Message inbound = new Message();
        private readonly Message outbound = new Message();
        private readonly Outbox outbox;
        private readonly ReadRequests pendingReads;
        private readonly ForwardedReads forwardedReads;
        private readonly ReadResults readResults;
        private readonly ProposalRejections rejections;
        private readonly ForwardBatch forward = new ForwardBatch();
        private readonly int[] rejectClients = new int[FrameLimits.MaxEntriesPerAppend];
        private readonly int[] rejectSeqs = new int[FrameLimits.MaxEntriesPerAppend];
        private readonly ErrorCode[] rejectReasons = new ErrorCode[FrameLimits.MaxEntriesPerAppend];
        private readonly Ready ready;
        private readonly DropCounters drops = new DropCounters();
        private readonly NodeStats stats = new NodeStats();
        private readonly bool[] sendScratch;
        private IAppliedSessions sessions = NoSessions.Instance;

        private Role role = Role.Follower;
        private int term;
        private int vote = NodeId.None;
        private int leader = NodeId.None;
        private int commit;
        private int applied;
        private int electionElapsed;
        private int heartbeatElapsed;
        private int randomizedElectionTimeout;
        private int round;
        private bool needNoop;
        private bool booted;

        private int persistedTerm;
        private int persistedVote = NodeId.None;
        private int persistedCommit;
        private Role reportedRole = Role.Follower;
        private int reportedLeader = NodeId.None;
        private int reportedTerm;

        private bool readyOutstanding;
        private int readyPersistTo;
        private int readyApplyTo;
        private bool readyHadSnapshot;

        /// <summary>
        /// Creates a node. The configuration must pass <see cref="Config.Validate"/>; an invalid one is a programming
        /// error of the host and throws here, at start-up, never later.
        /// </summary>
        public RaftNode(Config config)
        {
            ConfigError error = config.Validate();
            if (error != ConfigError.None) throw new System.ArgumentException("invalid Raft configuration: " + ConfigErrors.Name(error));
            this.config = config;
            id = config.NodeId;
            codec = new FrameCodec(config.ClusterId, config.ClusterKey, config.FrameCounterLimit, config.ReplayProtection ? config.HeartbeatTicks : 0);
            // Without replay protection nothing is persisted: seal in epoch 1 from the start (tests, benchmarks).
            if (!config.ReplayProtection) codec.Sequencer.Start(1);
            random = new SeededRandom(config.RandomSeed);
            log = new RaftLog(config.LogCapacity);
            // Room for the cluster's member capacity: no configuration may hold more (docs/design.md).
            tracker = new ProgressTracker(config.MemberCapacity, config.MaxInflightFrames);
            // One frame per follower from a leader's flush, plus answers: bounded, and documented in docs/design.md.
            int frames = 2 * tracker.Capacity + 4;
            outbox = new Outbox(frames < 12 ? 12 : frames);
            pendingReads = new ReadRequests(config.MaxPendingReads);
            forwardedReads = new ForwardedReads(config.MaxPendingReads);
            readResults = new ReadResults(config.MaxPendingReads * 2);
            rejections = new ProposalRejections(2 * FrameLimits.MaxEntriesPerAppend);
            ready = new Ready(outbox, readResults, rejections);
            sendScratch = new bool[Config.MaxClusterSize];
            int maxSnapshot = config.SnapshotBufferBytes;
            snapshotData = new byte[maxSnapshot];
            incomingSnapshot = new byte[maxSnapshot];
            FoundConfiguration();
            ResetElectionTimeout();
        }

        /// <summary>This node's id.</summary>
        public int Id => id;

        /// <summary>Current role.</summary>
        public Role Role => role;

        /// <summary>Current term.</summary>
        public int Term => term;

        /// <summary>Who this node voted for in <see cref="Term"/>, or <see cref="NodeId.None"/>.</summary>
        public int Vote => vote;

        /// <summary>The leader this node knows of, or <see cref="NodeId.None"/>.</summary>
        public int Leader => leader;

        /// <summary>Highest index known committed.</summary>
        public int CommitIndex => commit;

        /// <summary>Highest index handed to the host to apply and acknowledged by <see cref="Advance"/>.</summary>
        public int AppliedIndex => applied;

        /// <summary>The in-memory log (read-only use: terms and entries for persisting, applying and status).</summary>
        public RaftLog Log => log;

        /// <summary>The voting members, in configuration order (the same as <see cref="Voters"/>).</summary>
        public NodeSet Members => configuration.Voters;

        /// <summary>The configuration this node runs with.</summary>
        public Config Config => config;

        /// <summary>Received frames dropped, per reason.</summary>
        public DropCounters Drops => drops;

        /// <summary>Counters for figures and status reports.</summary>
        public NodeStats Stats => stats;

        /// <summary>Frames encoded and frames lost to a full outbox since start.</summary>
        public Outbox Outbox => outbox;

        /// <summary>The codec this node seals and opens frames with (shared with the board apps' own frames).</summary>
        public FrameCodec Codec => codec;

        /// <summary>
        /// Lets the leader see the sessions its host applied, so it appends no command a session already answered.
        /// Set once by the host (<see cref="ReadyHandler"/> passes its database); without it only the log is checked.
        /// </summary>
        public void UseSessions(IAppliedSessions applied) => sessions = applied;

        /// <summary>Leader only: the replication progress of member <paramref name="nodeId"/> (which must be a member).</summary>
        public Progress ProgressOf(int nodeId) => tracker.ProgressOf(nodeId);

        /// <summary>True when the progress tracker holds a record for <paramref name="nodeId"/> (<see cref="ProgressOf"/> may be asked).</summary>
        public bool TracksProgressOf(int nodeId) => tracker.Contains(nodeId);

        /// <summary>Ticks since the election timer last restarted (heard a leader, granted a vote, began a campaign).</summary>
        public int ElectionElapsed => electionElapsed;

        /// <summary>The randomized election timeout the timer runs against now, in ticks (§5.2).</summary>
        public int ElectionTimeout => randomizedElectionTimeout;

        /// <summary>Leader only: ticks since its last heartbeat round started (0 on other roles).</summary>
        public int HeartbeatElapsed => role == Role.Leader ? heartbeatElapsed : 0;

        /// <summary>The snapshot's bytes: the configuration it covers, then the state machine's part from
        /// <see cref="SnapshotStateOffset"/> (docs/wire-format.md, "Snapshots").</summary>

        public byte[] SnapshotData => snapshotData;

        /// <summary>Where the state machine's part of a snapshot starts: after the configuration at its head, or -1 when
        /// the head is malformed.</summary>
        public static int SnapshotStateOffset(byte[] snapshot, int offset, int length)
        {
            int size = Configuration.Measure(snapshot, offset, offset + length);
            return size < 0 ? -1 : offset + size;
        }

        /// <summary>Length of the current snapshot (0 before the first compaction).</summary>
        public int SnapshotLength => snapshotLength;

        /// <summary>Advances logical time by one tick: election and heartbeat timers (§5.2).</summary>
        public ErrorCode Tick()
        {
            if (readyOutstanding) return ErrorCode.InvalidState;
            Boot();
            if (codec.Guarded) codec.Guard.Tick();
            if (role == Role.Leader) TickLeader();
            else TickElection();
            TickForwardedReads();
            return ErrorCode.None;
        }

        /// <summary>
        /// Feeds one received radio frame. Returns why it was dropped, or <see cref="FrameError.None"/>. A dropped
        /// frame changes no state; it is counted in <see cref="Drops"/>. Never throws.
        /// </summary>
        public FrameError Step(byte[] frame, int length)
        {
            if (readyOutstanding) return Drop(FrameError.ReadyPending);
            if (frame == null || length < 0 || length > frame.Length) return Drop(FrameError.TooShort);
            FrameError error = codec.Decode(frame, length, id, inbound);
            if (error != FrameError.None) return Drop(error);
            // The codec's guard has handled a Sync or SyncAck completely; Raft never sees them.
            if (inbound.Type == MessageType.Sync || inbound.Type == MessageType.SyncAck) return FrameError.None;
            return StepMessage(inbound);
        }

        /// <summary>
        /// Proposes a client command. On the leader it is appended; on a follower it is forwarded to the leader. A
        /// result of <see cref="ErrorCode.None"/> means accepted for replication, not committed: the host learns the
        /// outcome when it applies the entry with this client id and sequence number (a register: with this nonce in
        /// the sequence field). A leader answers <see cref="ErrorCode.DuplicateProposal"/> for a (client, sequence) it
        /// already holds or applied: the one copy is answered when it is applied.
        /// </summary>
        public ErrorCode Propose(EntryKind kind, int slot, int client, int seq, int value)
        {
            if (readyOutstanding) return ErrorCode.InvalidState;
            Boot();
            ErrorCode rule = CommandRules.Validate(kind, slot, client, seq, config.DatabaseSlots);
            if (rule != ErrorCode.None) return rule;
            if (role == Role.Leader) return AppendProposal(kind, slot, client, seq, value);
            if (leader == NodeId.None) return ErrorCode.NoLeader;
            if (forward.Full) FlushForward();
            forward.Add(kind, slot, client, seq, value);
            return ErrorCode.None;
        }

        /// <summary>
        /// Asks for a linearizable read (§6.4). The answer comes in a later <see cref="Ready.Reads"/> with the same
        /// request id: once the host has applied its index, the local database may be read. On a follower the read
        /// waits for the next flush, whose one ReadIndexRequest covers every read waiting then (one batch out at a
        /// time); <see cref="ErrorCode.ReadQueueFull"/> when <see cref="Config.MaxPendingReads"/> reads wait already.
        /// </summary>
        public ErrorCode ReadIndex(int requestId)
        {
            if (readyOutstanding) return ErrorCode.InvalidState;
            Boot();
            if (role == Role.Leader) return RegisterRead(requestId, id);
            return QueueForwardedRead(requestId);
        }

        /// <summary>Feeds a decoded message (tests and the simulator's fast path; the radio goes through <see cref="Step(byte[], int)"/>).</summary>
        internal FrameError StepMessage(Message m)
        {
            if (readyOutstanding) return Drop(FrameError.ReadyPending);
            Boot();
            if (m.From == id) return Drop(FrameError.FromSelf);
            // The cluster key vouches for every sender; only answers meant for a leader's or a candidate's bookkeeping
            // need the sender to be a member. A learner that joins knows no member yet and follows whoever leads.
            if (!tracker.Contains(m.From) && AnswersToMember(m.Type)) return Drop(FrameError.UnknownSender);
            if (m.Term > term)
            {
                bool voteRequest = m.Type == MessageType.VoteRequest || m.Type == MessageType.PreVoteRequest;
                if (voteRequest && InLease() && !m.Transfer)
                {
                    // §9.6/§4.2.3: a node that hears from a leader does not let a returning board disrupt it. A
                    // campaign on the leader's own TimeoutNow is no disruption (§3.10), so its flag sets the lease aside.
                    stats.VotesIgnoredInLease++;
                    if (m.Type == MessageType.PreVoteRequest) Respond(m, MessageType.PreVoteResponse, true, term);
                    return FrameError.None;
                }

                bool futureTerm = m.Type == MessageType.PreVoteRequest || (m.Type == MessageType.PreVoteResponse && !m.Reject);
                if (!futureTerm)
                {
                    bool fromLeader = m.Type == MessageType.AppendEntries || m.Type == MessageType.SnapshotChunk;
                    BecomeFollower(m.Term, fromLeader ? m.From : NodeId.None);
                }
            }
            else if (m.Term < term)
            {
                AnswerStaleTerm(m);
                return Drop(FrameError.StaleTerm);
            }

            switch (m.Type)
            {
                case MessageType.PreVoteRequest: HandlePreVoteRequest(m); break;
                case MessageType.VoteRequest: HandleVoteRequest(m); break;
                case MessageType.PreVoteResponse: HandlePreVoteResponse(m); break;
                case MessageType.VoteResponse: HandleVoteResponse(m); break;
                case MessageType.AppendEntries: HandleAppendEntries(m); break;
                case MessageType.SnapshotChunk: HandleSnapshotChunk(m); break;
                case MessageType.AppendResponse: HandleAppendResponse(m); break;
                case MessageType.SnapshotResponse: HandleSnapshotResponse(m); break;
                case MessageType.Propose: HandleForwardedProposal(m); break;
                case MessageType.ProposeReject: HandleProposeReject(m); break;
                case MessageType.ReadIndexRequest: HandleReadIndexRequest(m); break;
                case MessageType.ReadIndexResponse: HandleReadIndexResponse(m); break;
                case MessageType.TimeoutNow: HandleTimeoutNow(m); break;
                case MessageType.TransferRequest: HandleTransferRequest(m); break;
                default: return Drop(FrameError.UnknownType);
            }

            // Any accepted frame of the leader's own term shows the sender is in touch (CheckQuorum, Quiet).
            if (role == Role.Leader && m.Term == term && tracker.Contains(m.From)) tracker.ProgressOf(m.From).Heard();
            return FrameError.None;
        }

        private static bool AnswersToMember(MessageType type) =>
            type == MessageType.AppendResponse || type == MessageType.SnapshotResponse ||
            type == MessageType.VoteResponse || type == MessageType.PreVoteResponse;

        /// <summary>
        /// A node whose term ran ahead while it was cut off cannot win a pre-vote against a healthy leader (the others
        /// are in its lease) and would drop that leader's frames forever. Telling a leader of an older term about the
        /// newer one makes it step down, and a fresh election lets the node back in (as etcd does with CheckQuorum or
        /// PreVote). A stale pre-vote request is refused at our term for the same reason. Nothing else changes here.
        /// </summary>
        private void AnswerStaleTerm(Message m)
        {
            if (!config.CheckQuorum && !config.PreVote) return;
            if (m.Type == MessageType.AppendEntries || m.Type == MessageType.SnapshotChunk)
            {
                PrepareOutbound(MessageType.AppendResponse, m.From);
                outbound.Round = m.Round;
                outbox.Add(codec, outbound);
            }
            else if (m.Type == MessageType.PreVoteRequest)
            {
                Respond(m, MessageType.PreVoteResponse, true, term);
            }
        }

        private FrameError Drop(FrameError reason)
        {
            drops.Count(reason);
            return reason;
        }

        private void PrepareOutbound(MessageType type, int to)
        {
            outbound.Reset();
            outbound.Type = type;
            outbound.From = id;
            outbound.To = to;
            outbound.Term = term;
        }

        private void Respond(Message request, MessageType type, bool reject, int responseTerm)
        {
            PrepareOutbound(type, request.From);
            outbound.Term = responseTerm;
            outbound.Reject = reject;
            outbound.Round = request.Round;
            outbox.Add(codec, outbound);
        }

        private void ResetElectionTimeout()
        {
            randomizedElectionTimeout = config.ElectionTicks + random.Next(config.ElectionTicks);
        }

        /// <summary>
        /// §9.6 with CheckQuorum: a leader was heard from within the (minimum) election timeout. A leader's own timer
        /// stays at zero, so it is in its lease for as long as it leads; CheckQuorum ends that within ElectionTicks + 1
        /// ticks of losing its majority, about when the leases of that majority (which last heard it then) run out.
        /// </summary>
        private bool InLease() => config.CheckQuorum && leader != NodeId.None && electionElapsed < config.ElectionTicks;

        /// <summary>This node's own record: a member by <see cref="Config.Validate"/>, so it is always tracked.</summary>
        private Progress SelfProgress() => tracker.ProgressOf(id);
    }
}
