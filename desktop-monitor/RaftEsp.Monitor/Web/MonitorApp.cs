using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RaftEsp.Monitor.Web;

/// <summary>Builds the web face of the monitor (page, API, event stream) around a <see cref="MonitorRuntime"/>.</summary>
public static class MonitorApp
{
    /// <summary>Longest request target (path and query) the API takes; a longer one is answered 414 in JSON.</summary>
    public const int MaxRequestTargetChars = 8 * 1024;

    /// <summary>
    /// Kestrel's own limit on the request line, far above <see cref="MaxRequestTargetChars"/> so that a long URI reaches
    /// the app and gets a JSON error; Kestrel answers a line longer than this itself (414, no body).
    /// </summary>
    public const int MaxRequestLineBytes = 1024 * 1024;

    /// <summary>Creates the web app listening on <paramref name="endpoint"/> (port 0: any free port).</summary>
    public static WebApplication Build(MonitorRuntime runtime, IPEndPoint endpoint, LogLevel logLevel)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = Array.Empty<string>() });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(logLevel);
        if (logLevel != LogLevel.None) builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(endpoint);
            k.Limits.MaxRequestLineSize = MaxRequestLineBytes;
            k.Limits.MaxRequestBufferSize = MaxRequestLineBytes + 64 * 1024;
        });
        builder.Services.AddHostedService(_ => new StateSweeper(runtime.State));
        builder.Services.AddHostedService(_ => new Metrics.MetricsFeeder(runtime.State, runtime.Frames, runtime.Metrics, runtime.History?.IsReplay == true ? runtime.History.RecordedFrames : null));
        WebApplication app = builder.Build();
        app.Use(RefuseLongTargets);
        app.Use(HistoryEndpoints.RefuseChangesInReplay(runtime));
        StaticPage.Map(app);
        ApiEndpoints.Map(app, runtime);
        RaftEsp.Monitor.Frames.FrameEndpoints.Map(app, runtime);
        EventStream.Map(app, runtime.State, runtime);
        MetricsEndpoints.Map(app, runtime.Metrics);
        HistoryEndpoints.Map(app, runtime);
        app.MapFallback(() => Results.Json(new { error = "no such endpoint (see docs/protocol.md, section 3)" }, statusCode: StatusCodes.Status404NotFound));
        return app;
    }

    private static async Task RefuseLongTargets(HttpContext context, Func<Task> next)
    {
        HttpRequest request = context.Request;
        if ((request.Path.Value?.Length ?? 0) + (request.QueryString.Value?.Length ?? 0) > MaxRequestTargetChars)
        {
            context.Response.StatusCode = StatusCodes.Status414UriTooLong;
            await context.Response.WriteAsJsonAsync(new { error = $"the URI is longer than {MaxRequestTargetChars} characters" }).ConfigureAwait(false);
            return;
        }

        await next().ConfigureAwait(false);
    }

    /// <summary>The base URL the started app listens on, e.g. "http://127.0.0.1:5080/".</summary>
    public static string BaseUrl(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
        string first = addresses?.Addresses.FirstOrDefault() ?? throw new InvalidOperationException("the web server is not listening");
        return first.EndsWith('/') ? first : first + "/";
    }
}
