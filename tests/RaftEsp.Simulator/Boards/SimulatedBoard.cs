using RaftEsp.Apps;
using RaftEsp.Core;

namespace RaftEsp.Simulator;

/// <summary>
/// A board in simulated time: one CPU that does one thing at a time (a tick, a received frame, a client request,
/// the Ready that follows), a flash whose writes take time and can be lost or torn by a crash, and the boards' own
/// host loop (<see cref="ReadyHandler"/>): send what may leave, persist, then, once the write has completed, send what
/// had to wait, apply, answer, Advance, compact. A crash during the write loses it and everything after it.
/// </summary>
public sealed class SimulatedBoard : IReadyObserver
{
    private enum WorkKind
    {
        Tick,
        Frame,
        Client,
    }

    private readonly record struct Work(WorkKind Kind, byte[]? Frame, ClientOp? Op, long ReceivedAt = 0);

    private readonly Simulation sim;
    private readonly Func<Config> configFactory;
    private readonly Queue<Work> work = new();
    private readonly TimedRadio radio;
    private ReadyHandler handler;
    private TimedFlash flash;
    /// <summary>Inputs fed to the node before it is asked for a Ready: the board app's frames per pass.</summary>
    private const int MaxInputsPerReady = NodeApp.MaxFramesPerPass;

    private bool busy;
    private bool tickQueued;
    private int generation;
    private readonly long tickPhase;

    public SimulatedBoard(Simulation sim, int id, Func<Config> configFactory, bool isServer, long tickPhase)
    {
        this.sim = sim;
        this.configFactory = configFactory;
        this.tickPhase = tickPhase;
        Id = id;
        Config c = configFactory();
        radio = new TimedRadio(sim, this);
        // The board's own timeout (NodeApp: four election timeouts), so a request lost with a crashed or cut-off leader
        // frees its entry as on a board; the timeout answer itself is not delivered (the clients drive retries). A
        // longer one let lost gets fill the table and refuse every retry for 15 s (seed 20261129 of RandomRunTests).
        if (isServer) FrontEnd = new SimFrontEnd(c, 4 * c.ElectionTicks, sim.ReplyToClient);
        Node = null!;
        Database = null!;
        Store = null!;
        handler = null!;
        flash = null!;
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

    /// <summary>The board app's rule that holds an acknowledgement of a broadcast until its slot (as NodeApp).</summary>
    /// <remarks>A new one at every boot, as the board app's: what it held and measured was in RAM.</remarks>
    internal AckSlot AckSlot { get; private set; } = new AckSlot(AckSlot.SlotMicros);

    /// <summary>Frames refused as replays, over every incarnation.</summary>
    public long ReplayedDrops { get; private set; }

    /// <summary>Frames refused because this board had not yet synchronised with their sender, over every incarnation.</summary>
    public long UnsyncedDrops { get; private set; }

    /// <summary>Counts boots and crashes: work scheduled by an earlier incarnation is dropped when it comes due.</summary>
    internal int Generation => generation;

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
            sim.Channel.CopyMissed(Id, frame);
            return;
        }

