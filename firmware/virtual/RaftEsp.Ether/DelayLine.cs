using System.Diagnostics;
using System.Net;

namespace RaftEsp.Ether;

/// <summary>
/// Datagrams waiting for their delivery time, in a bounded priority queue drained by one thread. Copies with the
/// same due time leave in the order they were queued. A full line refuses new copies (bounded memory).
/// </summary>
internal sealed class DelayLine : IDisposable
{
    private readonly PriorityQueue<(byte[] Datagram, IPEndPoint To), (long Due, long Order)> pending = new();
    private readonly object gate = new();
    private readonly Action<byte[], IPEndPoint> send;
    private readonly int capacity;
    private readonly Thread worker;
    private long order;
    private bool stopped;
    private bool sending;

    public DelayLine(int capacity, Action<byte[], IPEndPoint> send)
    {
        this.capacity = capacity;
        this.send = send;
        worker = new Thread(Run) { IsBackground = true, Name = "ether-delay-line" };
        worker.Start();
    }

    /// <summary>Copies queued or being sent right now.</summary>
    public int Count
    {
        get
        {
            lock (gate) return pending.Count + (sending ? 1 : 0);
        }
    }

    /// <summary>Queues a copy for <paramref name="delayMillis"/> from now; false when the line is full.</summary>
    public bool Enqueue(byte[] datagram, IPEndPoint to, int delayMillis)
    {
        long due = Stopwatch.GetTimestamp() + delayMillis * Stopwatch.Frequency / 1000;
        lock (gate)
        {
            if (stopped || pending.Count >= capacity) return false;
            pending.Enqueue((datagram, to), (due, order++));
            Monitor.Pulse(gate);
            return true;
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            stopped = true;
            Monitor.Pulse(gate);
        }

        worker.Join(1000);
    }

    private void Run()
    {
        while (true)
        {
            (byte[] Datagram, IPEndPoint To) next;
            lock (gate)
            {
                while (true)
                {
                    if (stopped) return;
                    if (pending.TryPeek(out _, out (long Due, long Order) key))
                    {
                        long wait = (key.Due - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency;
                        if (wait <= 0) break;
                        Monitor.Wait(gate, (int)Math.Min(wait, 1000));
                    }
                    else
                    {
                        Monitor.Wait(gate);
                    }
                }

                next = pending.Dequeue();
                sending = true;
            }

            send(next.Datagram, next.To);
            lock (gate) sending = false;
        }
    }
}
