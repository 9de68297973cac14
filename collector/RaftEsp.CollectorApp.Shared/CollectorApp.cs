using RaftEsp.Core;

namespace RaftEsp.Apps
{
    /// <summary>
    /// The collector board (docs/design.md, "The board apps"): it listens to the radio, polls the boards in turn for
    /// their status (one poll in flight, so reports never collide; a board silent past the timeout is marked offline
    /// and the collector moves on; which boards, see <see cref="PolledBoards"/>), relays every report and command result to the desktop, and relays the desktop's
    /// commands to the server node. It owns nothing: the desktop picks request ids, client ids and sequence numbers,
    /// and the command frame carries the request id there and back, so no routing table is needed. It also counts
    /// the frames it hears per sender, from the header alone, for display. Towards the desktop it speaks only inside a
    /// session opened by a handshake (docs/protocol.md, "Handshake and sessions"): a hello earns a challenge with a
    /// fresh nonce, an attach that echoes it opens the session and moves the stream to its sender, and every later
    /// datagram must carry that session and a counter not seen before. On the radio it is a sender like the boards, so
    /// it follows the same anti-replay rules (docs/wire-format.md, "Security"): a durable boot epoch before its first
    /// frame, a replay window for every board, and the Sync handshake after it boots.
    /// </summary>
    public sealed class CollectorApp
    {
        /// <summary>Radio frames handled per pass.</summary>
        public const int MaxFramesPerPass = 16;

        /// <summary>Desktop datagrams handled per pass.</summary>
        public const int MaxDatagramsPerPass = 8;

        /// <summary>How often the collector sends its own counters.</summary>
        public const int StatsIntervalMillis = 1000;

        /// <summary>The frames-heard digest goes to the desktop this often at most (sooner when its buffer fills).</summary>
        public const int DigestIntervalMillis = 100;

        /// <summary>How long a challenge waits for its attach; one is outstanding at a time, a newer hello replaces it.</summary>
        public const int ChallengeLifetimeMillis = 2000;

        /// <summary>
        /// Boards polled at most: every member a configuration can hold, and as many again for joiners waiting to be
        /// added and removed boards still reporting (docs/protocol.md, "How the collector polls").
        /// </summary>
        public const int MaxPolledBoards = 2 * Config.MaxClusterSize;

        private const int Never = -1;

        private readonly BoardConfig config;
        private readonly IRadio radio;
        private readonly IDesktopLink desktop;
        private readonly IClock clock;
        private readonly IStatusLed led;
        private readonly INonceSource nonces;
        private readonly FrameCodec codec;
        private readonly BoardEpochs epochs;
        private readonly LinkKey link;
        private readonly int id;
        private readonly PolledBoards boards;
        private int latestConfigurationIndex = -1;

        private readonly bool[] online;
        private readonly int[] nextPage;
        private readonly int[] unanswered;
        private readonly int[] heard = new int[NodeId.MaxId + 1];
        private readonly long[] lastHeard = new long[NodeId.MaxId + 1];

        private readonly byte[] rx = new byte[FrameLimits.MaxFrameBytes];
        private readonly byte[] tx = new byte[FrameLimits.MaxFrameBytes];
        private readonly byte[] datagramIn = new byte[DesktopProtocol.MaxDatagramBytes];
        private readonly byte[] datagramOut = new byte[DesktopProtocol.MaxDatagramBytes];
        private readonly StatusPoll poll = new StatusPoll();
        private readonly BoardStatus status = new BoardStatus();
        private readonly ClientCommand command = new ClientCommand();
        private readonly ClientResult result = new ClientResult();
        private readonly CollectorStats stats = new CollectorStats();
        private readonly SessionStamp stamp = new SessionStamp();
        private readonly LinkSession session = new LinkSession();
        private readonly FramesHeard digest = new FramesHeard(); // what it overhears, for the monitor's frames in flight
        private long nextDigestAt;

