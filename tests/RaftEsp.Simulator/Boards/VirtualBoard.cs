using RaftEsp.Apps;
using RaftEsp.Core;

namespace RaftEsp.Simulator;

/// <summary>
/// A board in simulated time: one CPU that does one thing at a time (a tick, a received frame, a client request,
/// the Ready that follows), a flash whose writes take time and can be lost or torn by a crash, and the host loop of
/// the board app: send what may leave, persist, then send what had to wait, apply, answer, Advance, compact.
/// </summary>
public sealed class VirtualBoard
{
    private enum WorkKind
    {
        Tick,
        Frame,
        Client,
    }

    private readonly record struct Work(WorkKind Kind, byte[]? Frame, ClientOp? Op);

    private readonly Simulation sim;
    private readonly Func<Config> configFactory;
    private readonly Queue<Work> work = new();
    private readonly ApplyResult applyResult = new();
    private readonly byte[] snapshotBuffer;
    /// <summary>Inputs fed to the node before it is asked for a Ready (bounded: the outbox must hold the answers).</summary>
    private const int MaxInputsPerReady = 8;

    private bool busy;
    private bool tickQueued;
    private int generation;
    private readonly long tickPhase;

    public VirtualBoard(Simulation sim, int id, Func<Config> configFactory, bool isServer, long tickPhase)
    {
        this.sim = sim;
        this.configFactory = configFactory;
        this.tickPhase = tickPhase;
        Id = id;
        Config c = configFactory();
        snapshotBuffer = new byte[Database.MaxSnapshotSize(c.DatabaseSlots, c.ClientSessions)];
        // The board's own timeout (NodeApp: four election timeouts), so a request lost with a crashed or cut-off leader
        // frees its entry as on a board; the timeout answer itself is not delivered (the clients drive retries). A
        // longer one let lost gets fill the table and refuse every retry for 15 s (seed 20261129 of RandomRunTests).
        if (isServer) FrontEnd = new SimFrontEnd(c, 4 * c.ElectionTicks, sim.ReplyToClient);
        Node = null!;
        Database = null!;
        Store = null!;
        Boot();
    }

    public int Id { get; }
    public RaftNode Node { get; private set; }
    public Database Database { get; private set; }
    public SimFlashFiles Flash { get; } = new();

    /// <summary>The board's durable Raft state on <see cref="Flash"/>, in the boards' own format.</summary>
    public BoardStore Store { get; private set; }

    public SimFrontEnd? FrontEnd { get; }
    public bool Up { get; private set; } = true;

    /// <summary>Times this board booted (1 = never crashed).</summary>
    public int Incarnation { get; private set; }

    public long CpuBusyMicros { get; private set; }

    public void Crash()
    {
        if (!Up) return;
        Up = false;
        generation++;
        Flash.Crash(sim.StorageRandom, sim.Options.TornWriteProbability);
        work.Clear();
        busy = false;
        tickQueued = false;
        FrontEnd?.Forget();
        sim.Channel.PowerOff(Id);
    }

    public void Restart()
    {
        if (Up) return;
        Up = true;
        Boot();
    }

    public void Receive(byte[] frame)
    {
        if (!Up) return;
        if (CountFrames() >= sim.Options.Radio.RxQueueFrames)
        {
            sim.Channel.Stats.RxQueueDrops++;
            return;
        }

        work.Enqueue(new Work(WorkKind.Frame, frame, null));
        Kick();
    }

    public void ClientRequest(ClientOp op)
    {
        if (!Up || FrontEnd == null) return;
        work.Enqueue(new Work(WorkKind.Client, null, op));
        Kick();
    }

    /// <summary>A direct proposal on this board (scenarios that load an isolated leader); bypasses the CPU queue.</summary>
    public ErrorCode ProposeDirect(EntryKind kind, int slot, int value)
    {
        if (!Up || busy) return ErrorCode.InvalidState;
        ErrorCode result = Node.Propose(kind, slot, 0, 0, value);
        busy = true;
        ProcessReady(generation);
        return result;
    }

    private void Boot()
    {
        Incarnation++;
        generation++;
        Config config = configFactory();
        Node = new RaftNode(config);
        Database = new Database(config.DatabaseSlots, config.ClientSessions);
        Store = new BoardStore(Flash, config, sim.Options.MaxLogFileBytes);
        Check(Store.Load(Node, Database), "loading raft.log and raft.snap");
        sim.Checker.OnBoot(this);
        int g = generation;
        long period = sim.Options.TickMicros;
        long first = sim.Events.Now + (tickPhase % period) + 1;
        sim.Events.At(first, () => TickTimer(g));
    }

    private void Check(ErrorCode code, string what)
    {
        if (code != ErrorCode.None)
            throw new SimulationFailure($"node {Id} refused its own flash ({what}): {ErrorCodes.Name(code)}");
    }

    private void TickTimer(int g)
    {
        if (g != generation) return;
        sim.Events.After(sim.Options.TickMicros, () => TickTimer(g));
        if (tickQueued) return; // a board that is behind skips ticks rather than queueing them
        tickQueued = true;
        work.Enqueue(new Work(WorkKind.Tick, null, null));
        Kick();
    }

    private int CountFrames()
    {
        int n = 0;
        foreach (var w in work) if (w.Kind == WorkKind.Frame) n++;
        return n;
    }

