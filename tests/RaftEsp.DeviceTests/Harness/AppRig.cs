using RaftEsp.Apps;
using RaftEsp.Core;

namespace RaftEsp.DeviceTests.Harness
{
    /// <summary>
    /// Board apps wired together on one <see cref="Ether"/> with one manual clock: member boards 0..n-1 running
    /// <see cref="NodeApp"/> (board 0 is the server node), each with its own in-memory flash and LED, and on id 9
    /// either a <see cref="CollectorApp"/> with a fake desktop link, or a bare client radio that sends commands to the
    /// server node as the collector would.
    /// Time moves only through <see cref="Run"/>; every app runs its loop until it has no work left.
    /// </summary>
    public sealed class AppRig
    {
        /// <summary>The node id the test client (standing in for the collector) sends from.</summary>
        public const int ClientId = 9;

        /// <summary>The server node.</summary>
        public const int ServerId = 0;

        private readonly FakeRadio[] radios;
        private readonly FakeRadio client = null!;
        private int session;
        private readonly FrameCodec codec;
        private readonly BoardEpochs clientEpochs = null!;
        private readonly byte[] frame = new byte[FrameLimits.MaxFrameBytes];
        private readonly byte[] rx = new byte[FrameLimits.MaxFrameBytes];
        private ClientResult awaitedResult = null!;
        private int awaitedRequest = -1;
        private bool answered;

        /// <summary>Builds and starts <paramref name="size"/> boards, and the collector if <paramref name="withCollector"/>.</summary>
        public AppRig(int size, bool withCollector)
        {
            Ether = new Ether();
            Clock = new ManualClock();
            Apps = new NodeApp[size];
            Flash = new MemoryFlash[size];
            Leds = new RecordingLed[size];
            radios = new FakeRadio[size];
            for (int i = 0; i < size; i++)
            {
                radios[i] = Ether.Attach(i);
                Flash[i] = new MemoryFlash();
                Leds[i] = new RecordingLed();
                Apps[i] = new NodeApp(ConfigOf(i, size), radios[i], Flash[i], Clock, Leds[i]);
                Apps[i].Start();
            }

            // The client follows the anti-replay rules like the collector: a guarded codec, a boot epoch, the Sync handshake.
            codec = new FrameCodec(1, NanoCluster.Key, FrameLimits.MaxCounter, new Config().HeartbeatTicks);
            Desktop = new FakeDesktopLink();
            CollectorLed = new RecordingLed();
            if (withCollector)
            {
                BoardConfig config = ConfigOf(ClientId, size);
                Collector = new CollectorApp(config, Ether.Attach(ClientId), Desktop, Clock, CollectorLed, new MemoryFlash(), new CountingNonces());
                Desktop.Handshake(Collector, new LinkKey(1, NanoCluster.Key), 0x0102030405060708);
            }
            else
            {
                Collector = null!;
                client = Ether.Attach(ClientId);
                clientEpochs = new BoardEpochs(codec, new MemoryFlash(), ClientId);
                clientEpochs.Boot();
            }
        }

        /// <summary>The collector, when the rig has one.</summary>
        public CollectorApp Collector { get; }

        /// <summary>The collector's link to the desktop (unused without a collector).</summary>
        public FakeDesktopLink Desktop { get; }

        public RecordingLed CollectorLed { get; }

        public Ether Ether { get; }

        public ManualClock Clock { get; }

        public NodeApp[] Apps { get; }

        public MemoryFlash[] Flash { get; }

        public RecordingLed[] Leds { get; }

        /// <summary>The configuration of member <paramref name="id"/> of a cluster of <paramref name="size"/>.</summary>
        public static BoardConfig ConfigOf(int id, int size)
        {
            BoardConfig c = new BoardConfig();
            c.NodeId = id;
            c.Members = new byte[size];
            for (int i = 0; i < size; i++) c.Members[i] = (byte)i;
            c.ServerNode = ServerId;
            c.CollectorId = ClientId;
            c.ClusterKey = NanoCluster.Key;
            c.TickMillis = 10;
            return c;
        }

        /// <summary>Replaces board <paramref name="id"/> by a fresh app on the same radio and flash (a reboot), and starts it.</summary>
        public ErrorCode Reboot(int id)
        {
            Apps[id] = new NodeApp(ConfigOf(id, Apps.Length), radios[id], Flash[id], Clock, Leds[id]);
            return Apps[id].Start();
        }