        private readonly long startMillis;
        private int target = -1;
        private bool pollInFlight;
        private int pollSeq;
        private long pollDeadline;
        private long nextPollAt;
        private long nextStatsAt;
        private long lastActivity = Never;
        private long nextTickAt;
        private readonly DropCounters radioDrops = new DropCounters();
        private bool ledKnown;
        private bool ledOn;
        private bool challengeOutstanding;
        private ulong challengeDesktopNonce;
        private ulong challengeCollectorNonce;
        private long challengeExpires;

        /// <summary>
        /// Builds the collector; the configuration must be valid and name this board the collector (else it throws, at
        /// start-up). Takes the next boot epoch from <paramref name="flash"/> before anything is sent; without one
        /// (<see cref="EpochError"/>) the collector listens but sends no radio frame. <paramref name="nonces"/> gives
        /// the desktop handshake's challenges and the radio's Sync nonces.
        /// </summary>
        public CollectorApp(BoardConfig config, IRadio radio, IDesktopLink desktop, IClock clock, IStatusLed led, IFlashFiles flash, INonceSource nonces)
        {
            BoardConfigError error = config.Validate();
            if (error != BoardConfigError.None) throw new System.ArgumentException("invalid board configuration: " + BoardConfigErrors.Name(error));
            if (!config.IsCollector) throw new System.ArgumentException("node " + config.NodeId.ToString() + " is not the collector");
            this.config = config;
            this.radio = radio;
            this.desktop = desktop;
            this.clock = clock;
            this.led = led;
            this.nonces = nonces;
            id = config.NodeId;
            Config raft = config.ToRaftConfig();
            codec = new FrameCodec(config.ClusterId, config.ClusterKey, raft.FrameCounterLimit, raft.HeartbeatTicks);
            epochs = new BoardEpochs(codec, flash, config.NodeId);
            epochs.Nonces = nonces;
            link = new LinkKey(config.ClusterId, config.ClusterKey);
            boards = new PolledBoards(MaxPolledBoards, config.Members);
            online = new bool[MaxPolledBoards];
            nextPage = new int[MaxPolledBoards];
            unanswered = new int[MaxPolledBoards];
            for (int i = 0; i < lastHeard.Length; i++) lastHeard[i] = Never;
            startMillis = clock.NowMillis;
            // Boards that booted with the collector accept its polls once they synchronised with it: one sync interval.
            nextPollAt = startMillis + 2 * config.TickMillis * raft.HeartbeatTicks;
            nextStatsAt = startMillis + StatsIntervalMillis;
            stats.CollectorId = id;
            nextTickAt = startMillis + config.TickMillis;
            epochs.Boot();
        }

        /// <summary>Why the collector could not take a boot epoch; <see cref="Apps.EpochError.None"/> while it may send.</summary>
        public EpochError EpochError => epochs.Error;

        /// <summary>Radio frames dropped per reason (replays and unsynced senders among them).</summary>
        public DropCounters RadioDrops => radioDrops;

        /// <summary>The collector's counters (live; copy before keeping).</summary>
        public CollectorStats Stats => stats;

        /// <summary>True when the board answered its last poll.</summary>
        public bool IsOnline(int node)
        {
            int i = boards.IndexOf(node);
            return i >= 0 && online[i];
        }

        /// <summary>
        /// The boards the collector polls in turn: the founding members of its configuration, every id in the latest
        /// configuration it heard in a report (the one of the highest configuration index), and every joiner that
        /// announced itself (a board waiting to be added sends its report unasked). Bounded by <see cref="MaxPolledBoards"/>.
        /// </summary>
        public PolledBoards PolledBoards => boards;

        /// <summary>Radio frames heard from <paramref name="node"/>.</summary>
        public int FramesHeardFrom(int node) => NodeId.IsValid(node) ? heard[node] : 0;

        /// <summary>The board being polled now, or -1.</summary>
        public int PollTarget => pollInFlight ? boards.IdAt(target) : -1;

        /// <summary>True while a desktop is attached (a session is open).</summary>
        public bool HasSession => session.IsOpen;

        /// <summary>Datagrams the desktop link refused.</summary>
        public int DesktopSendFailures { get; private set; }

