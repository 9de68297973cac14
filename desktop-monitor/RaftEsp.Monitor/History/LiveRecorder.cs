using System.Threading.Channels;
using RaftEsp.Recording;

namespace RaftEsp.Monitor.History;

/// <summary>
/// Records what the live monitor sees: each input gets its monitor time (never going back), goes into the
/// <see cref="HistoryStore"/> at once (so the past can be asked for right away) and, through a queue, into the
/// recording file when there is one (written by one background task, so no caller waits on the disk). A file that
/// cannot be written any more (a full disk) stops the file, not the monitor: <see cref="FileError"/> says why.
/// </summary>
internal sealed class LiveRecorder : IAsyncDisposable
{
    private readonly object gate = new();
    private readonly MonitorClock clock;
    private readonly HistoryStore store;
    private readonly RecordingWriter? writer;
    private readonly Channel<Recorded> queue = Channel.CreateUnbounded<Recorded>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task draining;
    private long last;
    private int trimming;
    private string? fileError;

    public LiveRecorder(MonitorClock clock, HistoryStore store, RecordingWriter? writer)
    {
        this.clock = clock;
        this.store = store;
        this.writer = writer;
        draining = Task.Run(DrainAsync);
    }

    /// <summary>The recording file, or null when recording to memory only.</summary>
    public RecordingWriter? Writer => writer;

    /// <summary>Why the file stopped being written, or null.</summary>
    public string? FileError => Volatile.Read(ref fileError);

    /// <summary>Records <paramref name="body"/> now.</summary>
    public void Add(RecordBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        Recorded input;
        lock (gate)
        {
            last = Math.Max(last, clock.NowMicros);
            input = new Recorded(last, body);
            store.Add(last, body);
            if (writer != null) queue.Writer.TryWrite(input);
        }

        if (store.OverCap && Interlocked.Exchange(ref trimming, 1) == 0)
        {
            _ = Task.Run(() =>
            {
                store.Trim();
                Volatile.Write(ref trimming, 0);
            });
        }
    }

    /// <summary>Records a frame at its own time (frames carry monitor time already), not before the last record.</summary>
    public void AddFrame(FrameEvent frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (writer == null) return;
        lock (gate)
        {
            last = Math.Max(last, frame.TimeMicros);
            queue.Writer.TryWrite(new Recorded(last, new FrameRecord(frame)));
        }
    }

    private async Task DrainAsync()
    {
        long flushedAt = Environment.TickCount64;
        while (await queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (queue.Reader.TryRead(out Recorded? input))
            {
                if (writer == null || fileError != null) continue;
                try
                {
                    writer.Append(input.TimeMicros, input.Body);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
                {
                    Volatile.Write(ref fileError, $"{writer.Path}: recording stopped: {e.Message}");
                }
            }

            if (Environment.TickCount64 - flushedAt >= 1000)
            {
                flushedAt = Environment.TickCount64;
                Flush();
            }
        }
    }

    private void Flush()
    {
        try
        {
            writer?.Flush();
        }
        catch (IOException e)
        {
            Volatile.Write(ref fileError, $"{writer!.Path}: recording stopped: {e.Message}");
        }
    }

    /// <summary>Writes what is queued and closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await draining.ConfigureAwait(false);
        Flush();
        writer?.Dispose();
    }
}
