using RaftEsp.Monitor.Options;
using RaftEsp.Monitor.Web;

namespace RaftEsp.Monitor;

/// <summary>Builds the runtime of the chosen mode.</summary>
public static class RuntimeFactory
{
    public static Task<MonitorRuntime> CreateAsync(MonitorOptions options, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(options);
        cancel.ThrowIfCancellationRequested();
        throw new MonitorStartException("WIP: the collector link lands with the apps branch");
    }
}
