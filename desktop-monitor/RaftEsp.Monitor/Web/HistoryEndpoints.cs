using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using RaftEsp.Monitor.History;
using RaftEsp.Monitor.State;

namespace RaftEsp.Monitor.Web;

/// <summary>
/// History and replay over HTTP (docs/protocol.md section 3): GET /api/history, GET /api/cluster?atMs=T, and in a
/// replay POST /api/replay/seek?ms=T, /play, /pause, /speed?x=F. A replay is read-only: commands, membership changes
/// and faults answer 409.
/// </summary>
internal static class HistoryEndpoints
{
    private const string ReadOnly = "a replay is read-only: commands, membership changes and faults need a live monitor";
    private const string NotReplay = "the monitor is live: play, pause, speed and seek belong to a replay (--replay FILE)";

    public static void Map(WebApplication app, MonitorRuntime runtime)
    {
        app.MapGet("/api/history", () => runtime.History is { } h
            ? Results.Json(h.Info())
            : Conflict("this monitor keeps no history"));

        app.MapPost("/api/replay/seek", (HttpRequest request) =>
        {
            if (runtime.History?.Player is not { } player) return Conflict(NotReplay);
            if (!TryMillis(request, "ms", out long ms, out string error)) return Bad(error);
            long end = player.EndMicros / 1000;
            if (ms > end) return Bad($"'ms' must be from 0 to {end} (the recording's end), not {ms}");
            player.Seek(ms * 1000);
            return Results.Json(runtime.History.Info());
        });

        app.MapPost("/api/replay/play", () =>
        {
            if (runtime.History?.Player is not { } player) return Conflict(NotReplay);
            player.Play();
            return Results.Json(runtime.History.Info());
        });

        app.MapPost("/api/replay/pause", () =>
        {
            if (runtime.History?.Player is not { } player) return Conflict(NotReplay);
            player.Pause();
            return Results.Json(runtime.History.Info());
        });

        app.MapPost("/api/replay/speed", (HttpRequest request) =>
        {
            if (runtime.History?.Player is not { } player) return Conflict(NotReplay);
            if (!QueryArgs.TryOne(request, "x", out string text, out string error)) return Bad(error);
            if (!IsPlainNumber(text) || !double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double x) ||
                x < ReplayPlayer.MinSpeed || x > ReplayPlayer.MaxSpeed)
            {
                return Bad($"'x' must be a number from {ReplayPlayer.MinSpeed} to {ReplayPlayer.MaxSpeed} (times real time)");
            }

            player.SetSpeed(x);
            return Results.Json(runtime.History.Info());
        });
    }

    /// <summary>
    /// GET /api/cluster: without atMs, now (in a replay: the playback position); with atMs=T, the cluster as it was at
    /// monitor time T ms, clamped to the history held (from its start, or its dropped-before time, to now or the
    /// recording's end).
    /// </summary>
    public static IResult Cluster(HttpRequest request, MonitorRuntime runtime)
    {
        if (!request.Query.ContainsKey("atMs")) return Results.Json(runtime.State.Snapshot());
        if (!TryMillis(request, "atMs", out long ms, out string error)) return Bad(error);
        if (runtime.History is not { } history) return Conflict("this monitor keeps no history: 'atMs' needs one");
        long end = history.Player is { } player ? player.EndMicros / 1000 : history.Clock.NowMs;
        ClusterSnapshot past = history.SnapshotAt(Math.Min(ms, end));
        // The monitor's own end of the collector link is its present, not the cluster's past (nothing records it):
        // live, a past picture shows the link as it is now rather than a handshake that never happened.
        if (!history.IsReplay) past = past with { MonitorLink = runtime.State.Snapshot().MonitorLink };
        return Results.Json(past);
    }

    /// <summary>Middleware: in a replay, what would change a cluster answers 409.</summary>
    public static Func<HttpContext, Func<Task>, Task> RefuseChangesInReplay(MonitorRuntime runtime) => async (context, next) =>
    {
        if (runtime.History?.IsReplay == true && ChangesTheCluster(context.Request.Path.Value ?? ""))
        {
            context.Response.StatusCode = StatusCodes.Status409Conflict;
            await context.Response.WriteAsJsonAsync(new { error = ReadOnly }).ConfigureAwait(false);
            return;
        }

        await next().ConfigureAwait(false);
    };

    private static bool ChangesTheCluster(string path) =>
        path is "/api/set" or "/api/remove" or "/api/get" or "/api/join" or "/api/leave" or "/api/transfer" ||
        path.StartsWith("/api/sim/", StringComparison.Ordinal);

    /// <summary>A time argument: decimal digits only, 0 to a century of milliseconds.</summary>
    private static bool TryMillis(HttpRequest request, string name, out long ms, out string error)
    {
        ms = 0;
        if (!QueryArgs.TryOne(request, name, out string text, out error)) return false;
        if (text.Length > 13 || !text.All(char.IsAsciiDigit) || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ms))
        {
            error = $"'{name}' must be a whole number of milliseconds from 0, not '{(text.Length > 40 ? text[..40] + "..." : text)}'";
            return false;
        }

        return true;
    }

    private static bool IsPlainNumber(string text) =>
        text.Length is > 0 and <= 16 && text.All(c => char.IsAsciiDigit(c) || c == '.') && text.Count(c => c == '.') <= 1 && text != ".";

    private static IResult Bad(string error) => Results.Json(new { error }, statusCode: StatusCodes.Status400BadRequest);

    private static IResult Conflict(string error) => Results.Json(new { error }, statusCode: StatusCodes.Status409Conflict);
}
