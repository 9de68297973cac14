using RaftEsp.Core;

namespace RaftEsp.Apps
{
    /// <summary>
    /// One Raft node on a board (docs/design.md, "The board apps"). <see cref="RunOnce"/> is one pass of the board's
    /// loop: the Raft ticks that are due, the frames waiting on the radio, then one Ready handled by the shared
    /// <see cref="ReadyHandler"/> in the order Raft needs (send what may leave, persist with <see cref="BoardStore"/>,
    /// send what had to wait, apply, answer, Advance, compact), the status LED. The server node is the same app with a <see cref="ServerFrontEnd"/>.
    /// Every buffer is allocated here, once: the loop allocates nothing.
    /// </summary>
    public sealed class NodeApp
    {
        /// <summary>
        /// Frames taken from the radio per pass (the radio's receive queue): a saturated leader takes every waiting
        /// acknowledgement and client command into one Ready, so one flash write and one broadcast serve them all
        /// (docs/design.md, "Batching by the host loop").
        /// </summary>
        public const int MaxFramesPerPass = 16;

        /// <summary>
        /// Answers the node may have queued before the pass stops feeding it frames: the outbox must hold the answers
        /// of one Ready and the leader's flush (docs/design.md).
        /// </summary>
        public const int MaxAnswersPerPass = 8;

        /// <summary>Ticks a late pass catches up at most; beyond that the board skips ticks rather than bursting.</summary>
        public const int MaxTicksPerPass = 4;

        /// <summary>
        /// A joiner nobody polls sends its report to the collector unasked this often, so the collector learns of it
        /// (docs/protocol.md, "How the collector polls"); once polled, it stops.
        /// </summary>
        public const int AnnounceIntervalMillis = 1000;

        /// <summary>Budget of the raft.log file before it is rewritten as one record.</summary>
        public const int MaxLogFileBytes = 16384;

        private readonly BoardConfig config;
        private readonly IRadio radio;
        private readonly IClock clock;
        private readonly IStatusLed led;
        private readonly RaftNode node;
        private readonly Database database;
        private readonly BoardStore store;
        private readonly BoardEpochs epochs;
        private readonly FrameCodec codec;
        private readonly ServerFrontEnd frontEnd;
        private readonly ReadyHandler handler;
        private readonly DropCounters appDrops = new DropCounters();
        private readonly byte[] rx = new byte[FrameLimits.MaxFrameBytes];
        private readonly byte[] tx = new byte[FrameLimits.MaxFrameBytes];
        private readonly int[] slotValues;
        private readonly StatusPoll poll = new StatusPoll();
        private readonly StatusReport report = new StatusReport();
        private readonly ClientCommand command = new ClientCommand();
        private readonly ClientResult notServer = new ClientResult();
        private readonly MembershipStatus membership;
        private readonly AckSlot ackSlot = new AckSlot(AckSlot.SlotMicros);

        private bool started;
        private ErrorCode fault;
        private long startMillis;
        private long nextTickMillis;
        private bool ledKnown;
        private bool ledOn;
        private long lastPolledMillis;
        private long nextAnnounceMillis;

        /// <summary>
        /// Builds the app for a member board. The configuration must pass <see cref="BoardConfig.Validate"/> and name a
        /// member: a wrong one is the flasher's mistake and throws here, at start-up, never later.
        /// </summary>
        public NodeApp(BoardConfig config, IRadio radio, IFlashFiles flash, IClock clock, IStatusLed led)
        {
            BoardConfigError error = config.Validate();
            if (error != BoardConfigError.None) throw new System.ArgumentException("invalid board configuration: " + BoardConfigErrors.Name(error));
            if (!config.IsNode) throw new System.ArgumentException("node " + config.NodeId.ToString() + " is neither a member nor a joiner");
            this.config = config;
            this.radio = radio;
            this.clock = clock;
            this.led = led;
            Config raft = config.ToRaftConfig();
            node = new RaftNode(raft);
            database = new Database(raft.DatabaseSlots, raft.ClientSessions);
            store = new BoardStore(flash, raft, MaxLogFileBytes);
            codec = node.Codec;
            epochs = new BoardEpochs(codec, flash, config.NodeId);
            slotValues = new int[raft.DatabaseSlots];
            membership = new MembershipStatus(config.Join);
            // No nullable annotations in portable code (the boards' compiler runs without them): null! marks "absent".
            frontEnd = config.IsServer ? new ServerFrontEnd(raft.ClientSessions, raft.MaxPendingReads, 4 * raft.ElectionTicks, new RadioResults(this)) : null!;
            if (config.IsServer)
            {
                // A join waits for the learner to catch up and be promoted: twice a write's deadline (1.6 s by default).
                frontEnd.Changes.TimeoutTicks = 8 * raft.ElectionTicks;
                frontEnd.Changes.RetryTicks = raft.HeartbeatTicks;
            }

            IReadyObserver answers = config.IsServer ? new FrontEndReadyObserver(frontEnd, node, database) : ReadyHandler.Unobserved;
            handler = new ReadyHandler(node, database, new RadioFrames(this), store, answers);
        }

