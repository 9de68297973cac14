using RaftEsp.Core;

namespace RaftEsp.Simulator;

/// <summary>
/// An attacker in radio range without the key (<c>--replay-attacks</c>): it records every frame sent, and at random
/// moments later in the run (after crashes, restarts, leader changes) feeds a recorded frame to a random board, as a
/// radio copy would arrive. The boards' replay windows must refuse them (docs/wire-format.md, "Security"); the safety
/// checkers run unchanged. A recording of a frame the air lost may be accepted once: that is a delayed frame, which
/// Raft tolerates.
/// </summary>
public sealed class ReplayAdversary
{
    /// <summary>Recorded frames kept (the oldest are overwritten): enough to reach back over many seconds.</summary>
    public const int Capacity = 4096;

    private readonly Simulation sim;
    private readonly SplitMix64 random;
    private readonly long intervalMicros;
    private readonly byte[][] recorded = new byte[Capacity][];
    private int count;
    private int next;

    public ReplayAdversary(Simulation sim, ulong seed, long intervalMicros)
    {
        this.sim = sim;
        random = new SplitMix64(seed);
        this.intervalMicros = intervalMicros;
        sim.Events.After(intervalMicros, Strike);
    }

    /// <summary>Recorded frames fed back to boards.</summary>
    public long Injected { get; private set; }

    /// <summary>Records a frame as it goes on the air.</summary>
    public void Heard(byte[] frame)
    {
        recorded[next] = frame;
        next = (next + 1) % Capacity;
        if (count < Capacity) count++;
    }

    private void Strike()
    {
        sim.Events.After(1 + random.Between(0, 2 * intervalMicros), Strike);
        if (count == 0) return;
        byte[] frame = recorded[random.Next(count)];
        // A unicast recording goes to its addressee (anyone else drops it unread); a broadcast to any other board.
        int to = frame[5] != NodeId.Broadcast ? frame[5] : random.Next(sim.Boards.Count);
        if (to == frame[4] || to >= sim.Boards.Count || !sim.Boards[to].Up) return;
        Injected++;
        sim.Boards[to].Receive(frame);
    }
}
