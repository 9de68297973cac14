using RaftEsp.Apps;

namespace RaftEsp.Simulator;

/// <summary>
/// Re-sends old requests: every 100 to 500 ms it picks one acknowledged write of the history at random and sends an
/// identical copy (same client id, sequence number, slot and value) to the server node, as a recording replayed
/// after crashes and leader changes would arrive. The session must answer it without a second effect: with the first
/// result (same previous value, same log index), stale-sequence if the client moved on, session-expired if the session
/// was evicted, or a transient refusal. <see cref="HistoryChecker"/> proves from the log that no replay appended an
/// entry its session had applied and that no (client, seq) took effect twice; this class checks the answers.
/// </summary>
public sealed class RequestReplayer
{
    private readonly Simulation sim;
    private readonly SplitMix64 random;
    private bool stopped;

    public RequestReplayer(Simulation sim, ulong seed)
    {
        this.sim = sim;
        random = new SplitMix64(seed);
        Schedule();
    }

    /// <summary>Copies sent.</summary>
    public int Sent { get; private set; }

    /// <summary>Copies answered with the first result from the session.</summary>
    public int AnsweredFirstResult { get; private set; }

    /// <summary>Copies answered stale-sequence or session-expired.</summary>
    public int AnsweredFromSessionState { get; private set; }

    /// <summary>Every copy sent, with its answer (for the checkers and tests).</summary>
    public List<ClientOp> Copies { get; } = new();

    public void Stop() => stopped = true;

    private void Schedule() => sim.Events.After(random.Between(100_000, 500_000), Fire);

    private void Fire()
    {
        if (stopped) return;
        Schedule();
        int acked = 0;
        foreach (ClientOp op in sim.History) if (op.IsWrite && op.Acked) acked++;
        if (acked == 0) return;
        long pick = random.Between(0, acked - 1);
        foreach (ClientOp op in sim.History)
        {
            if (!op.IsWrite || !op.Acked || pick-- > 0) continue;
            ClientOp copy = sim.NewReplay(op);
            copy.Attempts = 1;
            Copies.Add(copy);
            Sent++;
            sim.SendToServer(copy, sim.Options.ClientLinkMicros);
            return;
        }
    }

    public void OnReply(ClientOp copy, ServerReply reply)
    {
        if (copy.Acked || copy.LastError != CommandStatus.Ok) return; // one answer counts; a copy is never retried
        ClientOp original = copy.ReplayOf!;
        copy.LastError = reply.Status;
        if (reply.Status == CommandStatus.Ok)
        {
            copy.Completed = sim.Now;
            copy.Result = reply.Value;
            copy.ResultIndex = reply.Index;
            AnsweredFirstResult++;
            if (reply.Value != original.Result || reply.Index != original.ResultIndex)
                sim.Checker.Violation($"Replay: a copy of {original} (index {original.ResultIndex}) was answered previous value {reply.Value} at index {reply.Index}, not the first result");
            return;
        }

        if (reply.Status == CommandStatus.StaleSequence || reply.Status == CommandStatus.SessionExpired) AnsweredFromSessionState++;
    }
}