        /// <summary>The Raft node (read-only use by hosts and tests).</summary>
        public RaftNode Node => node;

        /// <summary>The replicated database (read-only use by hosts and tests).</summary>
        public Database Database => database;

        /// <summary>The board's durable state on flash.</summary>
        public BoardStore Store => store;

        /// <summary>True on the server node.</summary>
        public bool IsServer => frontEnd != null;

        /// <summary>The client side of the server node; null on other boards (check <see cref="IsServer"/>).</summary>
        public ServerFrontEnd FrontEnd => frontEnd;

        /// <summary>The configuration this app runs with.</summary>
        public BoardConfig Config => config;

        /// <summary>None while the app runs; otherwise why it stopped (its flash, or an entry it could not apply).</summary>
        public ErrorCode Fault => fault;

        /// <summary>True once <see cref="Start"/> succeeded and nothing has stopped the app since.</summary>
        public bool Running => started && fault == ErrorCode.None;

        /// <summary>Radio frames received.</summary>
        public int FramesReceived { get; private set; }

        /// <summary>Radio frames sent.</summary>
        public int FramesSent { get; private set; }

        /// <summary>Frames the radio refused.</summary>
        public int SendFailures { get; private set; }

        /// <summary>App frames (types ≥ 32) dropped, per reason; Raft frames are counted in <see cref="RaftNode.Drops"/>.</summary>
        public DropCounters AppDrops => appDrops;

        /// <summary>Where the anti-replay Sync nonces come from; set before <see cref="Start"/> (see <see cref="INonceSource"/>).</summary>
        public INonceSource Nonces
        {
            set => epochs.Nonces = value;
        }

        /// <summary>Why the last boot epoch could not be taken (<see cref="Apps.EpochError.None"/> while the app may seal frames).</summary>
        public EpochError EpochError => epochs.Error;

        /// <summary>Status polls answered.</summary>
        public int PollsAnswered { get; private set; }

        /// <summary>Reports sent to the collector unasked (a joiner waiting to be added).</summary>
        public int Announcements { get; private set; }

        /// <summary>
        /// Takes the next boot epoch (durable before any frame is sealed), then loads raft.snap and raft.log. A fresh
        /// board starts empty; files that contradict themselves are refused with <see cref="ErrorCode.BadPersistentState"/>:
        /// the app then stays out of the cluster, answers polls with the fault, and blinks the fault pattern. A board
        /// without a new epoch (<see cref="EpochError"/>) seals nothing at all and shows the same fault.
        /// </summary>
        public ErrorCode Start()
        {
            if (started) return ErrorCode.InvalidState;
            started = true;
            startMillis = clock.NowMillis;
            nextTickMillis = startMillis + config.TickMillis;
            EpochError epoch = epochs.Boot();
            fault = store.Load(node, database);
            if (fault == ErrorCode.None && epoch != EpochError.None) fault = ErrorCode.BadPersistentState;
            UpdateLed(startMillis);
            return fault;
        }


