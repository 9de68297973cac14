namespace RaftEsp.Apps.Tests;

/// <summary>
/// Five (or n) NodeApps on a fake ether with a fake clock and in-memory flash, stepped one millisecond at a time; a
/// station with the collector's id sends commands and polls as raw frames, or a real CollectorApp runs. Boards
/// <c>size</c>.. <c>size + joiners - 1</c> boot with join = true: outside the founders, waiting to be added.
/// </summary>
public sealed class AppCluster
{
    public const int CollectorId = 9;
    public const int ServerId = 0;

    private readonly FrameCodec codec;
    private readonly byte[] frame = new byte[FrameLimits.MaxFrameBytes];
    private readonly byte[] rx = new byte[FrameLimits.MaxFrameBytes];

    public AppCluster(int size = 5, int slots = 5, int etherSeed = 1, bool withCollector = false, string extra = "", int joiners = 0)
    {
        Size = size + joiners;
        Founders = size;
        Ether = new FakeEther(etherSeed);
        Apps = new NodeApp[Size];
        Flash = new MemoryFlash[Size];
        Radios = new FakeEther.Station[Size];
        Leds = new FakeLed[Size];
        Up = new bool[Size];
        for (int id = 0; id < Size; id++)
        {
            Configs.Add(Config(id, size, slots, id < size ? extra : extra + "join=true\n"));
            Flash[id] = new MemoryFlash();
            Radios[id] = Ether.Join(id);
            Leds[id] = new FakeLed();
            Boot(id);
        }

        if (withCollector)
        {
            Desktop = new FakeDesktop();
            CollectorLed = new FakeLed();
            codec = new FrameCodec(1, Samples.Key); // unused: the collector talks to the boards
            Collector = new CollectorApp(Config(CollectorId, size, slots, extra), Ether.Join(CollectorId, hearsEverything: true), Desktop, Clock, CollectorLed, CollectorFlash, Nonces);
            Desktop.Handshake(Collector);
        }
        else
        {
            ClientStation = Ether.Join(CollectorId, hearsEverything: false);
            station = new SyncedClient(ClientStation, CollectorId);
            codec = station.Codec;
        }
    }

    /// <summary>Boards on the ether: the founders, then the joiners.</summary>
    public int Size { get; }

    /// <summary>The founding members, 0..Founders-1.</summary>
    public int Founders { get; }
    public FakeClock Clock { get; } = new() { NowMillis = 1000 };
    public FakeEther Ether { get; }
    public NodeApp[] Apps { get; }
    public MemoryFlash[] Flash { get; }
    public FakeEther.Station[] Radios { get; }
    public FakeLed[] Leds { get; }
    public bool[] Up { get; }
    public List<BoardConfig> Configs { get; } = new();
    public FakeEther.Station? ClientStation { get; }
    public CollectorApp? Collector { get; }
    public FakeDesktop? Desktop { get; }
    public FakeLed? CollectorLed { get; }
    public MemoryFlash CollectorFlash { get; } = new();

    /// <summary>Further collectors a test adds (a restarted one on another station, say); run with the boards.</summary>
    public List<CollectorApp> MoreCollectors { get; } = new();
    private readonly SyncedClient? station;

    /// <summary>The collector's nonces (seeded: runs repeat).</summary>
    public FakeNonces Nonces { get; } = new();

    /// <summary>Results the client station received, in order.</summary>
    public List<ClientResult> Results { get; } = new();

    /// <summary>Status reports the client station received, in order.</summary>
    public List<StatusReport> Reports { get; } = new();

    public static BoardConfig Config(int id, int size, int slots, string extra = "")
    {
        string members = string.Join(",", Enumerable.Range(0, size));
        var config = new BoardConfig();
        string text = "node-id=" + id + "\nmembers=" + members + "\nserver-node=" + ServerId + "\ncollector-id=" + CollectorId +
                      "\ncluster-key=000102030405060708090a0b0c0d0e0f\ndatabase-slots=" + slots + "\n" + extra;
        BoardConfigError error = BoardConfig.Parse(text, config);
        if (error != BoardConfigError.None) throw new InvalidOperationException(BoardConfigErrors.Name(error));
        return config;
    }

    /// <summary>Powers a board on: a new app on the board's flash, radio and LED.</summary>
    public ErrorCode Boot(int id)
    {
        Apps[id] = new NodeApp(Configs[id], Radios[id], Flash[id], Clock, Leds[id]);
        Radios[id].Connected = true;
        Up[id] = true;
        return Apps[id].Start();
    }

