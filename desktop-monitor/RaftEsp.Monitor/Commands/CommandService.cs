using System.Collections.Concurrent;
using RaftEsp.Apps;
using RaftEsp.Monitor.Link;
using RaftEsp.Monitor.State;

namespace RaftEsp.Monitor.Commands;

/// <summary>
/// The monitor's Raft client (§6.3 of the Raft dissertation). It registers once per run (a register command: the
/// cluster answers with a new client id, the register entry's log index), and again when the cluster answers
/// session-expired (its session was evicted). Every command carries the session (client id, u32 sequence counting
/// from 1 per registered client); the client keeps one command outstanding, and every retry of it reuses its
/// sequence, so the cluster applies a write at most once however many copies arrive. A write answers only once committed; a get is a
/// ReadIndex read through the server node. After the deadline the outcome is "unavailable" (HTTP 503) when every
/// attempt was refused, so nothing can have committed, and "unknown" (504) when some attempt went unanswered or the
/// server node answered that it gave up waiting (timeout), so the write may still commit, once.
/// Membership commands (join, leave, transfer) run in a second session of their own, with a longer deadline: a join
/// waits until the new board caught up, which may take many seconds, and reads and writes keep flowing meanwhile.
/// </summary>
public sealed class CommandService : IDisposable
{
    private readonly ICollectorLink link;
    private readonly ClusterState state;
    private readonly CommandServiceOptions options;
    private readonly TimeProvider clock;
    private readonly Session data = new("data");
    private readonly Session membership = new("membership");
    private readonly SemaphoreSlim registering = new(1, 1);
    private Session? registeringSession;

    public CommandService(ICollectorLink link, ClusterState state, CommandServiceOptions options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(link);
        this.link = link;
        this.state = state;
        this.options = options;
        this.clock = clock;
        link.AnswerReceived += OnAnswer;
    }

    /// <summary>The client id the cluster gave this monitor's session; 0 before it registered (or after it expired).</summary>
    public int ClientId => Volatile.Read(ref data.Client);

    /// <summary>The client id of the session membership commands use; 0 before the first one registered it.</summary>
    public int MembershipClientId => Volatile.Read(ref membership.Client);

    /// <summary>Checks a slot index; null when fine, else the reason.</summary>
    public string? CheckSlot(int slot)
    {
        int slots = state.SlotCount;
        return slot < 0 || slot >= slots ? $"index must be 0..{slots - 1} (the database has {slots} slots)" : null;
    }

    /// <summary>Sets <paramref name="slot"/> to <paramref name="value"/>; completes once committed (or failed).</summary>
    public Task<CommandOutcome> SetAsync(int slot, int value, CancellationToken cancel) => RunSlotAsync(RequestKind.Set, slot, value, cancel);

    /// <summary>Clears <paramref name="slot"/> (back to 0); completes once committed (or failed).</summary>
    public Task<CommandOutcome> RemoveAsync(int slot, CancellationToken cancel) => RunSlotAsync(RequestKind.Remove, slot, 0, cancel);

    /// <summary>Reads <paramref name="slot"/> linearizably (ReadIndex through the server node).</summary>
    public Task<CommandOutcome> GetAsync(int slot, CancellationToken cancel) => RunSlotAsync(RequestKind.Get, slot, 0, cancel);

    /// <summary>
    /// Adds board <paramref name="node"/>: the server node proposes it as a learner and answers once the leader
    /// promoted it to voter (§4.2.1), or joined-as-learner when its own deadline ran out first.
    /// </summary>
    public Task<CommandOutcome> JoinAsync(int node, CancellationToken cancel) => RunMembershipAsync(RequestKind.Join, node, cancel);

    /// <summary>Removes board <paramref name="node"/>; a leader asked to remove itself hands its leadership over first (§4.2.2).</summary>
    public Task<CommandOutcome> LeaveAsync(int node, CancellationToken cancel) => RunMembershipAsync(RequestKind.Leave, node, cancel);

    /// <summary>Moves the leadership to voter <paramref name="node"/> (§3.10); answered once it leads.</summary>
    public Task<CommandOutcome> TransferAsync(int node, CancellationToken cancel) => RunMembershipAsync(RequestKind.Transfer, node, cancel);

    private Task<CommandOutcome> RunSlotAsync(RequestKind kind, int slot, int value, CancellationToken cancel)
    {
        string? bad = CheckSlot(slot);
        if (bad != null) return Task.FromResult(new CommandOutcome(OutcomeKind.BadInput, CommandStatus.SlotOutOfRange, 0, 0, ClientId, 0, 0, bad));
        return RunAsync(data, kind, slot, value, options.Timeout, options.AttemptTimeout, cancel);
    }

