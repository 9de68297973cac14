using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using RaftEsp.Monitor.State;

namespace RaftEsp.Monitor.Web;

/// <summary>
/// GET /api/events: server-sent events. Each change of the cluster sends one "cluster" event whose data is the same
/// JSON as GET /api/cluster; at most ten a second, and a comment line every 15 s keeps idle connections open.
/// </summary>
internal static class EventStream
{
    private static readonly TimeSpan MinGap = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static void Map(WebApplication app, ClusterState state, MonitorRuntime? runtime = null)
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        app.MapGet("/api/events", async (HttpContext context) =>
        {
            CancellationToken cancel = context.RequestAborted;
            context.Response.Headers.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            long framesSent = runtime?.FrameHistory.After(long.MaxValue, 1).NextSeq ?? 0; // "frames" events: new frames only
            try
            {
                while (!cancel.IsCancellationRequested)
                {
                    ClusterSnapshot snapshot = state.Snapshot();
                    string data = JsonSerializer.Serialize(snapshot, json);
                    await context.Response.WriteAsync("event: cluster\ndata: " + data + "\n\n", Encoding.UTF8, cancel).ConfigureAwait(false);
                    if (runtime != null) framesSent = await RaftEsp.Monitor.Frames.FrameEndpoints.WriteEventAsync(context.Response, runtime.FrameHistory, framesSent, json, cancel).ConfigureAwait(false);
                    await context.Response.Body.FlushAsync(cancel).ConfigureAwait(false);
                    await Task.Delay(MinGap, cancel).ConfigureAwait(false);
                    while (true)
                    {
                        try
                        {
                            await state.WaitForChangeAsync(snapshot.Version, cancel).WaitAsync(KeepAlive, cancel).ConfigureAwait(false);
                            break;
                        }
                        catch (TimeoutException)
                        {
                            await context.Response.WriteAsync(": still here\n\n", cancel).ConfigureAwait(false);
                            await context.Response.Body.FlushAsync(cancel).ConfigureAwait(false);
                        }
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The page closed or the monitor is stopping.
            }
        });
    }
}
