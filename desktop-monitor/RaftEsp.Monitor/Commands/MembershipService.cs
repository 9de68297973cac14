using RaftEsp.Apps;
using RaftEsp.Core;
using RaftEsp.Monitor.State;

namespace RaftEsp.Monitor.Commands;

/// <summary>
/// Join, leave and transfer as the API offers them: one at a time from this monitor (the cluster itself allows one
/// change in flight, §4.1), the commands sent through <see cref="CommandService"/>'s membership session, and, in
/// virtual mode, the board processes that go with them: a join starts the new board (empty flash, booting to join)
/// before the server node adds it; a leave ends the removed board's process once the removal is committed.
/// </summary>
public sealed class MembershipService(CommandService commands, ClusterState state, IBoardProcesses? processes) : IDisposable
{
    private readonly SemaphoreSlim oneChange = new(1, 1);

    /// <summary>
    /// Adds board <paramref name="node"/>: Ok once it is a voter, Accepted while it is still a learner catching up.
    /// A board the monitor started for the join and the cluster did not take is stopped again.
    /// </summary>
    public async Task<CommandOutcome> JoinAsync(int node, CancellationToken cancel)
    {
        if (CheckId(RequestKindText.Join, node) is { } bad) return bad;
        if (processes?.CheckJoiner(node) is { } notJoiner) return Refused(OutcomeKind.BadInput, CommandStatus.InvalidCommand, $"join board {node}: {notJoiner}");
        // A member's flash must never be wiped by a join: the monitor's view says whether it is one.
        if (state.MemberKind(node) is { } kind)
        {
            return Refused(OutcomeKind.Conflict, CommandStatus.AlreadyMember, $"join board {node}: it is already a {kind} (already-member); nothing changed");
        }

        return await OneAtATime(RequestKindText.Join, node, async () =>
        {
            bool started = false;
            if (processes != null && !processes.IsRunning(node))
            {
                state.Track(node);
                try
                {
                    await Task.Run(() => processes.StartJoiner(node), CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException or ArgumentException)
                {
                    string message = $"join board {node}: the virtual cluster could not start it: {e.Message}";
                    state.Record(TimelineKinds.Membership, node, message);
                    return Refused(OutcomeKind.ProcessFailed, CommandStatus.NoLeader, message);
                }

                started = true;
                state.Record(TimelineKinds.Membership, node, $"started board {node} with an empty flash; it boots to join");
            }

            state.Record(TimelineKinds.Membership, node, $"join board {node} proposed to server node {state.ServerNode}");
            CommandOutcome outcome = await commands.JoinAsync(node, cancel).ConfigureAwait(false);
            if (started && outcome.Kind is OutcomeKind.BadInput or OutcomeKind.Conflict or OutcomeKind.Unavailable)
            {
                // Nothing of the join applied, so the board is no member: end the process the join started.
                StopQuietly(node, $"stopped board {node} again: the cluster did not add it");
            }

            return outcome;
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Removes board <paramref name="node"/> (a leader hands its leadership over first, §4.2.2); in virtual mode its
    /// process ends once the removal is committed. The server node cannot leave: every command enters there.
    /// </summary>
    public async Task<CommandOutcome> LeaveAsync(int node, CancellationToken cancel)
    {
        if (CheckId(RequestKindText.Leave, node) is { } bad) return bad;
        if (node == state.ServerNode)
        {
            return Refused(OutcomeKind.Conflict, CommandStatus.ServerCannotLeave,
                $"leave board {node}: it is the server node, which takes every command (server-cannot-leave); flash another board as the server node first; nothing changed");
        }

        return await OneAtATime(RequestKindText.Leave, node, async () =>
        {
            state.Record(TimelineKinds.Membership, node, $"leave board {node} proposed to server node {state.ServerNode}");
            CommandOutcome outcome = await commands.LeaveAsync(node, cancel).ConfigureAwait(false);
            if (outcome.Kind == OutcomeKind.Ok && processes != null && processes.IsRunning(node))
            {
                StopQuietly(node, $"stopped board {node}'s process: it is no member any more");
            }

            return outcome;
        }).ConfigureAwait(false);
    }

    /// <summary>Moves the leadership to voter <paramref name="node"/> (§3.10); Ok once it leads.</summary>
    public async Task<CommandOutcome> TransferAsync(int node, CancellationToken cancel)
    {
        if (CheckId(RequestKindText.Transfer, node) is { } bad) return bad;
        return await OneAtATime(RequestKindText.Transfer, node, () =>
        {
            state.Record(TimelineKinds.Membership, node, $"transfer of the leadership to board {node} asked of server node {state.ServerNode}");
            return commands.TransferAsync(node, cancel);
        }).ConfigureAwait(false);
    }

    /// <summary>Runs one change at a time from this monitor; a second, while one runs, is refused at once.</summary>
    private async Task<CommandOutcome> OneAtATime(string verb, int node, Func<Task<CommandOutcome>> change)
    {
        if (!oneChange.Wait(0, CancellationToken.None)) return Busy(verb, node);
        try
        {
            return await change().ConfigureAwait(false);
        }
        finally
        {
            oneChange.Release();
        }
    }

    public void Dispose() => oneChange.Dispose();

    private static CommandOutcome? CheckId(string verb, int node) => NodeId.IsValid(node)
        ? null
        : Refused(OutcomeKind.BadInput, CommandStatus.InvalidCommand, $"{verb} board {node}: a board's id is 0..{NodeId.MaxId}");

    private static CommandOutcome Busy(string verb, int node) => Refused(OutcomeKind.Conflict, CommandStatus.MembershipChangePending,
        $"{verb} board {node}: another membership change from this monitor is in flight (membership-change-pending); one at a time; nothing changed");

    private static CommandOutcome Refused(OutcomeKind kind, CommandStatus status, string message) => new(kind, status, 0, 0, 0, 0, 0, message);

    private void StopQuietly(int node, string text)
    {
        try
        {
            processes!.Stop(node);
            state.Record(TimelineKinds.Membership, node, text);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException)
        {
            state.Record(TimelineKinds.Membership, node, $"could not stop board {node}'s process: {e.Message}");
        }
    }

    /// <summary>The verbs as messages name them.</summary>
    private static class RequestKindText
    {
        public const string Join = "join";
        public const string Leave = "leave";
        public const string Transfer = "transfer to";
    }
}
