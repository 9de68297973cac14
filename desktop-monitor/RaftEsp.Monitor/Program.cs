using System.CommandLine;
using RaftEsp.Monitor.Options;

namespace RaftEsp.Monitor;

/// <summary>raftesp-monitor: `dotnet run --project desktop-monitor/RaftEsp.Monitor` (see desktop-monitor/README.md).</summary>
public static class Program
{
    public static Task<int> Main(string[] args)
    {
        RootCommand root = MonitorCommandLine.Create(MonitorRunner.RunAsync);
        // Ctrl+C cancels the run; give it time to stop the virtual cluster's processes before the runtime gives up.
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(20) });
    }
}
