using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using RaftEsp.Monitor.Metrics;

namespace RaftEsp.Monitor.Web;

/// <summary>
/// GET /api/metrics?fromMs=A&amp;toMs=B&amp;stepMs=S (docs/protocol.md, "Metrics"): the charts' series over monitor time.
/// Every argument is optional: toMs defaults to now, fromMs to windowMs before toMs (windowMs defaults to
/// <see cref="DefaultWindowMs"/>), stepMs to 1000. Bad arguments answer 400 with {"error": ...}.
/// </summary>
internal static class MetricsEndpoints
{
    /// <summary>The window shown when none is asked for: the last five minutes.</summary>
    public const int DefaultWindowMs = 5 * 60 * 1000;

    public static void Map(WebApplication app, MetricsRecorder metrics)
    {
        app.MapGet("/api/metrics", (HttpRequest request) =>
        {
            if (!Optional(request, "toMs", -1, out int to, out string error)) return Bad(error);
            if (!Optional(request, "fromMs", -1, out int from, out error)) return Bad(error);
            if (!Optional(request, "stepMs", 1000, out int step, out error)) return Bad(error);
            if (!Optional(request, "windowMs", DefaultWindowMs, out int window, out error)) return Bad(error);
            long toMs = to >= 0 ? to : metrics.NowMs;
            long fromMs = from >= 0 ? from : toMs - window;
            if (MetricsRecorder.CheckQuery(fromMs, toMs, step) is { } problem) return Bad(problem);
            return Results.Json(metrics.Query(fromMs, toMs, step));
        });
    }

    private static bool Optional(HttpRequest request, string name, int fallback, out int value, out string error)
    {
        value = fallback;
        error = "";
        return !request.Query.ContainsKey(name) || QueryArgs.TryInt(request, name, 0, int.MaxValue, out value, out error);
    }

    private static IResult Bad(string error) => Results.Json(new { error }, statusCode: StatusCodes.Status400BadRequest);
}
