using System.Diagnostics;
using RaftEsp.Recording;

namespace RaftEsp.Monitor.Frames;

/// <summary>
/// The frames the monitor saw, newest last, in a bounded ring (<see cref="Capacity"/>); each gets a sequence number.
/// Sources (the ether's mirror, the collector's digests) <see cref="Add"/> frames; the page reads them through
/// <see cref="IFrameHistory"/>; the recorder and the charts listen to <see cref="Added"/>.
/// <para>
/// Rates are over the last second. Above <see cref="MaxKeptPerSecond"/> the feed keeps an evenly spread share (one
/// frame in N, N from the last second's rate) and says so (<see cref="FramePage.Sampled"/>); a source that could not
/// report every frame (the collector's full buffer, a lost mirror datagram) reports how many with
/// <see cref="AddUnreported"/>, so the rate still counts them. Thread-safe.
/// </para>
/// </summary>
public sealed class FrameFeed : IFrameHistory
{
    /// <summary>Frames the ring holds by default: about 10 s at a busy 9-board cluster's rate.</summary>
    public const int DefaultCapacity = 20_000;

    /// <summary>Frames a second kept by default; more are sampled.</summary>
    public const int DefaultMaxKeptPerSecond = 5_000;

    private const int Buckets = 10;
    private const long BucketMicros = 100_000;

    private readonly Lock gate = new();
    private readonly Func<long> nowMicros;
    private readonly SequencedFrame[] ring;
    private readonly long[] seenBuckets = new long[Buckets];
    private readonly long[] keptBuckets = new long[Buckets];
    private long currentBucket = -1;
    private int count;
    private int head; // the next slot to write
    private long nextSeq = 1;
    private long seenTotal;
    private long stride = 1;
    private long strideCounter;
    private long sampledUntilMicros = long.MinValue;
    private string source = "none";
    private string sourceNote = "";