        /// <summary>Advances time by <paramref name="millis"/>, one tick length at a time, running every app's loop.</summary>
        public void Run(int millis)
        {
            for (int t = 0; t < millis; t += 10)
            {
                Advance();
                RunLoops();
            }
        }

        private void Advance()
        {
            Clock.Advance(10);
            if (clientEpochs != null) clientEpochs.Tick();
        }

        /// <summary>The leader every board follows, or -1.</summary>
        public int SettledLeader()
        {
            int leader = -1;
            for (int i = 0; i < Apps.Length; i++) if (Apps[i].Node.Role == Role.Leader) leader = leader < 0 ? i : -2;
            if (leader < 0) return -1;
            for (int i = 0; i < Apps.Length; i++) if (Apps[i].Node.Leader != leader) return -1;
            return leader;
        }

        /// <summary>Runs until a leader is settled; its id, or -1 after <paramref name="maxMillis"/>.</summary>
        public int RunUntilSettled(int maxMillis)
        {
            for (int t = 0; t < maxMillis; t += 10)
            {
                int leader = SettledLeader();
                if (leader >= 0) return leader;
                Run(10);
            }

            return SettledLeader();
        }

        /// <summary>
        /// Sends <paramref name="command"/> from the client to board <paramref name="to"/> and runs until the answer
        /// arrives (into <paramref name="result"/>). False if none came within <paramref name="maxMillis"/>.
        /// </summary>
        public bool Execute(ClientCommand command, int to, ClientResult result, int maxMillis)
        {
            // Client 1 of Command stands for the rig's session once Register gave it one.
            if (session != 0 && command.Client == 1 && command.Kind != CommandKind.Register) command.Client = session;
            int length = AppFrames.EncodeClientCommand(codec, frame, ClientId, to, command);
            awaitedResult = result;
            awaitedRequest = command.RequestId;
            answered = false;
            if (length <= 0 || !client.Send(to, frame, length)) return false;
            for (int t = 0; t <= maxMillis; t += 10)
            {
                RunLoops();
                if (answered) return true;
                Advance();
            }

            return false;
        }

        /// <summary>The client's radio: the Sync handshake, and the result <see cref="Execute"/> waits for.</summary>
        private void PumpClient()
        {
            if (clientEpochs == null) return;
            int n = client.Receive(rx);
            while (n > 0)
            {
                if (BoardEpochs.IsSyncFrame(rx, n))
                {
                    clientEpochs.Receive(rx, n);
                }
                else if (awaitedRequest >= 0 && rx[3] == AppFrames.ClientResultType &&
                         AppFrames.DecodeClientResult(codec, rx, n, ClientId, awaitedResult) == FrameError.None &&
                         awaitedResult.RequestId == awaitedRequest)
                {
                    answered = true;
                }

                n = client.Receive(rx);
            }

            clientEpochs.SendDue(client);
        }

        /// <summary>The client id <see cref="Register"/> got (0 before).</summary>
        public int Session => session;

        /// <summary>Registers the rig's client session through the server node; false when no answer or an error came.</summary>
        public bool Register(ClientResult result, int maxMillis)
        {
            ClientCommand register = new ClientCommand();
            register.RequestId = 1000000;
            register.Kind = CommandKind.Register;
            if (!Execute(register, ServerId, result, maxMillis) || result.Status != CommandStatus.Ok) return false;
            session = result.Client;
            return true;
        }

        /// <summary>Runs the boards' loops at the current time until none has work left (bounded).</summary>
        public void Settle() => RunLoops();

        /// <summary>Puts raw bytes on the air from the client (forged or malformed frames).</summary>
        public void SendRaw(int to, byte[] bytes, int length) => client.Send(to, bytes, length);

        /// <summary>A client command of the rig's session (client 1 here: <see cref="Execute"/> puts the registered id in its place).</summary>
        public static ClientCommand Command(int requestId, int seq, CommandKind kind, int slot, int value)
        {
            ClientCommand c = new ClientCommand();
            c.RequestId = requestId;
            c.Client = 1;
            c.Seq = seq;
            c.Kind = kind;
            c.Slot = slot;
            c.Value = value;
            return c;
        }

        // A board's loop runs again at once while it reports work waiting (RunOnce returns 0); bounded per pass.
        private void RunLoops()
        {
            for (int round = 0; round < 20; round++)
            {
                bool busy = false;
                for (int i = 0; i < Apps.Length; i++) if (Apps[i].RunOnce() == 0) busy = true;
                if (Collector != null && Collector.RunOnce() == 0) busy = true;
                PumpClient();
                if (!busy) return;
            }
        }
    }
}
