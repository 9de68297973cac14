using RaftEsp.Apps;
using RaftEsp.Monitor.Link;
using RaftEsp.Monitor.State;
using RaftEsp.Recording;

namespace RaftEsp.Monitor.History;

/// <summary>
/// A cluster state rebuilt from recorded inputs: it takes them in order, on a clock moved to each one's time, and
/// sweeps for silent boards every <see cref="SweepEvery"/> as the live monitor does. <see cref="NextIndex"/> is the
/// index (in the store's numbering) of the first input not taken yet.
/// </summary>
internal sealed class StateCursor
{
    /// <summary>How often the live monitor sweeps for silent boards (Web/StateSweeper).</summary>
    public const long SweepEvery = 250_000;

    /// <summary>
    /// After this long without an input every board and the collector are long offline (3 s), so further sweeps change
    /// nothing until the next input: a long quiet gap is crossed with one sweep, not one per 250 ms.
    /// </summary>
    public const long QuietAfter = 10_000_000;

    private readonly SteppedClock clock;
    private ReportAssembler assembler;
    private long nextSweep;
    private long lastTaken;

    public StateCursor(Func<TimeProvider, ClusterState> newState, DateTimeOffset origin, long startMicros)
    {
        clock = new SteppedClock(origin);
        clock.Set(startMicros);
        State = newState(clock);
        State.ClockOrigin = origin;
        assembler = new ReportAssembler();
        Position = startMicros;
        nextSweep = startMicros + SweepEvery;
        lastTaken = startMicros;
    }

    public ClusterState State { get; }

    /// <summary>Monitor time the state is at, µs.</summary>
    public long Position { get; private set; }

    /// <summary>The next input to take.</summary>
    public long NextIndex { get; set; }

    /// <summary>Inputs the link's decoding refused (none in a recording the monitor wrote).</summary>
    public long Refused { get; private set; }

    /// <summary>Moves the clock to <paramref name="micros"/> (not back), sweeping on the way.</summary>
    public void AdvanceTo(long micros)
    {
        while (nextSweep <= micros)
        {
            if (nextSweep - lastTaken > QuietAfter) nextSweep += (micros - nextSweep) / SweepEvery * SweepEvery;
            clock.Set(nextSweep);
            State.Sweep();
            nextSweep += SweepEvery;
        }

        if (micros > Position) Position = micros;
        clock.Set(Position);
    }

    /// <summary>Takes in one recorded input at its time.</summary>
    public void Take(Recorded input)
    {
        AdvanceTo(input.TimeMicros);
        switch (input.Body)
        {
            case DatagramRecord d:
                DatagramError error = UdpCollectorLink.DecodeBody(d.Type, d.Body, assembler, out BoardReport? report, out _, out CollectorReport? collectorReport);
                if (error != DatagramError.None) Refused++;
                if (report != null) State.Apply(report);
                if (collectorReport != null) State.SetCollector(collectorReport);
                break;
            case TimelineRecord t:
                State.Record(t.EventKind, t.Node, t.Text);
                break;
            case CrashRecord c:
                State.SetCrashed(c.Node, c.Crashed);
                break;
            case PartitionRecord p:
                State.SetPartition(p.Groups);
                break;
            case LossRecord l:
                State.SetLoss(l.Percent);
                break;
            case TrackRecord t:
                State.Track(t.Node);
                break;
        }

        NextIndex++;
        lastTaken = input.TimeMicros;
    }

    /// <summary>Makes this cursor a copy of <paramref name="other"/> (a checkpoint restored, or saved).</summary>
    public void CopyFrom(StateCursor other)
    {
        State.CopyFrom(other.State);
        assembler = other.assembler.Clone();
        Position = other.Position;
        nextSweep = other.nextSweep;
        lastTaken = other.lastTaken;
        NextIndex = other.NextIndex;
        clock.Set(Position);
    }
}
