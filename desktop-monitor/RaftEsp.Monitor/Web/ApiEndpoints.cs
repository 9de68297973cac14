using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using RaftEsp.Monitor.Commands;
using RaftEsp.Monitor.Faults;
using RaftEsp.Monitor.State;

namespace RaftEsp.Monitor.Web;

/// <summary>The HTTP API (docs/protocol.md, "Desktop monitor HTTP API"). Every error is JSON: {"error": "..."}.</summary>
internal static class ApiEndpoints
{
    public static void Map(WebApplication app, MonitorRuntime runtime)
    {
        ClusterState state = runtime.State;
        CommandService commands = runtime.Commands;

        app.MapGet("/api/cluster", (HttpRequest request) => HistoryEndpoints.Cluster(request, runtime));

        app.MapPost("/api/set", async (HttpRequest request, CancellationToken cancel) =>
        {
            if (!QueryArgs.TryInt(request, "index", 0, int.MaxValue, out int index, out string error)) return Bad(error);
            if (!QueryArgs.TryInt(request, "value", int.MinValue, int.MaxValue, out int value, out error)) return Bad(error);
            if (commands.CheckSlot(index) is { } slotError) return Bad(slotError);
            CommandOutcome outcome = await commands.SetAsync(index, value, cancel).ConfigureAwait(false);
            return outcome.Kind == OutcomeKind.Ok
                ? Results.Json(new { ok = true, index, value, previous = outcome.Value, logIndex = outcome.Index, client = outcome.Client, seq = outcome.Seq, attempts = outcome.Attempts })
                : Failed(outcome);
        });

        app.MapPost("/api/remove", async (HttpRequest request, CancellationToken cancel) =>
        {
            if (!QueryArgs.TryInt(request, "index", 0, int.MaxValue, out int index, out string error)) return Bad(error);
            if (commands.CheckSlot(index) is { } slotError) return Bad(slotError);
            CommandOutcome outcome = await commands.RemoveAsync(index, cancel).ConfigureAwait(false);
            return outcome.Kind == OutcomeKind.Ok
                ? Results.Json(new { ok = true, index, previous = outcome.Value, logIndex = outcome.Index, client = outcome.Client, seq = outcome.Seq, attempts = outcome.Attempts })
                : Failed(outcome);
        });

        app.MapGet("/api/get", async (HttpRequest request, CancellationToken cancel) =>
        {
            if (!QueryArgs.TryInt(request, "index", 0, int.MaxValue, out int index, out string error)) return Bad(error);
            if (commands.CheckSlot(index) is { } slotError) return Bad(slotError);
            CommandOutcome outcome = await commands.GetAsync(index, cancel).ConfigureAwait(false);
            return outcome.Kind == OutcomeKind.Ok
                ? Results.Json(new { ok = true, index, value = outcome.Value, readIndex = outcome.Index, client = outcome.Client, seq = outcome.Seq })
                : Failed(outcome);
        });

        // Membership changes (docs/protocol.md): 200 done, 202 joined but still a learner, 409 refused by the
        // cluster's shape, 503 no leader, 504 unknown outcome (the same session's retry applies it at most once).
        MembershipService membership = runtime.Membership;
        app.MapPost("/api/join", (HttpRequest request, CancellationToken cancel) =>
            Membership(request, "join", node => membership.JoinAsync(node, cancel), state));
        app.MapPost("/api/leave", (HttpRequest request, CancellationToken cancel) =>
            Membership(request, "leave", node => membership.LeaveAsync(node, cancel), state));
        app.MapPost("/api/transfer", (HttpRequest request, CancellationToken cancel) =>
            Membership(request, "transfer", node => membership.TransferAsync(node, cancel), state));

        MapSimulation(app, runtime);
    }

