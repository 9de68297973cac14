using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace RaftEsp.Monitor.Tests.Virtual;

/// <summary>The monitor as the user runs it: a process that prints its address and stops its cluster on Ctrl+C.</summary>
public sealed class MonitorProcessTests
{
    [Fact]
    public async Task The_monitor_prints_its_address_serves_a_cluster_and_leaves_no_process_behind_on_ctrl_c()
    {
        Assert.True(OperatingSystem.IsLinux(), "this test sends SIGINT and reads /proc");
        string dll = Path.Combine(AppContext.BaseDirectory, "RaftEsp.Monitor.dll");
        var start = new ProcessStartInfo(RaftEsp.VirtualCluster.DotnetHost.Muxer())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--http");
        start.ArgumentList.Add("127.0.0.1:0");
        using Process monitor = Process.Start(start)!;
        var errors = new System.Text.StringBuilder();
        monitor.ErrorDataReceived += (_, e) => { lock (errors) errors.AppendLine(e.Data); };
        monitor.BeginErrorReadLine();
        int[] children = Array.Empty<int>();
        try
        {
            string? url = null;
            while (url == null)
            {
                string? line = await monitor.StandardOutput.ReadLineAsync().WaitAsync(Wait.Generous);
                Assert.True(line != null, "the monitor ended before printing its address: " + errors);
                int at = line!.IndexOf("http://127.0.0.1:", StringComparison.Ordinal);
                if (line.StartsWith("Open ", StringComparison.Ordinal) && at >= 0) url = line[at..].Split(' ')[0];
            }

            using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
            await Wait.UntilAsync(() => http.GetFromJsonAsync<JsonElement>("api/cluster"), c => c.GetProperty("leaderId").GetInt32() >= 0, "a leader");
            children = ChildrenOf(monitor.Id);
            Assert.True(children.Length >= 7, $"expected the ether, 5 boards and the collector; found {children.Length} children");

            using (Process kill = Process.Start("kill", new[] { "-INT", monitor.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) })!)
            {
                await kill.WaitForExitAsync();
            }

            await monitor.WaitForExitAsync().WaitAsync(Wait.Generous);
            Assert.Equal(0, monitor.ExitCode);
            await Wait.UntilAsync(() => Task.FromResult(children.Count(Alive)), n => n == 0, "every child process gone");
        }
        finally
        {
            if (!monitor.HasExited) monitor.Kill(entireProcessTree: true);
        }
    }

    private static int[] ChildrenOf(int pid)
    {
        var result = new List<int>();
        foreach (string dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int child)) continue;
            try
            {
                string stat = File.ReadAllText(Path.Combine(dir, "stat"));
                string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) == pid) result.Add(child);
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        return result.ToArray();
    }

    private static bool Alive(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            // A zombie is dead but not yet reaped by its parent.
            return stat[stat.LastIndexOf(')') + 2] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