        /// <summary>
        /// One pass: frames heard, datagrams from the desktop, the poll that is due or timed out, the stats, the LED.
        /// Returns the milliseconds until the next thing is due, or 0 when more input may be waiting.
        /// </summary>
        public int RunOnce()
        {
            long now = clock.NowMillis;
            epochs.Renew();
            while (now >= nextTickAt)
            {
                epochs.Tick();
                nextTickAt += config.TickMillis;
            }

            bool more = DrainRadio(now);
            if (now >= nextDigestAt) SendDigest(now);
            epochs.SendDue(radio);
            if (DrainDesktop(now)) more = true;
            Poll(now);
            if (now >= nextStatsAt)
            {
                SendStats(now);
                nextStatsAt = now + StatsIntervalMillis;
            }

            UpdateLed(now);
            if (more) return 0;
            long due = pollInFlight ? pollDeadline : nextPollAt;
            if (nextStatsAt < due) due = nextStatsAt;
            if ((digest.Count > 0 || digest.Unreported > 0) && nextDigestAt < due) due = nextDigestAt;
            long wait = due - now;
            return wait < 0 ? 0 : (int)wait;
        }

        private bool DrainRadio(long now)
        {
            for (int i = 0; i < MaxFramesPerPass; i++)
            {
                int n = radio.Receive(rx);
                if (n <= 0) return false;
                stats.RadioFramesHeard++;
                if (CountActivity(n, now) && session.IsOpen)
                {
                    if (digest.Full) SendDigest(now);
                    digest.Add(now - startMillis, rx, n);
                }

                FrameError error;
                if (BoardEpochs.IsSyncFrame(rx, n))
                {
                    error = epochs.Receive(rx, n);
                    if (error != FrameError.None && error != FrameError.NotForMe) CountDrop(error);
                    continue;
                }

                // Raft traffic and app frames for others are only counted; app frames for the collector are read.
                if (!AppFrames.IsAppFrame(rx, n) || (rx[5] != id && rx[5] != NodeId.Broadcast)) continue;
                switch (rx[3])
                {
                    case AppFrames.StatusReportType:
                        error = AppFrames.DecodeStatusReport(codec, rx, n, id, status.Report);
                        if (error == FrameError.None) OnReport(now);
                        break;
                    case AppFrames.ClientResultType:
                        error = AppFrames.DecodeClientResult(codec, rx, n, id, result);
                        if (error == FrameError.None) OnResult(now);
                        break;
                    default:
                        error = FrameError.UnknownType;
                        break;
                }

                if (error != FrameError.None) CountDrop(error);
            }

            return true;
        }

        private void CountDrop(FrameError error)
        {
            stats.RadioFramesDropped++;
            radioDrops.Count(error);
        }

        /// <summary>Counts a frame for its sender from the header alone: version, cluster and sender plausible, tag not checked.</summary>
        private bool CountActivity(int n, long now)
        {
            if (n < FrameLimits.HeaderBytes || rx[0] != FrameLimits.ProtocolVersion || Bytes.ReadU16(rx, 1) != config.ClusterId) return false;
            int from = rx[4];
            if (from > NodeId.MaxId) return false;
            heard[from]++;
            lastHeard[from] = now;
            return true;
        }

        /// <summary>
        /// Sends the frames overheard since the last digest (desktop datagram 8, <see cref="FramesHeard"/>), at most
        /// every <see cref="DigestIntervalMillis"/> ms or when the buffer is full; only while a desktop is attached.
        /// </summary>
        private void SendDigest(long now)
        {
            nextDigestAt = now + DigestIntervalMillis;
            if (digest.Count == 0 && digest.Unreported == 0) return;
            int counter = session.IsOpen ? NextCounter() : 0;
            if (counter > 0) SendDatagram(DesktopProtocol.EncodeFramesHeard(link, datagramOut, session.Id, counter, digest));
            digest.Clear();
        }

