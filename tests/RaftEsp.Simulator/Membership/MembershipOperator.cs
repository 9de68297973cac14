using RaftEsp.Core;

namespace RaftEsp.Simulator;

/// <summary>
/// The person at the desktop who adds, removes and replaces boards and moves the leadership, one change at a time.
/// It opens its own client session (a register entry through the log), then proposes each change on the board that
/// leads the highest term with that session and one sequence number per change, so a retry that reaches a new leader
/// is recognised and appended once. It retries what a later attempt can change (LeaderNotReady until the leader's own
/// term commits, TransferInProgress while a leader hands over before its removal, MembershipChangePending, NotLeader,
/// NoLeader, a busy board, a full proposal queue) and proposes an accepted change again when it has not committed a
/// while later (its leader may have lost it). A change is done when the committed configuration shows it (a transfer:
/// when its target leads); a refusal no retry changes (LastVoter, ClusterFull...) abandons it. Deterministic: fixed
/// delays, no random numbers.
/// </summary>
public sealed class MembershipOperator
{
    /// <summary>How often the operator looks at its change while one is open.</summary>
    public const long PollMicros = 10_000;

    /// <summary>Wait after a refusal a later attempt may not get.</summary>
    public const long RetryMicros = 50_000;

    /// <summary>An accepted proposal (or register) not committed this long after is proposed again, same sequence.</summary>
    public const long ResendMicros = 600_000;

    /// <summary>A transfer whose target does not lead this long after the request (two election timeouts) is asked again.</summary>
    public const long TransferWaitMicros = 600_000;

    public const int MaxTransferAttempts = 3;

    /// <summary>Wait when the leader's CPU was busy: short, and off the 10 ms tick so the retry does not meet the next tick.</summary>
    public const long BusyRetryMicros = 700;

    /// <summary>The register nonce: far above the ids the server node's front end draws, so they never meet.</summary>
    private const int RegisterNonce = 1_987_654_321;

    private readonly Simulation sim;
    private readonly Queue<MembershipChange> queue = new();
    private MembershipChange? current;
    private int seq;
    private long nextAttemptAt;
    private long registerSentAt = -1;
    private bool ticking;
    private bool sessionWanted;

    public MembershipOperator(Simulation sim) => this.sim = sim;

    /// <summary>The client id of the operator's session (its register entry's index), or 0 before it is open.</summary>
    public int Session { get; private set; }

    /// <summary>Every change asked for, in order.</summary>
    public List<MembershipChange> Changes { get; } = new();

    public bool Idle => current == null && queue.Count == 0 && (!sessionWanted || Session != 0);

    public MembershipChange? Current => current;

    /// <summary>Opens the operator's session now rather than at its first change (scenarios and figures that time changes).</summary>
    public void Open()
    {
        sessionWanted = true;
        StartTicking();
    }

    private void StartTicking()
    {
        if (ticking) return;
        ticking = true;
        sim.Events.After(0, Tick);
    }

    /// <summary>Queues a change; it starts when those before it are done.</summary>
    public MembershipChange Request(ChangeKind kind, int target)
    {
        var change = new MembershipChange { Kind = kind, Target = target, Requested = sim.Now };
        Changes.Add(change);
        queue.Enqueue(change);
        sim.Say($"operator: {kind.ToString().ToLowerInvariant()} node {target}");
        StartTicking();

        return change;
    }

    /// <summary>The liveness phase: changes not started are dropped; the current one must still complete.</summary>
    public void Drain()
    {
        while (queue.Count > 0) queue.Dequeue().Abandoned = true;
    }

    /// <summary>A board applied an entry: the operator's register opens its session.</summary>
    public void OnApplied(ApplyResult result)
    {
        if (result.Kind == EntryKind.Register && result.Seq == RegisterNonce && Session == 0 && result.Status == ErrorCode.None)
            Session = result.Client;
    }

    private void Tick()
    {
        Step();
        if (Idle)
        {
            ticking = false;
            return;
        }

        sim.Events.After(PollMicros, Tick);
    }

    private void Step()
    {
        if (current == null)
        {
            if (queue.Count == 0)
            {
                if (sessionWanted && Session == 0 && sim.Now >= nextAttemptAt) TryRegister();
                return;
            }

            current = queue.Dequeue();
            nextAttemptAt = sim.Now;
        }

        MembershipChange change = current;
        if (IsDone(change))
        {
            change.Completed = sim.Now;
            sim.Say($"operator: {change}");
            current = null;
            return;
        }

        if (sim.Now < nextAttemptAt) return;
        if (change.Kind == ChangeKind.Transfer) TryTransfer(change);
        else if (Session == 0) TryRegister();
        else TryPropose(change);
    }