    private static void MapSimulation(WebApplication app, MonitorRuntime runtime)
    {
        ClusterState state = runtime.State;
        IFaultControl? faults = runtime.Faults;
        const string RealMode = "fault injection needs the virtual cluster; this monitor is watching a real collector";

        app.MapPost("/api/sim/crash", (HttpRequest request) =>
        {
            if (faults == null) return Conflict(RealMode);
            if (!TryKnownBoard(request, state, out int node, out string error)) return Bad(error);
            if (faults.IsCrashed(node)) return Conflict($"board {node} is already crashed");
            if (TryFault(() => faults.Crash(node)) is { } failed) return failed;
            state.Record(TimelineKinds.Fault, node, $"crashed board {node}");
            state.SetCrashed(node, true);
            return Results.Json(new { ok = true, crashed = node });
        });

        app.MapPost("/api/sim/restart", (HttpRequest request) =>
        {
            if (faults == null) return Conflict(RealMode);
            if (!TryKnownBoard(request, state, out int node, out string error)) return Bad(error);
            if (!faults.IsCrashed(node)) return Conflict($"board {node} is running; crash it first");
            if (TryFault(() => faults.Restart(node)) is { } failed) return failed;
            state.Record(TimelineKinds.Fault, node, $"restarted board {node} from its flash");
            state.SetCrashed(node, false);
            return Results.Json(new { ok = true, restarted = node });
        });

        app.MapPost("/api/sim/partition", (HttpRequest request) =>
        {
            if (faults == null) return Conflict(RealMode);
            if (!QueryArgs.TryOne(request, "groups", out string groupsText, out string error)) return Bad(error);
            if (!PartitionParser.TryParse(groupsText, state.KnownBoards, out var groups, out error)) return Bad(error);
            if (TryFault(() => faults.Partition(groups)) is { } failed) return failed;
            string text = PartitionParser.Describe(groups);
            state.SetPartition(groups);
            state.Record(TimelineKinds.Fault, -1, "partition " + text);
            return Results.Json(new { ok = true, groups });
        });

        app.MapPost("/api/sim/heal", () =>
        {
            if (faults == null) return Conflict(RealMode);
            if (TryFault(faults.Heal) is { } failed) return failed;
            state.SetPartition(null);
            state.Record(TimelineKinds.Fault, -1, "healed every partition");
            return Results.Json(new { ok = true });
        });

        app.MapPost("/api/sim/loss", (HttpRequest request) =>
        {
            if (faults == null) return Conflict(RealMode);
            if (!QueryArgs.TryInt(request, "percent", 0, 100, out int percent, out string error)) return Bad(error);
            if (TryFault(() => faults.SetLoss(percent)) is { } failed) return failed;
            state.SetLoss(percent);
            state.Record(TimelineKinds.Fault, -1, $"radio loss set to {percent}%");
            return Results.Json(new { ok = true, percent });
        });
    }

    /// <summary>Runs a fault action; a child process or the ether that fails it answers 502 with the reason.</summary>
    private static IResult? TryFault(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException or System.Net.Sockets.SocketException)
        {
            return Results.Json(new { error = "the virtual cluster could not do it: " + e.Message }, statusCode: StatusCodes.Status502BadGateway);
        }
    }

    /// <summary>The node argument of a fault request: a board the monitor knows (a founder, or one that joined).</summary>
    private static bool TryKnownBoard(HttpRequest request, ClusterState state, out int node, out string error)
    {
        if (!QueryArgs.TryInt(request, "node", 0, RaftEsp.Core.NodeId.MaxId, out node, out error)) return false;
        IReadOnlyList<int> known = state.KnownBoards;
        if (known.Contains(node)) return true;
        error = $"board {node} does not exist (boards: {string.Join(",", known)})";
        return false;
    }

    private static async Task<IResult> Membership(HttpRequest request, string verb, Func<int, Task<CommandOutcome>> run, ClusterState state)
    {
        if (!QueryArgs.TryInt(request, "node", 0, RaftEsp.Core.NodeId.MaxId, out int node, out string error)) return Bad(error);
        CommandOutcome outcome = await run(node).ConfigureAwait(false);
        object Done(bool ok) => new
        {
            ok,
            verb,
            node,
            status = RaftEsp.Apps.CommandStatuses.Name(outcome.Status),
            message = outcome.Message,
            client = outcome.Client,
            seq = outcome.Seq,
            attempts = outcome.Attempts,
            leader = state.LeaderId,
        };
        return outcome.Kind switch
        {
            OutcomeKind.Ok => Results.Json(Done(true)),
            OutcomeKind.Accepted => Results.Json(Done(false), statusCode: StatusCodes.Status202Accepted),
            _ => Failed(outcome),
        };
    }

    private static IResult Failed(CommandOutcome outcome) => outcome.Kind switch
    {
        OutcomeKind.BadInput => Bad(outcome.Message),
        OutcomeKind.Conflict => Results.Json(new { error = outcome.Message, status = RaftEsp.Apps.CommandStatuses.Name(outcome.Status) }, statusCode: StatusCodes.Status409Conflict),
        OutcomeKind.ProcessFailed => Results.Json(new { error = outcome.Message }, statusCode: StatusCodes.Status502BadGateway),
        OutcomeKind.Unavailable => Results.Json(new { error = outcome.Message }, statusCode: StatusCodes.Status503ServiceUnavailable),
        _ => Results.Json(new { error = outcome.Message, client = outcome.Client, seq = outcome.Seq }, statusCode: StatusCodes.Status504GatewayTimeout),
    };

    private static IResult Bad(string error) => Results.Json(new { error }, statusCode: StatusCodes.Status400BadRequest);

    private static IResult Conflict(string error) => Results.Json(new { error }, statusCode: StatusCodes.Status409Conflict);
}
