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
/// </summary>
public sealed class CommandService : IDisposable
{
    private readonly ICollectorLink link;
    private readonly ClusterState state;
    private readonly CommandServiceOptions options;
    private readonly TimeProvider clock;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly ConcurrentDictionary<int, TaskCompletionSource<ClientAnswer>> pending = new();
    private int client;
    private int nextSeq = 1;

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
    public int ClientId => Volatile.Read(ref client);

    /// <summary>Checks a slot index; null when fine, else the reason.</summary>
    public string? CheckSlot(int slot)
    {
        int slots = state.SlotCount;
        return slot < 0 || slot >= slots ? $"index must be 0..{slots - 1} (the database has {slots} slots)" : null;
    }

    /// <summary>Sets <paramref name="slot"/> to <paramref name="value"/>; completes once committed (or failed).</summary>
    public Task<CommandOutcome> SetAsync(int slot, int value, CancellationToken cancel) => RunAsync(RequestKind.Set, slot, value, cancel);

    /// <summary>Clears <paramref name="slot"/> (back to 0); completes once committed (or failed).</summary>
    public Task<CommandOutcome> RemoveAsync(int slot, CancellationToken cancel) => RunAsync(RequestKind.Remove, slot, 0, cancel);

    /// <summary>Reads <paramref name="slot"/> linearizably (ReadIndex through the server node).</summary>
    public Task<CommandOutcome> GetAsync(int slot, CancellationToken cancel) => RunAsync(RequestKind.Get, slot, 0, cancel);

    private async Task<CommandOutcome> RunAsync(RequestKind kind, int slot, int value, CancellationToken cancel)
    {
        string? bad = CheckSlot(slot);
        if (bad != null) return new CommandOutcome(OutcomeKind.BadInput, CommandStatus.SlotOutOfRange, 0, 0, ClientId, 0, 0, bad);
        await gate.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            DateTimeOffset deadline = clock.GetUtcNow() + options.Timeout;
            int totalSent = 0;
            while (true)
            {
                if (client == 0)
                {
                    CommandOutcome? failed = await RegisterAsync(kind, slot, value, deadline, cancel).ConfigureAwait(false);
                    if (failed != null) return failed;
                }

                // The sequence is spent the moment a copy may leave, whatever happens next (an answer, a timeout, the
                // HTTP caller going away): its copies can apply at most once, and no later command may reuse it.
                int seq = nextSeq++;
                var request = new ClientRequest(kind, client, seq, slot, value);
                Attempts result = await SendUntilAnsweredAsync(request, deadline, cancel).ConfigureAwait(false);
                totalSent += result.Sent;
                if (result.Answer?.Status == CommandStatus.SessionExpired)
                {
                    // The cluster evicted the session (or never had it): register again. Session-expired is answered
                    // without proposing, so unless an earlier copy went unanswered nothing of this command applied.
                    Volatile.Write(ref client, 0);
                    if (!result.Unanswered && clock.GetUtcNow() < deadline) continue;
                }

                CommandOutcome outcome = Outcome(request, result, totalSent);
                if (kind != RequestKind.Get || outcome.Kind != OutcomeKind.Ok)
                {
                    state.Record(TimelineKinds.Command, state.ServerNode, outcome.Message);
                }

                return outcome;
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Opens a new client session: sends register commands (one at a time, with the command's retry rules) until one
    /// is answered. Null when registered; else the outcome of the command that could not be sent (nothing of it
    /// applied). A register whose answer was lost leaves a session nobody holds; the session table evicts it in time.
    /// </summary>
    private async Task<CommandOutcome?> RegisterAsync(RequestKind kind, int slot, int value, DateTimeOffset deadline, CancellationToken cancel)
    {
        var register = new ClientRequest(RequestKind.Register, 0, RegisterKey, 0, 0);
        Attempts result = await SendUntilAnsweredAsync(register, deadline, cancel).ConfigureAwait(false);
        ClientAnswer? a = result.Answer;
        if (a != null && a.Status == CommandStatus.Ok && a.Client > 0)
        {
            Volatile.Write(ref client, a.Client);
            nextSeq = 1;
            state.Record(TimelineKinds.Command, state.ServerNode, $"registered: client {a.Client}");
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
    private async Task<Attempts> SendUntilAnsweredAsync(ClientRequest request, DateTimeOffset deadline, CancellationToken cancel)
    {
        int sent = 0;
        bool unanswered = false;
        ClientAnswer? lastRefusal = null;
        var answered = Register(request.Seq);
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
                    answer = await answered.Task.WaitAsync(left < options.AttemptTimeout ? left : options.AttemptTimeout, clock, cancel).ConfigureAwait(false);
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
                    answered = Register(request.Seq);
                    continue;
                }

                // A final answer keeps the unanswered mark: an earlier copy may have applied (session-expired after
                // a lost answer means the session was evicted after it applied the write).
                if (!IsTransient(answer.Status)) return new Attempts(answer, sent, unanswered);
                lastRefusal = answer;
                // Another copy is worth sending only if it can be waited for in full: a copy cut short by the
                // deadline would turn a clean refusal (nothing applied) into an unknown outcome.
                if (deadline - clock.GetUtcNow() < options.RefusalBackoff + options.AttemptTimeout)
                {
                    return new Attempts(lastRefusal, sent, unanswered);
                }

                answered = Register(request.Seq);
                await Task.Delay(options.RefusalBackoff, clock, cancel).ConfigureAwait(false);
            }
        }
        finally
        {
            pending.TryRemove(request.Seq, out _);
        }
    }

    private TaskCompletionSource<ClientAnswer> Register(int seq)
    {
        var waiter = new TaskCompletionSource<ClientAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[seq] = waiter;
        return waiter;
    }

    private static CommandOutcome Outcome(ClientRequest request, Attempts result, int sent)
    {
        ClientAnswer? a = result.Answer;
        string what = Describe(request.Kind, request.Slot, request.Value);
        if (a != null && a.Status == CommandStatus.Ok)
        {
            string message = request.Kind == RequestKind.Get
                ? $"{what}: {a.Value} (read index {a.Index})"
                : $"{what} committed at index {a.Index} (client {request.Client}, seq {request.Seq}{(sent > 1 ? $", {sent} copies sent" : "")})";
            return new CommandOutcome(OutcomeKind.Ok, a.Status, a.Value, a.Index, request.Client, request.Seq, sent, message);
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
        return new CommandOutcome(OutcomeKind.Unavailable, a?.Status ?? CommandStatus.NoLeader, 0, 0, request.Client, request.Seq, sent,
            $"{what}: no leader could take it ({why}); nothing changed");
    }

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
        _ => $"get slot {slot}",
    };

    private void OnAnswer(ClientAnswer answer)
    {
        // A register's answer carries the new client id; any register answer will do (one monitor per collector).
        int key = answer.Kind == RequestKind.Register ? RegisterKey : answer.Seq;
        if (answer.Kind != RequestKind.Register && answer.Client != Volatile.Read(ref client)) return;
        if (pending.TryGetValue(key, out TaskCompletionSource<ClientAnswer>? waiter)) waiter.TrySetResult(answer);
    }

    public void Dispose()
    {
        link.AnswerReceived -= OnAnswer;
        gate.Dispose();
    }

    /// <summary>The waiting key of a register: sequences of commands start at 1, so 0 is free.</summary>
    private const int RegisterKey = 0;

    private sealed record Attempts(ClientAnswer? Answer, int Sent, bool Unanswered);
}