        private void OnReport(long now)
        {
            StatusReport report = status.Report;
            stats.ReportsReceived++;
            lastActivity = now;
            LearnBoards(report);
            int i = boards.IndexOf(report.NodeId);
            if (i >= 0)
            {
                online[i] = true;
                if (pollInFlight && i == target && report.Sequence == pollSeq)
                {
                    pollInFlight = false;
                    nextPollAt = now + config.PollGapMillis;
                    int next = report.FirstSlot + report.PageCount;
                    nextPage[i] = next >= report.SlotCount ? 0 : next;
                }
            }

            FillView(report.NodeId, now);
            status.HasReport = true;
            SendBoardStatus();
        }

        /// <summary>
        /// Takes the boards a report names into the polled set: the reporter itself when it waits to join (its
        /// announcement) or belongs to the latest configuration heard, and every voter and learner of a configuration
        /// newer than the latest one heard. A new board's counters start afresh.
        /// </summary>
        private void LearnBoards(StatusReport report)
        {
            if (report.ConfigurationIndex > latestConfigurationIndex)
            {
                latestConfigurationIndex = report.ConfigurationIndex;
                boards.SetLatest(report.Voters, report.VoterCount, report.Learners, report.LearnerCount);
                for (int v = 0; v < report.VoterCount; v++) Track(report.Voters[v]);
                for (int l = 0; l < report.LearnerCount; l++) Track(report.Learners[l]);
            }

            if (report.WaitingToJoin) Track(report.NodeId);
        }

        private void Track(int node)
        {
            if (boards.IndexOf(node) >= 0) return;
            int i = boards.Add(node, online);
            if (i < 0) return;
            online[i] = false;
            nextPage[i] = 0;
            unanswered[i] = 0;
        }

        private void OnResult(long now)
        {
            lastActivity = now;
            int counter = NextCounter();
            if (counter == 0) return;
            int n = DesktopProtocol.EncodeCommandResult(link, datagramOut, session.Id, counter, result);
            if (n > 0)
            {
                stats.ResultsRelayed++;
                SendDatagram(n);
            }
        }

        private bool DrainDesktop(long now)
        {
            for (int i = 0; i < MaxDatagramsPerPass; i++)
            {
                int n = desktop.Receive(datagramIn);
                if (n == 0) return false;
                stats.DatagramsReceived++;
                DatagramError error = n > 0 ? OnDatagram(n, now) : DatagramError.TooLong;

                if (error != DatagramError.None)
                {
                    stats.DatagramsDropped++;
                    stats.DatagramDrops[(int)error]++;
                }
            }

            return true;
        }

        /// <summary>Dispatches on the type byte; each decoder checks the whole datagram, tag first, so a forgery of any type is dropped.</summary>
        private DatagramError OnDatagram(int n, long now)
        {
            switch (DesktopProtocol.TypeOf(datagramIn, n))
            {
                case DesktopProtocol.HelloType:
                    return OnHello(n, now);
                case DesktopProtocol.AttachType:
                    return OnAttach(n, now);
                case DesktopProtocol.CommandRequestType:
                    DatagramError error = DesktopProtocol.DecodeCommandRequest(link, datagramIn, n, stamp, command);
                    if (error == DatagramError.None) error = session.Check(stamp);
                    if (error != DatagramError.None) return error;
                    session.Accept(stamp);
                    RelayCommand();
                    return DatagramError.None;
                default:
                    DatagramError opened = DesktopProtocol.Open(link, datagramIn, n, out _);
                    return opened == DatagramError.None ? DatagramError.Unexpected : opened;
            }
        }

        /// <summary>A hello (fresh or recorded, the collector cannot tell) only earns a challenge: the session and the stream stay as they are.</summary>
        private DatagramError OnHello(int n, long now)
        {
            DatagramError error = DesktopProtocol.DecodeHello(link, datagramIn, n, out ulong desktopNonce);
            if (error != DatagramError.None) return error;
            challengeOutstanding = true;
            challengeDesktopNonce = desktopNonce;
            challengeCollectorNonce = nonces.Next();
            challengeExpires = now + ChallengeLifetimeMillis;
            int length = DesktopProtocol.EncodeChallenge(link, datagramOut, desktopNonce, challengeCollectorNonce);
            stats.ChallengesSent++;
            if (!desktop.Reply(datagramOut, length)) DesktopSendFailures++;
            return DatagramError.None;
        }

