using RaftEsp.Monitor.Options;
using RaftEsp.Monitor.Web;

namespace RaftEsp.Monitor;

/// <summary>Temporary until the virtual cluster launcher lands on this branch.</summary>
internal static class VirtualMode
{
    public static Task<MonitorRuntime> CreateAsync(MonitorOptions options, CancellationToken cancel) =>
        throw new MonitorStartException("the virtual cluster launcher is not merged into this build yet; use --collector");
}
