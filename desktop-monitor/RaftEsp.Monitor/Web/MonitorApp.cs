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
    /// <summary>Creates the web app listening on <paramref name="endpoint"/> (port 0: any free port).</summary>
    public static WebApplication Build(MonitorRuntime runtime, IPEndPoint endpoint, LogLevel logLevel)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = Array.Empty<string>() });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(logLevel);
        if (logLevel != LogLevel.None) builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.WebHost.ConfigureKestrel(k => k.Listen(endpoint));
        builder.Services.AddHostedService(_ => new StateSweeper(runtime.State));
        WebApplication app = builder.Build();
        StaticPage.Map(app);
        ApiEndpoints.Map(app, runtime);
        EventStream.Map(app, runtime.State);
        app.MapFallback(() => Results.Json(new { error = "no such endpoint (see docs/protocol.md, section 3)" }, statusCode: StatusCodes.Status404NotFound));
        return app;
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
