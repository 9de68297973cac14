using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using RaftEsp.Monitor.Web;
using RaftEsp.Recording;

namespace RaftEsp.Monitor.Frames;

/// <summary>
/// GET /api/frames (docs/protocol.md, "Frames"): <c>?after=SEQ&amp;max=N</c> for the live tail,
/// <c>?fromMs=A&amp;toMs=B&amp;max=N</c> for a window of the monitor's clock. Bad parameters: 400 with {"error": ...}.
/// </summary>
internal static class FrameEndpoints
{
    public const int DefaultMax = 500;
    public const int MaxMax = 5000;

    /// <summary>The most frames an SSE "frames" event carries.</summary>
    public const int EventMax = 300;

    public static void Map(WebApplication app, MonitorRuntime runtime)
    {
        app.MapGet("/api/frames", (HttpRequest request) =>
        {
            if (!TryQuery(request, runtime.FrameHistory, out FramePage? page, out string error))
                return Results.Json(new { error }, statusCode: StatusCodes.Status400BadRequest);
            return Results.Json(Body(page!));
        });
    }

    /// <summary>Reads the query and asks <paramref name="history"/>; false with a message for bad parameters.</summary>
    internal static bool TryQuery(HttpRequest request, IFrameHistory history, out FramePage? page, out string error)
    {
        page = null;
        foreach (string name in request.Query.Keys)
        {
            if (name is not ("after" or "max" or "fromMs" or "toMs"))
            {
                error = $"unknown parameter '{name}' (use after and max, or fromMs, toMs and max)";
                return false;
            }
        }

        int max = DefaultMax;
        if (request.Query.ContainsKey("max") && !QueryArgs.TryInt(request, "max", 1, MaxMax, out max, out error)) return false;
        bool window = request.Query.ContainsKey("fromMs") || request.Query.ContainsKey("toMs");
        if (window)
        {
            if (request.Query.ContainsKey("after"))
            {
                error = "give either 'after' or 'fromMs' and 'toMs', not both";
                return false;
            }

            if (!TryLong(request, "fromMs", out long from, out error) || !TryLong(request, "toMs", out long to, out error)) return false;
            if (from > to)
            {
                error = $"'fromMs' ({from}) must not be after 'toMs' ({to})";
                return false;
            }

            page = history.Between(from * 1000, to * 1000, max);
            return true;
        }

        long after = 0;
        if (request.Query.ContainsKey("after") && !TryLong(request, "after", out after, out error)) return false;
        page = history.After(after, max);
        error = "";
        return true;
    }

    /// <summary>The JSON body of GET /api/frames and of the SSE "frames" event.</summary>
    internal static object Body(FramePage page) => new
    {
        clockMs = page.ClockMicros / 1000.0,
        source = page.Source,
        ratePerSecond = Math.Round(page.RatePerSecond, 1),
        keptPerSecond = Math.Round(page.KeptPerSecond, 1),
        sampled = page.Sampled,
        note = page.Note,
        nextSeq = page.NextSeq,
        omitted = page.Omitted,
        frames = page.Frames.Select(f => new
        {
            seq = f.Seq,
            tMs = f.Frame.TimeMicros / 1000.0,
            kind = FrameKinds.Name(f.Frame.Type, f.Frame.Entries),
            type = f.Frame.Type,
            from = f.Frame.From,
            to = f.Frame.To,
            bytes = f.Frame.Bytes,
            entries = f.Frame.Entries,
            deliveredTo = f.Frame.DeliveredTo,
            lostTo = f.Frame.LostTo,
            source = SourceName(f.Frame.Source),
            term = f.Frame.Term,
            index = f.Frame.Index,
            commit = f.Frame.Commit,
            refused = f.Frame.Refused,
        }),
    };

    /// <summary>
    /// Writes an SSE "frames" event with the frames after <paramref name="afterSeq"/> when there are any; returns the
    /// sequence number to start from next time. Rides on /api/events' own pace (at most ten events a second).
    /// </summary>
    internal static async Task<long> WriteEventAsync(HttpResponse response, IFrameHistory history, long afterSeq, JsonSerializerOptions json, CancellationToken cancel)
    {
        FramePage page = history.After(afterSeq, EventMax);
        if (page.Frames.Count == 0) return page.NextSeq < afterSeq ? page.NextSeq : afterSeq;
        string data = JsonSerializer.Serialize(Body(page), json);
        await response.WriteAsync("event: frames\ndata: " + data + "\n\n", cancel).ConfigureAwait(false);
        return page.NextSeq;
    }

    public static string SourceName(FrameSource source) => source switch
    {
        FrameSource.Ether => "ether",
        FrameSource.Collector => "collector",
        FrameSource.Simulator => "simulator",
        _ => "unknown",
    };

    private static bool TryLong(HttpRequest request, string name, out long value, out string error)
    {
        value = 0;
        if (!QueryArgs.TryOne(request, name, out string text, out error)) return false;
        if (text.Length > 15 || !text.All(char.IsAsciiDigit) || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            error = $"'{name}' must be a whole number from 0 to 999999999999999, not '{Printable(text)}'";
            return false;
        }

        return true;
    }

    private static string Printable(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