    private Task<CommandOutcome> RunMembershipAsync(RequestKind kind, int node, CancellationToken cancel)
    {
        if (!RaftEsp.Core.NodeId.IsValid(node))
        {
            return Task.FromResult(new CommandOutcome(OutcomeKind.BadInput, CommandStatus.InvalidCommand, 0, 0, MembershipClientId, 0, 0,
                $"{Describe(kind, 0, node)}: a board's id is 0..{RaftEsp.Core.NodeId.MaxId}"));
        }

        return RunAsync(membership, kind, 0, node, options.MembershipTimeout, options.MembershipAttemptTimeout, cancel);
    }

    private async Task<CommandOutcome> RunAsync(Session session, RequestKind kind, int slot, int value, TimeSpan timeout, TimeSpan attemptTimeout, CancellationToken cancel)
    {
        await session.Gate.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            DateTimeOffset deadline = clock.GetUtcNow() + timeout;
            int totalSent = 0;
            while (true)
            {
                if (session.Client == 0)
                {
                    CommandOutcome? failed = await RegisterAsync(session, kind, slot, value, deadline, attemptTimeout, cancel).ConfigureAwait(false);
                    if (failed != null) return failed;
                }

                // The sequence is spent the moment a copy may leave, whatever happens next (an answer, a timeout, the
                // HTTP caller going away): its copies can apply at most once, and no later command may reuse it.
                int seq = session.NextSeq++;
                var request = new ClientRequest(kind, session.Client, seq, slot, value);
                Attempts result = await SendUntilAnsweredAsync(session, request, deadline, attemptTimeout, cancel).ConfigureAwait(false);
                totalSent += result.Sent;
                if (result.Answer?.Status == CommandStatus.SessionExpired)
                {
                    // The cluster evicted the session (or never had it): register again. Session-expired is answered
                    // without proposing, so unless an earlier copy went unanswered nothing of this command applied.
                    Volatile.Write(ref session.Client, 0);
                    if (!result.Unanswered && clock.GetUtcNow() < deadline) continue;
                }

                CommandOutcome outcome = Outcome(request, result, totalSent);
                if (kind != RequestKind.Get || outcome.Kind != OutcomeKind.Ok)
                {
                    state.Record(IsMembership(kind) ? TimelineKinds.Membership : TimelineKinds.Command, IsMembership(kind) ? value : state.ServerNode, outcome.Message);
                }

                return outcome;
            }
        }
        finally
        {
            session.Gate.Release();
        }
    }

    /// <summary>
    /// Opens a new client session: sends register commands (one at a time, with the command's retry rules) until one
    /// is answered. Null when registered; else the outcome of the command that could not be sent (nothing of it
    /// applied). A register whose answer was lost leaves a session nobody holds; the session table evicts it in time.
    /// </summary>
    private async Task<CommandOutcome?> RegisterAsync(Session session, RequestKind kind, int slot, int value, DateTimeOffset deadline, TimeSpan attemptTimeout, CancellationToken cancel)
    {
        // A register's answer names no sequence: the sessions register one at a time, so an answer is the registering one's.
        await registering.WaitAsync(cancel).ConfigureAwait(false);
        Attempts result;
        try
        {
            Volatile.Write(ref registeringSession, session);
            var register = new ClientRequest(RequestKind.Register, 0, RegisterKey, 0, 0);
            result = await SendUntilAnsweredAsync(session, register, deadline, attemptTimeout, cancel).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref registeringSession, null);
            registering.Release();
        }

        ClientAnswer? a = result.Answer;
        if (a != null && a.Status == CommandStatus.Ok && a.Client > 0)
        {
            Volatile.Write(ref session.Client, a.Client);
            session.NextSeq = 1;
            state.Record(TimelineKinds.Command, state.ServerNode, $"registered: client {a.Client}{(session == membership ? " (membership commands)" : "")}");
            return null;
        }

        string why = a == null ? "no answer" : CommandStatuses.Name(a.Status);
        var outcome = new CommandOutcome(OutcomeKind.Unavailable, a?.Status ?? CommandStatus.NoLeader, 0, 0, 0, 0, result.Sent,
            $"{Describe(kind, slot, value)}: could not register a client session ({why}); nothing changed");
        state.Record(TimelineKinds.Command, state.ServerNode, outcome.Message);
        return outcome;
    }

    /// <summary>
    /// Sends <paramref name="request"/> (always the same sequence) until a final answer or the deadline. Refusals
    /// that a new leader cures are retried after a pause; an answer to any copy counts.
    /// </summary>
    private async Task<Attempts> SendUntilAnsweredAsync(Session session, ClientRequest request, DateTimeOffset deadline, TimeSpan attemptTimeout, CancellationToken cancel)
    {
        int sent = 0;
        bool unanswered = false;
        ClientAnswer? lastRefusal = null;
        var answered = session.Wait(request.Seq);
        try
        {
            while (true)
            {
                TimeSpan left = deadline - clock.GetUtcNow();
                if (left <= TimeSpan.Zero) return new Attempts(lastRefusal, sent, unanswered || lastRefusal == null);
                link.Send(request);
                sent++;
                ClientAnswer answer;
                try
                {
                    answer = await answered.Task.WaitAsync(left < attemptTimeout ? left : attemptTimeout, clock, cancel).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    unanswered = true;
                    continue;
                }

                if (answer.Status == CommandStatus.Timeout)
                {
                    // The server node stopped waiting, not the cluster: the write may still commit. Only a copy with
                    // the same sequence can learn how it ended (a committed one is answered with its first result).
                    unanswered = true;
                    lastRefusal = answer;
                    answered = session.Wait(request.Seq);
                    continue;
                }

                // A final answer keeps the unanswered mark: an earlier copy may have applied (session-expired after
                // a lost answer means the session was evicted after it applied the write).
                if (!IsTransient(answer.Status)) return new Attempts(answer, sent, unanswered);
                lastRefusal = answer;
                // Another copy is worth sending only if it can be waited for in full: a copy cut short by the
                // deadline would turn a clean refusal (nothing applied) into an unknown outcome.
                if (deadline - clock.GetUtcNow() < options.RefusalBackoff + attemptTimeout)
                {
                    return new Attempts(lastRefusal, sent, unanswered);
                }

                answered = session.Wait(request.Seq);
                await Task.Delay(options.RefusalBackoff, clock, cancel).ConfigureAwait(false);
            }
        }
        finally
        {
            session.Pending.TryRemove(request.Seq, out _);
        }
    }

    private static CommandOutcome Outcome(ClientRequest request, Attempts result, int sent)
    {
        ClientAnswer? a = result.Answer;
        string what = Describe(request.Kind, request.Slot, request.Value);
        if (a != null && a.Status == CommandStatus.Ok)
        {
            string message = request.Kind switch
            {
                RequestKind.Get => $"{what}: {a.Value} (read index {a.Index})",
                RequestKind.Join => $"{what}: board {request.Value} is a voter (client {request.Client}, seq {request.Seq})",
                RequestKind.Leave => $"{what}: its removal is committed (client {request.Client}, seq {request.Seq})",
                RequestKind.Transfer => $"{what}: board {request.Value} leads (client {request.Client}, seq {request.Seq})",
                _ => $"{what} committed at index {a.Index} (client {request.Client}, seq {request.Seq}{(sent > 1 ? $", {sent} copies sent" : "")})",
            };
            return new CommandOutcome(OutcomeKind.Ok, a.Status, a.Value, a.Index, request.Client, request.Seq, sent, message);
        }

        if (a != null && a.Status == CommandStatus.JoinedAsLearner)
        {
            return new CommandOutcome(OutcomeKind.Accepted, a.Status, a.Value, a.Index, request.Client, request.Seq, sent,
                $"{what}: board {request.Value} was added and is still a learner catching up; the leader promotes it once it has caught up");
        }

        if (a != null && IsConflict(a.Status))
        {
            return new CommandOutcome(OutcomeKind.Conflict, a.Status, 0, 0, request.Client, request.Seq, sent,
                $"{what}: the cluster refused it ({CommandStatuses.Name(a.Status)}: {ConflictReason(a.Status, request.Value)}); nothing changed");
        }

        if (a != null && IsBadInput(a.Status))
        {
            return new CommandOutcome(OutcomeKind.BadInput, a.Status, 0, 0, request.Client, request.Seq, sent,
                $"{what}: the cluster refused it ({CommandStatuses.Name(a.Status)}); nothing changed");
        }

        if (result.Unanswered || (a != null && a.Status == CommandStatus.Superseded))
        {
            string silence = a != null && a.Status == CommandStatus.Timeout ? "the server node timed out waiting for the cluster" : "no answer in time";
            string outcome = request.Kind == RequestKind.Get
                ? $"{what}: {silence}"
                : $"{what}: {silence}; it may still commit, at most once (client {request.Client}, seq {request.Seq})";
            return new CommandOutcome(OutcomeKind.Unknown, a?.Status ?? CommandStatus.NoLeader, 0, 0, request.Client, request.Seq, sent, outcome);
        }

        string why = a == null ? "no-leader" : CommandStatuses.Name(a.Status);
        string who = a == null || IsTransient(a.Status) ? "no leader could take it" : "the cluster could not take it";
        return new CommandOutcome(OutcomeKind.Unavailable, a?.Status ?? CommandStatus.NoLeader, 0, 0, request.Client, request.Seq, sent,
            $"{what}: {who} ({why}); nothing changed");
    }

    /// <summary>Refusals of a membership command because of the cluster's shape (HTTP 409): asking again will not help until it changes.</summary>
    private static bool IsConflict(CommandStatus status) => status is CommandStatus.MembershipChangePending or CommandStatus.AlreadyMember
        or CommandStatus.NotMember or CommandStatus.LastVoter or CommandStatus.ClusterFull or CommandStatus.ServerCannotLeave;

    private static string ConflictReason(CommandStatus status, int node) => status switch
    {
        CommandStatus.MembershipChangePending => "another membership change is not committed yet; one at a time",
        CommandStatus.AlreadyMember => $"board {node} is already a voter or a learner",
        CommandStatus.NotMember => $"board {node} is not a member (a transfer needs a voter)",
        CommandStatus.LastVoter => $"board {node} is the last voter",
        CommandStatus.ClusterFull => "the cluster holds its max-members already",
        _ => $"board {node} is the server node, which takes every command; it cannot leave",
    };

    private static bool IsMembership(RequestKind kind) => kind is RequestKind.Join or RequestKind.Leave or RequestKind.Transfer;

    /// <summary>Refusals that another attempt may overcome once a leader is elected or catches up.</summary>
    private static bool IsTransient(CommandStatus status) => status is CommandStatus.NoLeader or CommandStatus.NotLeader
        or CommandStatus.LeaderNotReady or CommandStatus.ProposalQueueFull or CommandStatus.LogFull
        or CommandStatus.ReadQueueFull or CommandStatus.Busy or CommandStatus.TransferInProgress;

    /// <summary>Refusals caused by the request itself.</summary>
    private static bool IsBadInput(CommandStatus status) => status is CommandStatus.SlotOutOfRange or CommandStatus.ClientOutOfRange
        or CommandStatus.InvalidCommand;

    private static string Describe(RequestKind kind, int slot, int value) => kind switch
    {
        RequestKind.Set => $"set slot {slot} = {value}",
        RequestKind.Remove => $"remove slot {slot}",
        RequestKind.Join => $"join board {value}",
        RequestKind.Leave => $"leave board {value}",
        RequestKind.Transfer => $"transfer the leadership to board {value}",
        _ => $"get slot {slot}",
    };

    private void OnAnswer(ClientAnswer answer)
    {
        if (answer.Kind == RequestKind.Register)
        {
            // A register's answer carries the new client id; any register answer will do (one monitor per collector),
            // except one naming the other session's client (a late copy of an earlier register).
            Session? registrant = Volatile.Read(ref registeringSession);
            if (registrant == null) return;
            Session other = registrant == data ? membership : data;
            if (answer.Status == CommandStatus.Ok && answer.Client == Volatile.Read(ref other.Client)) return;
            if (registrant.Pending.TryGetValue(RegisterKey, out TaskCompletionSource<ClientAnswer>? registered)) registered.TrySetResult(answer);
            return;
        }

        Session? session = answer.Client == Volatile.Read(ref data.Client) ? data
            : answer.Client == Volatile.Read(ref membership.Client) ? membership : null;
        if (session != null && session.Pending.TryGetValue(answer.Seq, out TaskCompletionSource<ClientAnswer>? waiter)) waiter.TrySetResult(answer);
    }

    public void Dispose()
    {
        link.AnswerReceived -= OnAnswer;
        data.Dispose();
        membership.Dispose();
        registering.Dispose();
    }

    /// <summary>The waiting key of a register: sequences of commands start at 1, so 0 is free.</summary>
    private const int RegisterKey = 0;

    private sealed record Attempts(ClientAnswer? Answer, int Sent, bool Unanswered);

    /// <summary>One client session: its id, its next sequence, one command at a time, the answers awaited by sequence.</summary>
    private sealed class Session(string name) : IDisposable
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public readonly ConcurrentDictionary<int, TaskCompletionSource<ClientAnswer>> Pending = new();
        public int Client;
        public int NextSeq = 1;

        public string Name { get; } = name;

        public TaskCompletionSource<ClientAnswer> Wait(int seq)
        {
            var waiter = new TaskCompletionSource<ClientAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
            Pending[seq] = waiter;
            return waiter;
        }

        public override string ToString() => $"{Name} session (client {Client})";

        public void Dispose() => Gate.Dispose();
    }
}