    /// <summary>
    /// Takes every input waiting (ticks, frames, client requests), feeds them all to the node, then handles one Ready:
    /// so a burst of acknowledgements costs one flash write and one outgoing batch, not one each (as etcd's hosts do).
    /// </summary>
    private void Kick()
    {
        if (busy || !Up || work.Count == 0) return;
        busy = true;
        BoardCosts costs = sim.Options.Costs;
        var batch = new List<Work>(work.Count);
        long cost = 0;
        while (work.Count > 0 && batch.Count < MaxInputsPerReady)
        {
            Work item = work.Dequeue();
            batch.Add(item);
            cost += item.Kind == WorkKind.Frame ? costs.Receive(item.Frame!.Length) : costs.TickMicros;
        }

        int g = generation;
        Spend(cost, () =>
        {
            foreach (Work item in batch)
            {
                switch (item.Kind)
                {
                    case WorkKind.Tick:
                        tickQueued = false;
                        Node.Tick();
                        FrontEnd?.Tick(Node);
                        break;
                    case WorkKind.Frame:
                        Node.Step(item.Frame!, item.Frame!.Length);
                        break;
                    default:
                        FrontEnd!.Request(item.Op!, Node, Database);
                        break;
                }

                sim.Checker.OnNodeState(this); // commit times as the node learns them, before the Ready's flash write
            }

            ProcessReady(g);
        }, g);
    }

    private void Spend(long micros, Action then, int g)
    {
        CpuBusyMicros += micros;
        sim.Events.After(micros, () =>
        {
            if (g == generation) then();
        });
    }

    /// <summary>One pass of the board app's loop over the node's Ready, in simulated time.</summary>
    private void ProcessReady(int g)
    {
        if (!Node.HasReady)
        {
            busy = false;
            sim.Checker.OnNodeState(this);
            Kick();
            return;
        }

        Ready rd = Node.GetReady();
        BoardCosts costs = sim.Options.Costs;
        long elapsed = 0;
        var later = new List<(int To, byte[] Bytes)>();
        for (int i = 0; i < rd.Frames.Count; i++)
        {
            byte[] bytes = rd.Frames.Buffer(i).AsSpan(0, rd.Frames.Length(i)).ToArray();
            int to = rd.Frames.Destination(i);
            if (rd.Frames.AfterPersist(i))
            {
                later.Add((to, bytes));
                continue;
            }

            elapsed += costs.Send(bytes.Length);
            SendAt(elapsed, to, bytes, g);
        }

        bool write = rd.HardStateChanged || rd.HasSnapshot || rd.PersistCount > 0;
        if (write)
        {
            Store.Save(rd, Node.Log); // pending on the flash until the write time has passed
            elapsed += costs.FlashWriteFixedMicros + costs.FlashPerEntryMicros * rd.PersistCount + sim.StorageRandom.Between(0, costs.FlashJitterMicros);
        }

        Spend(elapsed, () =>
        {
            if (write)
            {
                Flash.Complete();
                    }

            long sendElapsed = 0;
            foreach (var (to, bytes) in later)
            {
                sendElapsed += costs.Send(bytes.Length);
                SendAt(sendElapsed, to, bytes, g);
            }

            long applyCost = Apply(rd);
            Node.Advance();
            sim.Checker.OnNodeState(this);
            if (Node.CompactionDue) Compact();
            Spend(sendElapsed + applyCost, () => ProcessReady(g), g);
        }, g);
    }

    private void SendAt(long delay, int to, byte[] bytes, int g) =>
        sim.Events.After(delay, () =>
        {
            if (g == generation) sim.Channel.Send(Id, to, bytes);
        });

    private long Apply(Ready rd)
    {
        if (rd.HasSnapshot)
        {
            Check(Database.RestoreSnapshot(rd.SnapshotIndex, rd.SnapshotData, 0, rd.SnapshotLength), "an installed snapshot");
            sim.Checker.OnSnapshotInstalled(this, rd.SnapshotIndex);
        }

        RaftLog log = Node.Log;
        for (int index = rd.ApplyFrom; index <= rd.ApplyTo; index++)
        {
            ErrorCode code = Database.Apply(index, log.KindAt(index), log.SlotAt(index), log.ClientAt(index), log.SeqAt(index), log.ValueAt(index), applyResult);
            if (code != ErrorCode.None) throw new SimulationFailure($"node {Id} could not apply index {index}: {ErrorCodes.Name(code)}");
            sim.Checker.OnApplied(this, index, log.TermAt(index), applyResult, log.ValueAt(index));
            FrontEnd?.OnApplied(applyResult, Node);
        }

        if (FrontEnd != null)
        {
            for (int i = 0; i < rd.Rejections.Count; i++) FrontEnd.OnRejected(rd.Rejections.Client(i), rd.Rejections.Seq(i), rd.Rejections.Reason(i), rd.Rejections.LeaderHint(i));
            for (int i = 0; i < rd.Reads.Count; i++) FrontEnd.OnReadIndex(rd.Reads.RequestId(i), rd.Reads.Index(i), rd.Reads.Status(i), Database, Node);
            FrontEnd.ServeReads(Database, Node);
        }

        return sim.Options.Costs.ApplyMicros * rd.ApplyCount;
    }

    private void Compact()
    {
        int length = Database.WriteSnapshot(snapshotBuffer, 0);
        int index = Database.AppliedIndex;
        int term = Node.Log.TermAt(index);
        // Written to a new file and renamed over the old one: atomic, and done before the log forgets the entries.
        Store.SaveSnapshot(index, term, snapshotBuffer, 0, length);
        Flash.Complete();
        Check(Node.Compact(index, snapshotBuffer, 0, length), "compaction");
    }
}
