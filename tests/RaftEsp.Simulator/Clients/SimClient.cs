using RaftEsp.Apps;

namespace RaftEsp.Simulator;

/// <summary>
/// A client of the server node: it registers first (a register entry through the log; the answer is its client id),
/// then runs one operation at a time, numbering its writes 1, 2, 3... in the session and retrying each with the same
/// sequence number until it is answered, so a write it retries is applied once (§6.3). An answer of session-expired
/// (its session was evicted as the least recently used, or the server node never knew it) ends the operation with
/// its outcome unknown, and the client registers again: a write of the lost session may or may not have applied
/// before the eviction, and the checkers accept either unless the committed history shows which. Random slots,
/// values and think times from the client seed.
/// </summary>
public sealed class SimClient
{
    private readonly Simulation sim;
    private readonly SplitMix64 random;
    private int session;
    private int seq;
    private ClientOp? current;
    private int attempt;

    public SimClient(Simulation sim, int number, ulong seed)
    {
        this.sim = sim;
        Number = number;
        random = new SplitMix64(seed);
    }

    /// <summary>The client's number in the simulation (1..clients), not its session id.</summary>
    public int Number { get; }

    /// <summary>The client id its last register returned, or 0 while it has none.</summary>
    public int Session => session;

    /// <summary>Sessions this client opened (the first one included).</summary>
    public int Registrations { get; private set; }

    /// <summary>Stops starting new operations (the current one still completes).</summary>
    public bool Draining { get; set; }

    public bool Idle => current == null;

    public ClientOp? Current => current;

    public void Start() => sim.Events.After(sim.Options.ClientStartMicros + random.Between(0, sim.Options.ClientThinkMicros), Begin);

    private void Begin()
    {
        if (Draining || current != null) return;
        if (session == 0)
        {
            current = sim.NewOp(Number, 0, 0, OpKind.Register, 0, 0);
            Send();
            return;
        }

        int slots = sim.DatabaseSlots;
        OpKind kind = random.Chance(sim.Options.GetShare) ? OpKind.Get : random.Chance(0.8) ? OpKind.Set : OpKind.Remove;
        current = sim.NewOp(Number, session, kind == OpKind.Get ? 0 : ++seq, kind, (int)random.Between(0, slots - 1),
            (int)random.Between(-1_000_000, 1_000_000));
        Send();
    }

    private void Send()
    {
        ClientOp op = current!;
        op.Attempts++;
        int mine = ++attempt;
        sim.SendToServer(op, random.Between(sim.Options.ClientLinkMicros / 2, sim.Options.ClientLinkMicros * 3 / 2));
        sim.Events.After(sim.Options.ClientTimeoutMicros, () =>
        {
            if (current == op && attempt == mine) Send();
        });
    }

    /// <summary>The server's answer to <paramref name="op"/> (maybe to an earlier attempt).</summary>
    public void OnReply(ClientOp op, ServerReply reply)
    {
        if (current != op) return;
        if (reply.Status == CommandStatus.Ok)
        {
            op.Completed = sim.Events.Now;
            op.Result = op.Kind == OpKind.Register ? reply.Client : reply.Value;
            op.ResultIndex = reply.Index;
            if (op.Kind == OpKind.Register)
            {
                session = reply.Client;
                seq = 0;
                Registrations++;
            }

            Finish();
            return;
        }

        op.LastError = reply.Status;
        if (reply.Status == CommandStatus.SessionExpired || reply.Status == CommandStatus.StaleSequence)
        {
            // One command outstanding per session and sequence numbers that only grow: the session never applied a
            // later one, so a stale-sequence answer is a server bug.
            if (reply.Status == CommandStatus.StaleSequence) sim.Checker.Violation($"Sessions: {op} was answered stale-sequence (session's last {reply.Value})");
            session = 0;
            Finish();
            return;
        }

        // Refused (no leader, not leader yet, queue full...): back off, then retry the same operation.
        int mine = ++attempt;
        sim.Events.After(random.Between(50_000, 250_000), () =>
        {
            if (current == op && attempt == mine) Send();
        });
    }

    private void Finish()
    {
        current = null;
        sim.Events.After(random.Between(0, sim.Options.ClientThinkMicros), Begin);
    }
}