    private bool IsDone(MembershipChange change) => change.Kind switch
    {
        ChangeKind.Add => sim.Configurations.Committed.Contains(change.Target),
        ChangeKind.Remove => !sim.Configurations.Committed.Contains(change.Target),
        _ => sim.Leader() == change.Target,
    };

    private void TryRegister()
    {
        int leader = sim.Leader();
        if (leader == NodeId.None || registerSentAt >= 0 && sim.Now - registerSentAt < ResendMicros)
        {
            nextAttemptAt = sim.Now + RetryMicros;
            return;
        }

        ErrorCode answer = sim.Boards[leader].ProposeDirect(EntryKind.Register, 0, 0, RegisterNonce, 0);
        if (answer == ErrorCode.InvalidState)
        {
            Busy();
            return;
        }

        if (answer == ErrorCode.None || answer == ErrorCode.DuplicateProposal) registerSentAt = sim.Now;
        nextAttemptAt = sim.Now + RetryMicros;
    }

    private void TryPropose(MembershipChange change)
    {
        if (change.Seq == 0) change.Seq = ++seq;
        int leader = sim.Leader();
        ErrorCode answer = leader == NodeId.None
            ? ErrorCode.NoLeader
            : sim.Boards[leader].ProposeDirect(change.EntryKind, 0, Session, change.Seq, change.Target);
        if (answer == ErrorCode.InvalidState)
        {
            Busy(); // the board's CPU was busy: not an answer
            return;
        }

        Answer(change, answer);
        switch (answer)
        {
            case ErrorCode.None:
            case ErrorCode.DuplicateProposal:
                if (change.Started < 0) change.Started = sim.Now;
                nextAttemptAt = sim.Now + ResendMicros;
                return;
            case ErrorCode.AlreadyMember when change.Kind == ChangeKind.Add:
            case ErrorCode.NotMember when change.Kind == ChangeKind.Remove:
                // The leader's latest configuration has it already (an earlier attempt): wait for it to commit.
                nextAttemptAt = sim.Now + ResendMicros;
                return;
            case ErrorCode.LeaderNotReady:
            case ErrorCode.TransferInProgress:
            case ErrorCode.MembershipChangePending:
            case ErrorCode.NotLeader:
            case ErrorCode.NoLeader:
            case ErrorCode.ProposalQueueFull:
                nextAttemptAt = sim.Now + RetryMicros;
                return;
            default:
                change.Abandoned = true;
                sim.Say($"operator: {change}");
                current = null;
                return;
        }
    }

    private void TryTransfer(MembershipChange change)
    {
        int leader = sim.Leader();
        if (leader == NodeId.None)
        {
            Answer(change, ErrorCode.NoLeader);
            nextAttemptAt = sim.Now + RetryMicros;
            return;
        }

        if (change.Attempts >= MaxTransferAttempts)
        {
            change.Abandoned = true;
            sim.Say($"operator: {change}");
            current = null;
            return;
        }

        ErrorCode answer = sim.Boards[leader].TransferDirect(change.Target);
        if (answer == ErrorCode.InvalidState)
        {
            Busy();
            return;
        }

        Answer(change, answer);
        if (answer == ErrorCode.None || answer == ErrorCode.TransferInProgress)
        {
            if (change.Started < 0) change.Started = sim.Now;
            nextAttemptAt = sim.Now + TransferWaitMicros;
        }
        else if (answer == ErrorCode.TransferTargetNotVoter || answer == ErrorCode.TransferTargetIsSelf)
        {
            change.Attempts = MaxTransferAttempts; // no retry makes the target a voter: give up at the next step
            nextAttemptAt = sim.Now;
        }
        else
        {
            nextAttemptAt = sim.Now + RetryMicros;
        }
    }

    /// <summary>Looks again shortly: a busy board is no answer, so the change is retried out of step with its ticks.</summary>
    private void Busy()
    {
        nextAttemptAt = sim.Now + BusyRetryMicros;
        sim.Events.After(BusyRetryMicros, Step);
    }

    private static void Answer(MembershipChange change, ErrorCode answer)
    {
        change.Attempts++;
        change.LastAnswer = answer;
        if (change.Answers.Count == 0 || change.Answers[^1] != answer) change.Answers.Add(answer);
    }
}