    /// <param name="nowMicros">the monitor's clock, µs (History/MonitorClock, or <see cref="ProcessClock"/>)</param>
    public FrameFeed(Func<long> nowMicros, int capacity = DefaultCapacity, int maxKeptPerSecond = DefaultMaxKeptPerSecond)
    {
        ArgumentNullException.ThrowIfNull(nowMicros);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxKeptPerSecond, 1);
        this.nowMicros = nowMicros;
        ring = new SequencedFrame[capacity];
        MaxKeptPerSecond = maxKeptPerSecond;
    }

    /// <summary>Raised after each frame the feed keeps (not for sampled-out ones), on the source's thread.</summary>
    public event Action<FrameEvent>? Added;

    public int Capacity => ring.Length;

    public int MaxKeptPerSecond { get; }

    /// <summary>Frames in the ring now.</summary>
    public int Count
    {
        get
        {
            lock (gate) return count;
        }
    }

    /// <summary>The monitor's clock, µs.</summary>
    public long NowMicros => nowMicros();

    /// <summary>A clock of µs since this process first asked for it: the monitor's clock when no History/MonitorClock is given (tests).</summary>
    public static Func<long> ProcessClock() => () => (long)Stopwatch.GetElapsedTime(ProcessStart).TotalMicroseconds;

    private static readonly long ProcessStart = Stopwatch.GetTimestamp();

    /// <summary>Names where frames come from ("ether", "collector", "none") and what the page should know about it.</summary>
    public void SetSource(string name, string note)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        lock (gate)
        {
            source = name;
            sourceNote = note ?? "";
        }
    }

    /// <summary>Adds one frame; returns false when sampling left it out.</summary>
    public bool Add(FrameEvent frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        long now = nowMicros();
        lock (gate)
        {
            Roll(now);
            seenBuckets[Slot(currentBucket)]++;
            seenTotal++;
            if (++strideCounter < stride) return false;
            strideCounter = 0;
            keptBuckets[Slot(currentBucket)]++;
            ring[head] = new SequencedFrame(nextSeq++, frame);
            head = (head + 1) % ring.Length;
            if (count < ring.Length) count++;
        }

        Added?.Invoke(frame);
        return true;
    }

    /// <summary>Counts frames on the air a source knows of but could not report (they are not in the feed).</summary>
    public void AddUnreported(long frames)
    {
        if (frames <= 0) return;
        long now = nowMicros();
        lock (gate)
        {
            Roll(now);
            seenBuckets[Slot(currentBucket)] += frames;
            seenTotal += frames;
            sampledUntilMicros = now + Buckets * BucketMicros; // says "sampled" for a second after the last gap
        }
    }

    /// <summary>Frames seen since the feed started (kept, sampled out, or unreported).</summary>
    public long SeenTotal
    {
        get
        {
            lock (gate) return seenTotal;
        }
    }

    public FramePage After(long afterSeq, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        lock (gate)
        {
            var matched = new List<SequencedFrame>();
            for (int i = count - 1; i >= 0; i--)
            {
                SequencedFrame f = At(i);
                if (f.Seq <= afterSeq) break; // the ring is in sequence order
                matched.Add(f);
            }

            return PageLocked(matched, max);
        }
    }

    public FramePage Between(long fromMicros, long toMicros, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        lock (gate)
        {
            // Times are nearly in order (a source's batches arrive in order); scan everything so that a late batch
            // of an earlier moment is still found.
            var matched = new List<SequencedFrame>();
            for (int i = count - 1; i >= 0; i--)
            {
                SequencedFrame f = At(i);
                if (f.Frame.TimeMicros >= fromMicros && f.Frame.TimeMicros <= toMicros) matched.Add(f);
            }

            matched.Sort((a, b) => b.Frame.TimeMicros != a.Frame.TimeMicros ? b.Frame.TimeMicros.CompareTo(a.Frame.TimeMicros) : b.Seq.CompareTo(a.Seq));
            return PageLocked(matched, max);
        }
    }

    // matched: newest first. Keeps max of them, evenly spread (the newest always among them), oldest first.
    private FramePage PageLocked(List<SequencedFrame> matched, int max)
    {
        int omitted = Math.Max(0, matched.Count - max);
        if (omitted > 0)
        {
            var even = new List<SequencedFrame>(max);
            for (int i = 0; i < max; i++) even.Add(matched[(int)((long)i * matched.Count / max)]);
            matched = even;
        }

        matched.Reverse();
        Roll(nowMicros());
        double seen = RateLocked(seenBuckets);
        double kept = RateLocked(keptBuckets);
        bool sampled = stride > 1 || sampledUntilMicros > nowMicros() || kept < seen;
        string note = sourceNote;
        if (sampled)
            note = (note.Length > 0 ? note + " " : "") + $"The monitor keeps {kept:0} of {seen:0} frames/s.";
        return new FramePage(matched, nextSeq - 1, nowMicros(), source, seen, kept, sampled, note, omitted);
    }

    // The per-second rate from the last full second of buckets (the current, partial bucket left out).
    private double RateLocked(long[] buckets)
    {
        long sum = 0;
        for (int i = 1; i < Buckets; i++) sum += buckets[Slot(currentBucket - i)];
        return sum * 1_000_000.0 / ((Buckets - 1) * BucketMicros);
    }

    private void Roll(long now)
    {
        long bucket = Math.Max(0, now) / BucketMicros;
        if (currentBucket < 0) currentBucket = bucket;
        if (bucket <= currentBucket) return;
        long steps = Math.Min(bucket - currentBucket, Buckets);
        for (long s = 1; s <= steps; s++)
        {
            seenBuckets[Slot(currentBucket + s)] = 0;
            keptBuckets[Slot(currentBucket + s)] = 0;
        }

        currentBucket = bucket;
        // One frame in N, N from the last second's rate, so the kept rate stays under the cap.
        long lastSecond = 0;
        for (int i = 1; i < Buckets; i++) lastSecond += seenBuckets[Slot(currentBucket - i)];
        double perSecond = lastSecond * 1_000_000.0 / ((Buckets - 1) * BucketMicros);
        stride = Math.Max(1, (long)Math.Ceiling(perSecond / MaxKeptPerSecond));
    }

    private static int Slot(long bucket) => (int)(((bucket % Buckets) + Buckets) % Buckets);

    // The i-th oldest frame in the ring.
    private SequencedFrame At(int i) => ring[(head - count + i + ring.Length) % ring.Length];
}
