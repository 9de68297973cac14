using RaftEsp.Apps;
using RaftEsp.Core;

namespace RaftEsp.Simulator;

/// <summary>
/// A client of the server node: one operation at a time, retried with the same session sequence number until it is
/// answered, so a write it retries is applied once (§8). Random slots, values and think times from the client seed.
/// </summary>
public sealed class SimClient
{
    private readonly Simulation sim;
    private readonly SplitMix64 random;
    private int seq;
    private ClientOp? current;
    private int attempt;

    public SimClient(Simulation sim, int clientId, ulong seed)
    {
        this.sim = sim;
        ClientId = clientId;
        random = new SplitMix64(seed);
    }

    public int ClientId { get; }

    /// <summary>Stops starting new operations (the current one still completes).</summary>
    public bool Draining { get; set; }

    public bool Idle => current == null;

    public ClientOp? Current => current;

    public void Start() => sim.Events.After(random.Between(0, sim.Options.ClientThinkMicros), Begin);

    private void Begin()
    {
        if (Draining || current != null) return;
        int slots = sim.DatabaseSlots;
        OpKind kind = random.Chance(sim.Options.GetShare) ? OpKind.Get : random.Chance(0.8) ? OpKind.Set : OpKind.Remove;
        current = sim.NewOp(ClientId, kind == OpKind.Get ? 0 : ++seq & 0xFFFF, kind, (int)random.Between(0, slots - 1),
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
    public void OnReply(ClientOp op, CommandStatus status, int result)
    {
        if (current != op) return;
        if (status == CommandStatus.Ok)
        {
            op.Completed = sim.Events.Now;
            op.Result = result;
            current = null;
            sim.OnClientDone(op);
            sim.Events.After(random.Between(0, sim.Options.ClientThinkMicros), Begin);
            return;
        }

        // Refused (no leader, not leader yet, queue full...): back off, then retry the same operation.
        op.LastError = status;
        int mine = ++attempt;
        sim.Events.After(random.Between(50_000, 250_000), () =>
        {
            if (current == op && attempt == mine) Send();
        });
    }
}
