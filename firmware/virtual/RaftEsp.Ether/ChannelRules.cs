using System.Globalization;

namespace RaftEsp.Ether;

/// <summary>
/// What happens to a frame copy on its way from one node to another: loss (a default percentage and per-link
/// overrides, the same both ways), delay (fixed plus uniform jitter), duplication, a partition and isolated nodes.
/// Every random choice comes from one generator seeded with <c>--seed</c>; the ether draws in the order frames
/// arrive, so the same seed and the same arrivals give the same fates. Thread-safe.
/// </summary>
public sealed class ChannelRules
{
    private readonly Lock gate = new();
    private readonly Random random;
    private readonly Dictionary<(int, int), double> linkLoss = new();
    private readonly HashSet<int> isolated = new();
    private double loss;
    private double duplication;
    private int delayMillis;
    private int jitterMillis;
    private Partition? partition;

    public ChannelRules(int seed)
    {
        Seed = seed;
        random = new Random(seed);
    }

    public int Seed { get; }

    /// <summary>Sets the loss of every link to <paramref name="percent"/> (0-100), clearing per-link settings.</summary>
    public void SetLoss(double percent)
    {
        CheckPercent(percent);
        lock (gate)
        {
            loss = percent / 100;
            linkLoss.Clear();
        }
    }

    /// <summary>Sets the loss between <paramref name="a"/> and <paramref name="b"/>, both ways.</summary>
    public void SetLinkLoss(int a, int b, double percent)
    {
        CheckPercent(percent);
        CheckNode(a);
        CheckNode(b);
        lock (gate)
        {
            linkLoss[Key(a, b)] = percent / 100;
        }
    }

    /// <summary>Every copy waits <paramref name="millis"/> plus a uniform 0..<paramref name="jitter"/> ms.</summary>
    public void SetDelay(int millis, int jitter)
    {
        if (millis < 0 || millis > 10_000 || jitter < 0 || jitter > 10_000)
            throw new ArgumentOutOfRangeException(nameof(millis), "delay and jitter must be 0-10000 ms");
        lock (gate)
        {
            delayMillis = millis;
            jitterMillis = jitter;
        }
    }

    /// <summary>Each delivered copy is sent twice with this probability (percent).</summary>
    public void SetDuplication(double percent)
    {
        CheckPercent(percent);
        lock (gate) duplication = percent / 100;
    }

    public void SetPartition(Partition value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (gate) partition = value;
    }

    /// <summary>Cuts <paramref name="node"/> off from everyone (frames to and from it are dropped).</summary>
    public void Isolate(int node)
    {
        CheckNode(node);
        lock (gate) isolated.Add(node);
    }

    /// <summary>Removes the partition and every isolation. Loss, delay and duplication stay.</summary>
    public void Heal()
    {
        lock (gate)
        {
            partition = null;
            isolated.Clear();
        }
    }

    /// <summary>
    /// Decides the fate of one copy from <paramref name="from"/> to <paramref name="to"/>: returns the number of
    /// copies to deliver (0, 1 or 2) and their delays, or 0 and the reason it is dropped.
    /// </summary>
    public int Decide(int from, int to, out DropReason reason, out int firstDelay, out int secondDelay)
    {
        reason = default;
        firstDelay = secondDelay = 0;
        lock (gate)
        {
            if (isolated.Contains(from) || isolated.Contains(to))
            {
                reason = DropReason.Isolated;
                return 0;
            }

            if (partition != null && !partition.Connects(from, to))
            {
                reason = DropReason.Partition;
                return 0;
            }

            double p = linkLoss.TryGetValue(Key(from, to), out double l) ? l : loss;
            if (p > 0 && random.NextDouble() < p)
            {
                reason = DropReason.Loss;
                return 0;
            }

            firstDelay = DrawDelay();
            if (duplication > 0 && random.NextDouble() < duplication)
            {
                secondDelay = DrawDelay();
                return 2;
            }

            return 1;
        }
    }

    /// <summary>One line: <c>seed=.. loss=..% links=[0-1:20%] delay=..+..ms dup=..% partition=.. isolated=..</c>.</summary>
    public string Describe()
    {
        lock (gate)
        {
            string links = string.Join(' ', linkLoss.OrderBy(k => k.Key).Select(k => string.Create(CultureInfo.InvariantCulture, $"{k.Key.Item1}-{k.Key.Item2}:{k.Value * 100:0.##}%")));
            string cut = isolated.Count == 0 ? "none" : string.Join(',', isolated.Order());
            return string.Create(CultureInfo.InvariantCulture,
                $"seed={Seed} loss={loss * 100:0.##}% links=[{links}] delay={delayMillis}+{jitterMillis}ms dup={duplication * 100:0.##}% partition={partition?.Text ?? "none"} isolated={cut}");
        }
    }

    private int DrawDelay() => jitterMillis == 0 ? delayMillis : delayMillis + random.Next(jitterMillis + 1);

    private static (int, int) Key(int a, int b) => a <= b ? (a, b) : (b, a);

    private static void CheckPercent(double percent)
    {
        if (double.IsNaN(percent) || percent < 0 || percent > 100)
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "a percentage must be 0-100");
    }

    private static void CheckNode(int node)
    {
        if (node < 0 || node > 254) throw new ArgumentOutOfRangeException(nameof(node), node, "node ids are 0-254");
    }
}
