using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace RaftEsp.Monitor.Web;

/// <summary>
/// Serves the page (index.html, its scripts and styles) from resources embedded in the assembly: no build step, no CDN,
/// and it works from any working directory.
/// </summary>
internal static class StaticPage
{
    private static readonly Dictionary<string, string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
    };

    /// <summary>Every embedded wwwroot/ file at its own path (and index.html at /), so a view added as its own file
    /// needs no change here.</summary>
    public static void Map(WebApplication app)
    {
        Assembly assembly = typeof(StaticPage).Assembly;
        foreach (string resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith("wwwroot/", StringComparison.Ordinal)) continue;
            string route = resource["wwwroot".Length..];
            string type = Types.TryGetValue(Path.GetExtension(route), out string? known) ? known : "application/octet-stream";
            byte[] content = Read(assembly, resource);
            IResult Serve(HttpContext context)
            {
                context.Response.Headers.CacheControl = "no-cache";
                return Results.Bytes(content, type);
            }

            app.MapGet(route, Serve);
            if (route == "/index.html") app.MapGet("/", Serve);
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