        /// <summary>
        /// One pass of the loop. Returns the milliseconds until the next tick is due, or 0 when work is waiting: the
        /// caller sleeps at most that long, or until a frame arrives.
        /// </summary>
        public int RunOnce()
        {
            long now = clock.NowMillis;
            if (!started)
            {
                return config.TickMillis;
            }

            if (fault != ErrorCode.None)
            {
                // Raft is stopped, but the board still answers polls: it keeps its replay windows synchronised itself.
                epochs.Renew();
                TickWhileFaulted(now);
                DrainWhileFaulted();
                epochs.SendDue(radio);
                UpdateLed(now);
                return config.TickMillis;
            }

            epochs.Renew();
            RunTicks(now);
            SendHeldAnswer();
            bool more = DrainRadio();
            // A leader holds its appends while the radio has not sent what it was given (docs/design.md, "Replication").
            node.NoteRadioBacklog(radio.Unsent);
            if (fault == ErrorCode.None && handler.Prepare()) HandleReady();
            SendHeldAnswer();
            membership.Note(node);
            if (config.Join) MaybeAnnounce(now);
            UpdateLed(now);
            // Advance may have moved the commit index on: the flush tells the followers now rather than at the next tick.
            node.NoteRadioBacklog(radio.Unsent);
            if (more || (fault == ErrorCode.None && handler.Prepare())) return 0;
            long wait = nextTickMillis - clock.NowMillis;
            if (ackSlot.Holding)
            {
                // Wake for the held acknowledgement's slot (rounded up to the loop's millisecond sleeps).
                long slot = (ackSlot.DueMicros - clock.NowMicros + 999) / 1000;
                if (slot < wait) wait = slot;
            }

            return wait < 0 ? 0 : (int)wait;
        }

        /// <summary>The acknowledgement held for its slot (<see cref="AckSlot"/>) leaves once the slot has come.</summary>
        private void SendHeldAnswer()
        {
            if (!ackSlot.Holding) return;
            int n = ackSlot.TakeDue(clock.NowMicros, tx, out int to);
            if (n > 0) Send(to, tx, n);
        }

        /// <summary>Acknowledgements held for their slot after a broadcast, and those a later one replaced.</summary>
        public AckSlot AckSlot => ackSlot;

        private void RunTicks(long now)
        {
            int ticks = 0;
            while (now >= nextTickMillis && ticks < MaxTicksPerPass)
            {
                node.Tick();
                if (frontEnd != null) frontEnd.Tick(node);
                nextTickMillis += config.TickMillis;
                ticks++;
            }

            if (now >= nextTickMillis) nextTickMillis = now + config.TickMillis;
        }

        /// <summary>Feeds up to <see cref="MaxFramesPerPass"/> frames; true when more may be waiting.</summary>
        private bool DrainRadio()
        {
            ackSlot.BeginPass();
            for (int i = 0; i < MaxFramesPerPass; i++)
            {
                if (node.Outbox.Count >= MaxAnswersPerPass) return true;
                int n = radio.Receive(rx);
                if (n <= 0) return false;
                FramesReceived++;
                if (AppFrames.IsAppFrame(rx, n)) HandleAppFrame(n);
                else
                {
                    ackSlot.Stepped(rx, n, radio.LastReceivedMicros);
                    node.Step(rx, n);
                }
            }

            return true;
        }

        private void TickWhileFaulted(long now)
        {
            while (now >= nextTickMillis)
            {
                epochs.Tick();
                nextTickMillis += config.TickMillis;
            }
        }

        private void DrainWhileFaulted()
        {
            for (int i = 0; i < MaxFramesPerPass; i++)
            {
                int n = radio.Receive(rx);
                if (n <= 0) return;
                FramesReceived++;
                if (AppFrames.IsAppFrame(rx, n)) HandleAppFrame(n);
                else if (BoardEpochs.IsSyncFrame(rx, n)) epochs.Receive(rx, n);
            }
        }

        private void HandleAppFrame(int length)
        {
            FrameError error;
            switch (rx[3])
            {
                case AppFrames.StatusPollType:
                    error = AppFrames.DecodeStatusPoll(codec, rx, length, node.Id, poll);
                    if (error == FrameError.None) AnswerPoll();
                    break;
                case AppFrames.ClientCommandType:
                    error = AppFrames.DecodeClientCommand(codec, rx, length, node.Id, command, out int from);
                    if (error == FrameError.None) HandleCommand(from);
                    break;
                default:
                    error = codec.CheckEnvelope(rx, length, node.Id);
                    if (error == FrameError.None) error = FrameError.UnknownType;
                    break;
            }

            if (error != FrameError.None) appDrops.Count(error);
        }

