namespace RaftEsp.Simulator;

/// <summary>
/// What the air does to frames between two boards: loss, duplication, delay and reordering per directed link, and
/// partitions (a cut link delivers nothing, not even ACKs). All draws come from the radio's seeded generator.
/// </summary>
public sealed class LinkFaults
{
    private readonly int size;
    private readonly double[] extraLoss;
    private readonly bool[] cut;

    public LinkFaults(int size)
    {
        this.size = size;
        extraLoss = new double[size * size];
        cut = new bool[size * size];
    }

    /// <summary>Loss probability of every frame copy on every link.</summary>
    public double Loss { get; set; }

    /// <summary>Probability that a delivered frame is delivered a second time (a duplicate the MAC did not filter).</summary>
    public double Duplication { get; set; }

    /// <summary>Fixed delay from the end of a frame to its arrival in the receiver's queue.</summary>
    public long DelayMicros { get; set; } = 100;

    /// <summary>Extra random delay, uniform in [0, this], drawn per copy: frames can overtake each other.</summary>
    public long ReorderMicros { get; set; }

    public bool IsCut(int from, int to) => cut[from * size + to];

    public double LossOn(int from, int to) => Math.Min(1, Loss + extraLoss[from * size + to]);

    public void SetExtraLoss(int from, int to, double p) => extraLoss[from * size + to] = p;

    public void Cut(int a, int b)
    {
        cut[a * size + b] = true;
        cut[b * size + a] = true;
    }

    public void Mend(int a, int b)
    {
        cut[a * size + b] = false;
        cut[b * size + a] = false;
    }

    /// <summary>Only boards in the same group hear each other.</summary>
    public void Partition(IReadOnlyList<int[]> groups)
    {
        var group = new int[size];
        Array.Fill(group, -1);
        for (int g = 0; g < groups.Count; g++)
            foreach (int id in groups[g]) group[id] = g;
        for (int a = 0; a < size; a++)
            for (int b = 0; b < size; b++)
                cut[a * size + b] = a != b && (group[a] != group[b] || group[a] < 0);
    }

    /// <summary>Isolates one board from every other.</summary>
    public void Isolate(int id)
    {
        for (int other = 0; other < size; other++)
            if (other != id) Cut(id, other);
    }

    /// <summary>Counts heals, so a fault still running (a flapping link) knows it was healed and stops.</summary>
    public int HealEpoch { get; private set; }

    public void HealAll()
    {
        HealEpoch++;
        Array.Clear(cut);
        Array.Clear(extraLoss);
    }
}
