using System.Diagnostics;

namespace RaftEsp.VirtualCluster;

/// <summary>
/// One program of the virtual cluster run as <c>dotnet exec program.dll args</c>. Its standard input is a pipe the
/// launcher never writes to: the program runs with <c>--stdin-watchdog</c> and exits when the pipe closes, which
/// the kernel does when the launcher dies, however it dies. Output lines go to a callback and a bounded ring kept
/// for failure messages.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private const int KeptLines = 200;

    private readonly Process process;
    private readonly Queue<string> recent = new();
    private readonly Action<string> output;
    private readonly string label;
    private readonly TaskCompletionSource<string> ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(Process process, string label, Action<string> output)
    {
        this.process = process;
        this.label = label;
        this.output = output;
    }

    public int Pid => process.Id;

    public bool Running => !process.HasExited;

    public int? ExitCode => process.HasExited ? process.ExitCode : null;

    /// <summary>
    /// Starts the program; <paramref name="output"/> receives every line, prefixed with the label. Secrets go in
    /// <paramref name="environment"/>, which only the same user can read, never in the (world-readable) arguments.
    /// </summary>
    public static ChildProcess Start(string program, IEnumerable<string> arguments, string label, Action<string> output,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(DotnetHost.Muxer())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(program);
        foreach (string a in arguments) info.ArgumentList.Add(a);
        info.ArgumentList.Add("--stdin-watchdog");
        if (environment != null)
            foreach ((string name, string value) in environment) info.Environment[name] = value;
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process, label, output);
        process.OutputDataReceived += (_, e) => child.Line(e.Data, stdout: true);
        process.ErrorDataReceived += (_, e) => child.Line(e.Data, stdout: false);
        process.Exited += (_, _) => child.ready.TrySetException(new InvalidOperationException($"{label} exited before it was ready"));
        if (!process.Start()) throw new InvalidOperationException($"could not start {label}");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits for the program's first <c>ready ...</c> line on standard output and returns it.</summary>
    public string WaitReady(TimeSpan timeout)
    {
        try
        {
            if (!ready.Task.Wait(timeout))
                throw new TimeoutException($"{label} did not report ready within {timeout.TotalSeconds:0} s; its output:\n{RecentOutput()}");
            return ready.Task.Result;
        }
        catch (AggregateException e) when (e.InnerException is InvalidOperationException inner)
        {
            Thread.Sleep(100); // let the last output lines arrive
            throw new InvalidOperationException($"{inner.Message} (exit code {ExitCode}); its output:\n{RecentOutput()}", inner);
        }
    }

    /// <summary>kill -9: the process gets no chance to flush or clean up, like a board losing power.</summary>
    public void Kill()
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // it exited on its own meanwhile
        }

        process.WaitForExit(10_000);
    }

    /// <summary>The last lines the program wrote (standard output and error).</summary>
    public string RecentOutput()
    {
        lock (recent) return string.Join('\n', recent);
    }

    public void Dispose()
    {
        Kill();
        process.Dispose();
    }

    private void Line(string? line, bool stdout)
    {
        if (line == null) return;
        lock (recent)
        {
            if (recent.Count == KeptLines) recent.Dequeue();
            recent.Enqueue(line);
        }

        if (stdout && line.StartsWith("ready ", StringComparison.Ordinal)) ready.TrySetResult(line);
        output($"[{label}] {line}");
    }
}
