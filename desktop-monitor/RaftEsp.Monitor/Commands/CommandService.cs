using System.Collections.Concurrent;
using System.Security.Cryptography;
using RaftEsp.Apps;
using RaftEsp.Monitor.Link;
using RaftEsp.Monitor.State;

namespace RaftEsp.Monitor.Commands;

/// <summary>
/// The monitor's Raft client (§6.3 of the Raft dissertation). Every command carries the session (client id, 16-bit
/// sequence); the client keeps one command outstanding, and every retry of it reuses its sequence, so the cluster
/// applies a write at most once however many copies arrive. A write answers only once committed; a get is a
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
    private int nextSeq;

    public CommandService(ICollectorLink link, ClusterState state, CommandServiceOptions options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(link);
        this.link = link;
        this.state = state;
        this.options = options;
        this.clock = clock;
        // A restarted monitor must not reuse the sequence its session stopped at: start anywhere and resynchronise
        // when the cluster answers StaleSequence (docs/protocol.md, "Client sessions").
        nextSeq = RandomNumberGenerator.GetInt32(1, 65536);
        link.AnswerReceived += OnAnswer;
    }

    /// <summary>The client id this monitor writes with.</summary>
    public int ClientId => options.ClientId;

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
        if (bad != null) return new CommandOutcome(OutcomeKind.BadInput, CommandStatus.SlotOutOfRange, 0, 0, options.ClientId, 0, 0, bad);
        await gate.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            DateTimeOffset deadline = clock.GetUtcNow() + options.Timeout;
            int totalSent = 0;
            while (true)
            {
                // The sequence is spent the moment a copy may leave, whatever happens next (an answer, a timeout, the
                // HTTP caller going away): its copies can apply at most once, and no later command may reuse it.
                int seq = nextSeq;
                nextSeq = Next(seq);
                var request = new ClientRequest(kind, options.ClientId, seq, slot, value);
                Attempts result = await SendUntilAnsweredAsync(request, deadline, cancel).ConfigureAwait(false);
                totalSent += result.Sent;
                ClientAnswer? a = result.Answer;
                if (a != null && a.Status == CommandStatus.StaleSequence && kind != RequestKind.Get)
                {
                    // The session is ahead of us (an earlier run of the monitor used it): nothing was applied.
                    nextSeq = Next(a.Value);
                    if (clock.GetUtcNow() < deadline) continue;
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

                if (!IsTransient(answer.Status)) return new Attempts(answer, sent, false);
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
        string what = request.Kind switch
        {
            RequestKind.Set => $"set slot {request.Slot} = {request.Value}",
            RequestKind.Remove => $"remove slot {request.Slot}",
            _ => $"get slot {request.Slot}",
        };
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

    private static int Next(int seq) => (seq & 0xFFFF) == 0xFFFF ? 1 : (seq & 0xFFFF) + 1;

    private void OnAnswer(ClientAnswer answer)
    {
        if (answer.Client != options.ClientId) return;
        if (pending.TryGetValue(answer.Seq, out TaskCompletionSource<ClientAnswer>? waiter)) waiter.TrySetResult(answer);
    }

    public void Dispose()
    {
        link.AnswerReceived -= OnAnswer;
        gate.Dispose();
    }

    private sealed record Attempts(ClientAnswer? Answer, int Sent, bool Unanswered);
}
