using System.Runtime.InteropServices;

namespace RaftEsp.Host;

/// <summary>
/// When a virtual board, collector or ether process should stop: Ctrl+C or SIGTERM, or (with the stdin watchdog)
/// when its standard input reaches end of file. The launcher starts every child with a pipe on stdin and never
/// writes to it; when the launcher dies, even by kill -9, the kernel closes the pipe and the children exit, so no
/// orphan keeps a port or a data directory.
/// </summary>
public sealed class ProcessLifetime : IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly PosixSignalRegistration interrupt;
    private readonly PosixSignalRegistration terminate;

    public ProcessLifetime(bool stdinWatchdog)
    {
        interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        if (stdinWatchdog) new Thread(WatchStdin) { IsBackground = true, Name = "stdin-watchdog" }.Start();
    }

    /// <summary>Cancelled when the process should stop.</summary>
    public CancellationToken Token => stop.Token;

    /// <summary>Why the process is stopping, once it is.</summary>
    public string Reason { get; private set; } = "";

    /// <summary>Waits until a stop is requested or the timeout passes; true when stopping.</summary>
    public bool WaitForStop(int timeoutMillis) => stop.Token.WaitHandle.WaitOne(timeoutMillis);

    public void Dispose()
    {
        interrupt.Dispose();
        terminate.Dispose();
        stop.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true; // stop cleanly instead of the runtime's abrupt exit
        Stop(context.Signal == PosixSignal.SIGINT ? "interrupted" : "terminated");
    }

    private void WatchStdin()
    {
        try
        {
            using Stream input = Console.OpenStandardInput();
            byte[] sink = new byte[256];
            while (input.Read(sink, 0, sink.Length) > 0)
            {
                // the launcher never writes; anything typed by hand is ignored
            }
        }
        catch (IOException)
        {
            // a broken pipe is the same news as end of file
        }

        Stop("standard input closed (the launcher is gone)");
    }

    private void Stop(string reason)
    {
        if (stop.IsCancellationRequested) return;
        Reason = reason;
        try
        {
            stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // already shutting down
        }
    }
}