        work.Enqueue(new Work(WorkKind.Frame, frame, null, sim.Events.Now));
        Kick();
    }

    /// <summary>
    /// The radio finished one of this board's frames (ESP-NOW's send callback): the board app's next pass sees the
    /// smaller backlog, so an idle board runs one now (a leader holding its appends sends them).
    /// </summary>
    public void FrameSent()
    {
        radio.FrameDone();
        if (!Up || busy) return;
        busy = true;
        ProcessReady(generation);
    }

    public void ClientRequest(ClientOp op)
    {
        if (!Up || FrontEnd == null) return;
        work.Enqueue(new Work(WorkKind.Client, null, op));
        Kick();
    }

    /// <summary>A direct proposal on this board (scenarios that load an isolated leader); bypasses the CPU queue.</summary>
    public ErrorCode ProposeDirect(EntryKind kind, int slot, int value) => Direct(node => node.Propose(kind, slot, 0, 0, value));

    /// <summary>A direct proposal under a client session (the membership operator's); bypasses the CPU queue.</summary>
    public ErrorCode ProposeDirect(EntryKind kind, int slot, int client, int seq, int value) => Direct(node => node.Propose(kind, slot, client, seq, value));

    /// <summary>Asks this board, as leader, to hand its leadership to <paramref name="target"/> (§3.10); bypasses the CPU queue.</summary>
    public ErrorCode TransferDirect(int target) => Direct(node => node.TransferLeadership(target));

    /// <summary>Calls the node directly when its CPU is free (else <see cref="ErrorCode.InvalidState"/>), then handles its Ready.</summary>
    private ErrorCode Direct(Func<RaftNode, ErrorCode> call)
    {
        if (!Up || busy) return ErrorCode.InvalidState;
        ErrorCode result = call(Node);
        busy = true;
        ProcessReady(generation);
        return result;
    }

    private void Boot()
    {
        Incarnation++;
        generation++;
        AckSlot = new AckSlot(AckSlot.SlotMicros);
        Config config = configFactory();
        Node = new RaftNode(config);
        Database = new Database(config.DatabaseSlots, config.ClientSessions);
        Store = new BoardStore(Flash, config, sim.Options.MaxLogFileBytes);
        radio.PowerOn();
        Check(Store.Load(Node, Database), "loading raft.log and raft.snap");
        // As NodeApp: the next boot epoch is on flash before the first frame (the boot waits for that one write).
        TakeEpoch(1);
        Node.Codec.Guard.Begin((int)sim.StorageRandom.NextULong());
        flash = new TimedFlash(sim, Flash, Store);
        handler = new ReadyHandler(Node, Database, radio, flash, this);
        sim.Checker.OnBoot(this);
        int g = generation;
        long period = sim.Options.TickMicros;
        long first = sim.Events.Now + (tickPhase % period) + 1;
        sim.Events.At(first, () => TickTimer(g));
    }

    private void TakeEpoch(int atLeast)
    {
        EpochError error = new EpochStore(Flash).Advance(atLeast, out int epoch);
        if (error != EpochError.None) throw new SimulationFailure($"node {Id} has no boot epoch: {error}");
        Flash.Complete();
        if (!Node.Codec.Sequencer.Start(epoch)) throw new SimulationFailure($"node {Id} was given epoch {epoch} twice");
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
            if (Node.Codec.Sequencer.EpochWanted > 0) TakeEpoch(Node.Codec.Sequencer.EpochWanted);
            AckSlot.BeginPass();
            for (int i = 0; i < batch.Count; i++)
            {
                Work item = batch[i];
                if (item.Kind != WorkKind.Tick && Node.Outbox.Count >= NodeApp.MaxAnswersPerPass)
                {
                    // As the board app: the outbox holds enough answers; the rest waits for the next pass.
                    Requeue(batch, i);
                    break;
                }

                switch (item.Kind)
                {
                    case WorkKind.Tick:
                        tickQueued = false;
                        Node.Tick();
                        FrontEnd?.Tick(Node);
                        break;
                    case WorkKind.Frame:
                        AckSlot.Stepped(item.Frame!, item.Frame!.Length, item.ReceivedAt);
                        FrameError error = Node.Step(item.Frame!, item.Frame!.Length);
                        if (error == FrameError.Replayed) ReplayedDrops++;
                        else if (error == FrameError.Unsynced) UnsyncedDrops++;
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

    /// <summary>Puts the inputs from <paramref name="from"/> on back at the head of the queue, in order.</summary>
    private void Requeue(List<Work> batch, int from)
    {
        var rest = new List<Work>(batch.Count - from + work.Count);
        for (int i = from; i < batch.Count; i++) rest.Add(batch[i]);
        rest.AddRange(work);
        work.Clear();
        foreach (Work item in rest) work.Enqueue(item);
    }

    private void Spend(long micros, Action then, int g)
    {
        CpuBusyMicros += micros;
        sim.Events.After(micros, () =>
        {
            if (g == generation) then();
        });
    }

    /// <summary>
    /// One pass of the board app's loop over the node's Ready, in simulated time: the shared handler's first half now,
    /// its second half once the frames before the write and the flash write have taken their time.
    /// </summary>
    private void ProcessReady(int g)
    {
        Node.NoteRadioBacklog(radio.Unsent);
        if (!handler.Prepare())
        {
            busy = false;
            sim.Checker.OnNodeState(this);
            Kick();
            return;
        }

        radio.Start(g);
        bool write = handler.Begin();
        long elapsed = radio.Elapsed + (write ? flash.WriteMicros : 0);
        Spend(elapsed, () =>
        {
            if (write) Flash.Complete();
            radio.Start(g);
            ErrorCode code = handler.Finish();
            if (code != ErrorCode.None) throw new SimulationFailure($"node {Id} stopped handling its Ready (applying, installing a snapshot or compacting): {ErrorCodes.Name(code)}");
            long applyCost = sim.Options.Costs.ApplyMicros * handler.AppliedCount;
            Spend(radio.Elapsed + applyCost, () => ProcessReady(g), g);
        }, g);
    }

    void IReadyObserver.SnapshotInstalled(int index) => sim.Checker.OnSnapshotInstalled(this, index);

    void IReadyObserver.Applied(ApplyResult result)
    {
        RaftLog log = Node.Log;
        sim.Checker.OnApplied(this, result.Index, log.TermAt(result.Index), result, log.ValueAt(result.Index));
        FrontEnd?.OnApplied(result, Node);
        sim.Operator.OnApplied(result);
    }

    void IReadyObserver.Rejected(int client, int seq, RefusalReason reason, int leaderHint) => FrontEnd?.OnRejected(client, seq, reason, leaderHint);

    void IReadyObserver.ReadIndexed(int requestId, int index, RefusalReason status) => FrontEnd?.OnReadIndex(requestId, index, status, Database, Node);

    void IReadyObserver.Advanced()
    {
        FrontEnd?.ServeReads(Database, Node);
        sim.Checker.OnNodeState(this);
    }
}
