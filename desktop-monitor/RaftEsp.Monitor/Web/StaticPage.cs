using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace RaftEsp.Monitor.Web;

/// <summary>
/// Serves the page (index.html, app.css, app.js) from resources embedded in the assembly: no build step, no CDN,
/// and it works from any working directory.
/// </summary>
internal static class StaticPage
{
    private static readonly (string Route, string Resource, string Type)[] Files =
    {
        ("/", "wwwroot/index.html", "text/html; charset=utf-8"),
        ("/index.html", "wwwroot/index.html", "text/html; charset=utf-8"),
        ("/app.css", "wwwroot/app.css", "text/css; charset=utf-8"),
        ("/app.js", "wwwroot/app.js", "text/javascript; charset=utf-8"),
        ("/favicon.svg", "wwwroot/favicon.svg", "image/svg+xml"),
    };

    public static void Map(WebApplication app)
    {
        Assembly assembly = typeof(StaticPage).Assembly;
        foreach (var (route, resource, type) in Files)
        {
            byte[] content = Read(assembly, resource);
            app.MapGet(route, (HttpContext context) =>
            {
                context.Response.Headers.CacheControl = "no-cache";
                return Results.Bytes(content, type);
            });
        }
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using Stream stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the page resource {name} is missing from the build");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
