namespace RaftEsp.Simulator;

/// <summary>
/// Simulated time in microseconds and the events due in it. Events at the same instant run in the order they were
/// scheduled, so a run is a pure function of its seed.
/// </summary>
public sealed class EventQueue
{
    private readonly PriorityQueue<Action, (long Time, long Order)> queue = new();
    private long order;

    public long Now { get; private set; }

    public long Processed { get; private set; }

    public void At(long time, Action action) => queue.Enqueue(action, (Math.Max(time, Now), order++));

    public void After(long delay, Action action) => At(Now + delay, action);

    /// <summary>Runs every event due up to <paramref name="until"/> (or until <paramref name="stop"/> holds), then sets the clock to it.</summary>
    public void RunUntil(long until, Func<bool>? stop = null)
    {
        while (queue.TryPeek(out Action? action, out var key) && key.Time <= until)
        {
            queue.Dequeue();
            Now = key.Time;
            action();
            Processed++;
            if (stop != null && stop()) return;
        }

        Now = Math.Max(Now, until);
    }
}