        private void HandleCommand(int from)
        {
            if (frontEnd != null && fault == ErrorCode.None)
            {
                frontEnd.Submit(command, from, node, database);
                return;
            }

            notServer.RequestId = command.RequestId;
            notServer.Client = command.Client;
            notServer.Seq = command.Seq;
            notServer.Kind = command.Kind;
            notServer.Status = fault != ErrorCode.None ? CommandStatuses.From(fault) : CommandStatus.NotServer;
            notServer.Value = 0;
            notServer.Index = 0;
            notServer.Leader = node.Leader;
            notServer.ReplyTo = from;
            SendResult(notServer);
        }

        private void AnswerPoll()
        {
            lastPolledMillis = clock.NowMillis;
            FillReport(poll.Sequence, poll.FirstSlot);
            int n = AppFrames.EncodeStatusReport(codec, tx, poll.From, report);
            if (n > 0 && Send(poll.From, tx, n)) PollsAnswered++;
        }

        /// <summary>A joiner waiting to be added, and polled by nobody lately, sends its report (sequence 0) to the collector.</summary>
        private void MaybeAnnounce(long now)
        {
            if (now < nextAnnounceMillis || now - lastPolledMillis < AnnounceIntervalMillis || !membership.Waiting(node)) return;
            nextAnnounceMillis = now + AnnounceIntervalMillis;
            FillReport(0, 0);
            int n = AppFrames.EncodeStatusReport(codec, tx, config.CollectorId, report);
            if (n > 0 && Send(config.CollectorId, tx, n)) Announcements++;
        }

        private void FillReport(int sequence, int firstSlot)
        {
            StatusReport r = report;
            r.Sequence = sequence;
            r.IsServer = frontEnd != null;
            r.Fault = fault;
            long up = (clock.NowMillis - startMillis) / 1000;
            r.UptimeSeconds = up > int.MaxValue ? int.MaxValue : (int)up;
            r.FramesReceived = FramesReceived;
            r.FramesSent = FramesSent;
            r.DropsTotal = node.Drops.Total + appDrops.Total;
            r.DropsBadTag = node.Drops.Get(FrameError.BadTag) + appDrops.Get(FrameError.BadTag);
            r.SendFailures = SendFailures;
            ReportState.Fill(r, node, database, membership, config.TickMillis, slotValues, firstSlot);
        }

        /// <summary>One Ready, in the order Raft needs: nothing that vouches for state leaves before the state is on flash.</summary>
        private void HandleReady()
        {
            ErrorCode code = handler.Handle();
            if (code != ErrorCode.None) Stop(code);
        }

        /// <summary>
        /// The app cannot go on without risking a wrong answer: it stops taking part (the node is left mid-Ready, so it
        /// accepts no input) and shows the fault. A watchdog or the user restarts the board; it reloads from flash.
        /// </summary>
        private void Stop(ErrorCode code)
        {
            fault = code;
            if (frontEnd != null) frontEnd.Forget();
        }

        private bool Send(int to, byte[] frame, int length)
        {
            if (radio.Send(to, frame, length))
            {
                FramesSent++;
                return true;
            }

            SendFailures++;
            return false;
        }

        private void SendResult(ClientResult result)
        {
            int n = AppFrames.EncodeClientResult(codec, tx, node.Id, result.ReplyTo, node.Term, result);
            if (n > 0) Send(result.ReplyTo, tx, n);
        }

        private void UpdateLed(long now)
        {
            bool on = LedPattern.IsOn(now - startMillis, node.Role, node.Term, fault != ErrorCode.None);
            if (ledKnown && on == ledOn) return;
            ledKnown = true;
            ledOn = on;
            led.Set(on);
        }

        /// <summary>The Ready's frames go out on the radio, but an acknowledgement of a broadcast waits for its slot.</summary>
        private sealed class RadioFrames : IFrameSender
        {
            private readonly NodeApp app;

            public RadioFrames(NodeApp app) => this.app = app;

            public void Send(int to, byte[] frame, int length)
            {
                if (!app.ackSlot.Offer(app.node, to, frame, length, app.clock.NowMicros)) app.Send(to, frame, length);
            }
        }

        /// <summary>The front end's answers go out on the radio as ClientResult frames.</summary>
        private sealed class RadioResults : IResultSender
        {
            private readonly NodeApp app;

            public RadioResults(NodeApp app) => this.app = app;

            public void SendResult(ClientResult result) => app.SendResult(result);
        }
    }
}
