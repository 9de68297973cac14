namespace RaftEsp.Monitor.History;

/// <summary>
/// Plays a recording: a position in its time, paused or playing at a speed (0.05–20 times real time). The shown
/// state (the runtime's ClusterState, what the page and the API see) is rebuilt at the position on every move:
/// 20 times a second while playing, and at once on a seek. A replay opens paused at its start.
/// </summary>
public sealed class ReplayPlayer : IAsyncDisposable
{
    public const double MinSpeed = 0.05;
    public const double MaxSpeed = 20;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);

    private readonly object gate = new();
    private readonly StateCursor shown;
    private readonly CancellationTokenSource stop = new();
    private HistoryStore? store;
    private Task? ticking;
    private long position;
    private long start;
    private long end;
    private bool playing;
    private double speed = 1;

    internal ReplayPlayer(StateCursor shown)
    {
        this.shown = shown;
    }

    /// <summary>The state shown (the runtime's).</summary>
    public State.ClusterState Shown => shown.State;

    public long PositionMicros
    {
        get { lock (gate) return position; }
    }

    public bool Playing
    {
        get { lock (gate) return playing; }
    }

    public double Speed
    {
        get { lock (gate) return speed; }
    }

    public long StartMicros => start;

    public long EndMicros => end;

    internal void Attach(HistoryStore history, long startMicros, long endMicros)
    {
        store = history;
        start = startMicros;
        end = endMicros;
        position = startMicros;
        Show(startMicros);
        ticking = Task.Run(() => TickAsync(stop.Token));
    }

    /// <summary>Moves to <paramref name="micros"/> (clamped to the recording) and shows it; playing goes on from there.</summary>
    public void Seek(long micros)
    {
        lock (gate)
        {
            position = Math.Clamp(micros, start, end);
            Show(position);
        }
    }

    /// <summary>Plays from the position (from the start again when at the end).</summary>
    public void Play()
    {
        lock (gate)
        {
            if (position >= end) position = start;
            playing = true;
        }
    }

    public void Pause()
    {
        lock (gate) playing = false;
    }

    /// <summary>Sets the speed (<see cref="MinSpeed"/>–<see cref="MaxSpeed"/>).</summary>
    public void SetSpeed(double x)
    {
        if (double.IsNaN(x) || x < MinSpeed || x > MaxSpeed) throw new ArgumentOutOfRangeException(nameof(x), x, $"the speed is {MinSpeed} to {MaxSpeed}");
        lock (gate) speed = x;
    }

    private void Show(long micros) => store!.CopyStateAt(micros, shown);

    private async Task TickAsync(CancellationToken cancel)
    {
        using var timer = new PeriodicTimer(Tick);
        long before = Environment.TickCount64;
        try
        {
            while (await timer.WaitForNextTickAsync(cancel).ConfigureAwait(false))
            {
                long now = Environment.TickCount64;
                long elapsedMs = now - before;
                before = now;
                lock (gate)
                {
                    if (!playing) continue;
                    position = Math.Min(end, position + (long)(elapsedMs * 1000 * speed));
                    if (position >= end) playing = false;
                    Show(position);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        if (ticking != null) await ticking.ConfigureAwait(false);
        stop.Dispose();
    }
}
