using RaftEsp.Core;

namespace RaftEsp.Simulator;

/// <summary>
/// A board's radio as the shared <see cref="ReadyHandler"/> sees it, in simulated time: encoding and handing a frame
/// to the radio costs CPU time (<see cref="BoardCosts.Send"/>), so the n-th frame of a batch leaves after the first n
/// costs. A frame due after the board lost power never leaves.
/// </summary>
internal sealed class TimedRadio(Simulation sim, SimulatedBoard board) : IFrameSender
{
    private int generation;

    /// <summary>CPU time the frames sent since <see cref="Start"/> took.</summary>
    public long Elapsed { get; private set; }

    /// <summary>Starts a batch of sends now, by the board's current incarnation.</summary>
    public void Start(int boardGeneration)
    {
        generation = boardGeneration;
        Elapsed = 0;
    }

    public void Send(int to, byte[] frame, int length)
    {
        byte[] bytes = frame.AsSpan(0, length).ToArray(); // the outbox is reused after Advance
        Elapsed += sim.Options.Costs.Send(length);
        int g = generation;
        sim.Events.After(Elapsed, () =>
        {
            if (g == board.Generation) sim.Channel.Send(board.Id, to, bytes);
        });
    }
}
