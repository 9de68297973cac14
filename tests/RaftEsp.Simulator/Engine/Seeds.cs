namespace RaftEsp.Simulator;

/// <summary>
/// One root seed, one sub-seed per subsystem (TigerBeetle VOPR style): changing how one subsystem draws its numbers
/// does not reshuffle the others, and the same root seed replays the same run bit for bit.
/// </summary>
public sealed class Seeds
{
    public Seeds(ulong root)
    {
        Root = root;
        var r = new SplitMix64(root);
        Radio = r.NextULong();
        Storage = r.NextULong();
        Clients = r.NextULong();
        Nodes = r.NextULong();
        Faults = r.NextULong();
        Key = r.NextULong();
        Clocks = r.NextULong();
        Replays = r.NextULong();
        Membership = r.NextULong(); // drawn last: the sub-seeds before it are those of runs without membership changes
    }

    public ulong Root { get; }
    public ulong Radio { get; }
    public ulong Storage { get; }
    public ulong Clients { get; }
    public ulong Nodes { get; }
    public ulong Faults { get; }
    public ulong Key { get; }
    public ulong Clocks { get; }
    public ulong Replays { get; }

    /// <summary>Membership changes (<see cref="MembershipPlan"/>) and the tick phases of boards that join.</summary>
    public ulong Membership { get; }

    /// <summary>The seed of node <paramref name="id"/>'s own generator (its election timeouts).</summary>
    public uint NodeSeed(int id) => (uint)(new SplitMix64(Nodes + (ulong)id * 0x9E3779B97F4A7C15UL).NextULong() >> 32);
}