    /// <summary>Power cut: the app and its RAM are gone; the flash keeps what was written.</summary>
    public void Crash(int id)
    {
        Up[id] = false;
        Radios[id].Connected = false;
        Radios[id].Clear();
    }

    /// <summary>Advances time one millisecond at a time, running every board (and the collector) until idle each millisecond.</summary>
    public void Run(int millis)
    {
        for (int t = 0; t < millis; t++)
        {
            Clock.NowMillis++;
            station?.Millisecond(Clock.NowMillis);
            for (int pass = 0; pass < 50; pass++)
            {
                bool busy = false;
                for (int id = 0; id < Size; id++)
                {
                    if (Up[id] && Apps[id].RunOnce() == 0) busy = true;
                }

                if (Collector != null && Collector.RunOnce() == 0) busy = true;
                foreach (CollectorApp other in MoreCollectors) if (other.RunOnce() == 0) busy = true;
                DrainClientStation();
                if (!busy) break;
            }
        }
    }

    /// <summary>Runs until <paramref name="done"/> holds, at most <paramref name="millis"/>; true when it held.</summary>
    public bool RunUntil(Func<bool> done, int millis)
    {
        for (int t = 0; t < millis; t++)
        {
            if (done()) return true;
            Run(1);
        }

        return done();
    }

    /// <summary>The one leader of the highest term among the running boards, or -1.</summary>
    public int Leader()
    {
        int leader = -1;
        int term = -1;
        for (int id = 0; id < Size; id++)
        {
            if (!Up[id] || Apps[id].Node.Role != Role.Leader || Apps[id].Node.Term <= term) continue;
            leader = id;
            term = Apps[id].Node.Term;
        }

        return leader;
    }

    /// <summary>True when a leader exists and every running board of its configuration follows it in its term.</summary>
    public bool Settled()
    {
        int leader = Leader();
        if (leader < 0) return false;
        for (int id = 0; id < Size; id++)
        {
            if (!Apps[leader].Node.Configuration.Contains(id)) continue; // a joiner not added yet, a removed board
            if (Up[id] && (Apps[id].Node.Leader != leader || Apps[id].Node.Term != Apps[leader].Node.Term)) return false;
        }

        return true;
    }

    /// <summary>Sends a command from the client station to the server node, as the collector would.</summary>
    public void SendCommand(ClientCommand command, int to = ServerId)
    {
        int n = AppFrames.EncodeClientCommand(codec, frame, CollectorId, to, command);
        Assert.True(n > 0, $"epoch {codec.Sequencer.Epoch} next {codec.Sequencer.NextCounter} wanted {codec.Sequencer.EpochWanted}");
        ClientStation!.Send(to, frame, n);
    }

    public void SendPoll(int to, int sequence, int firstSlot)
    {
        int n = AppFrames.EncodeStatusPoll(codec, frame, CollectorId, to, new StatusPoll { Sequence = sequence, FirstSlot = firstSlot });
        ClientStation!.Send(to, frame, n);
    }

    /// <summary>Registers a client through the server node; returns its client id (the register entry's index).</summary>
    public int Register(int request = 900_000)
    {
        ClientResult r = Execute(new ClientCommand { RequestId = request, Kind = CommandKind.Register });
        Assert.Equal(CommandStatus.Ok, r.Status);
        Assert.Equal(r.Index, r.Client);
        return r.Client;
    }

    /// <summary>Sends a command and runs until its result arrives; returns it (or fails the test).</summary>
    public ClientResult Execute(ClientCommand command, int millis = 5000)
    {
        int before = Results.Count;
        SendCommand(command);
        Assert.True(RunUntil(() => Results.Skip(before).Any(r => r.RequestId == command.RequestId), millis), "no result for request " + command.RequestId);
        return Results.Skip(before).First(r => r.RequestId == command.RequestId);
    }

    private void DrainClientStation()
    {
        if (ClientStation == null) return;
        int n;
        while ((n = ClientStation.Receive(rx)) > 0)
        {
            if (station!.Handle(rx, n))
            {
            }
            else if (rx[3] == AppFrames.ClientResultType)
            {
                var r = new ClientResult();
                if (AppFrames.DecodeClientResult(codec, rx, n, CollectorId, r) == FrameError.None) Results.Add(r);
            }
            else if (rx[3] == AppFrames.StatusReportType)
            {
                var r = new StatusReport();
                if (AppFrames.DecodeStatusReport(codec, rx, n, CollectorId, r) == FrameError.None) Reports.Add(r);
            }
        }

        station!.SendDue();
    }
}