        /// <summary>An attach opens a session only when it echoes the challenge outstanding, once: a recorded one echoes an old nonce.</summary>
        private DatagramError OnAttach(int n, long now)
        {
            DatagramError error = DesktopProtocol.DecodeAttach(link, datagramIn, n, out ulong collectorNonce, out ulong desktopNonce);
            if (error != DatagramError.None) return error;
            if (!challengeOutstanding || now >= challengeExpires || collectorNonce != challengeCollectorNonce || desktopNonce != challengeDesktopNonce)
            {
                return DatagramError.BadNonce;
            }

            challengeOutstanding = false;
            session.Open(session.Derive(link, desktopNonce, collectorNonce));
            desktop.AttachLastSender();
            stats.SessionsOpened++;
            SendStats(now);
            return DatagramError.None;
        }

        private void RelayCommand()
        {
            int n = AppFrames.EncodeClientCommand(codec, tx, id, config.ServerNode, command);
            if (n > 0 && radio.Send(config.ServerNode, tx, n)) stats.CommandsRelayed++;
        }

        private void Poll(long now)
        {
            if (boards.Count == 0) return;
            if (pollInFlight && now >= pollDeadline)
            {
                // Silent past the timeout: offline, and the next board's turn comes at once.
                pollInFlight = false;
                stats.PollTimeouts++;
                unanswered[target]++;
                online[target] = false;
                FillView(boards.IdAt(target), now);
                status.HasReport = false;
                SendBoardStatus();
                nextPollAt = now;
            }

            if (pollInFlight || now < nextPollAt) return;
            target = (target + 1) % boards.Count;
            pollSeq = (pollSeq + 1) & 0xFFFF;
            poll.Sequence = pollSeq;
            poll.FirstSlot = nextPage[target];
            int to = boards.IdAt(target);
            int n = AppFrames.EncodeStatusPoll(codec, tx, id, to, poll);
            pollInFlight = true;
            pollDeadline = now + config.PollTimeoutMillis;
            if (n > 0 && radio.Send(to, tx, n)) stats.PollsSent++;
        }

        private void FillView(int node, long now)
        {
            int i = boards.IndexOf(node);
            status.NodeId = node;
            status.Polled = i >= 0;
            status.Online = i >= 0 && online[i];
            status.PollsUnanswered = i >= 0 ? unanswered[i] : 0;
            status.FramesHeard = heard[node];
            long age = lastHeard[node] == Never ? -1 : now - lastHeard[node];
            status.LastHeardAgeMillis = age > int.MaxValue ? int.MaxValue : (int)age;
        }

        private void SendStats(long now)
        {
            long up = (now - startMillis) / 1000;
            stats.UptimeSeconds = up > int.MaxValue ? int.MaxValue : (int)up;
            int counter = NextCounter();
            if (counter > 0) SendDatagram(DesktopProtocol.EncodeCollectorStats(link, datagramOut, session.Id, counter, stats));
        }

        private void SendBoardStatus()
        {
            int counter = NextCounter();
            if (counter > 0) SendDatagram(DesktopProtocol.EncodeBoardStatus(link, datagramOut, session.Id, counter, status));
        }

        /// <summary>The next counter of the session, or 0 with none; a spent counter closes it, and the desktop, hearing nothing, handshakes again.</summary>
        private int NextCounter()
        {
            int counter = session.NextCounter();
            if (counter == 0) session.Close();
            return counter;
        }

        private void SendDatagram(int length)
        {
            if (length <= 0) return;
            if (!desktop.Send(datagramOut, length)) DesktopSendFailures++;
        }

        private void UpdateLed(long now)
        {
            bool on = LedPattern.Activity(now, lastActivity);
            if (ledKnown && on == ledOn) return;
            ledKnown = true;
            ledOn = on;
            led.Set(on);
        }
    }
}
