using RaftEsp.Apps;
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
            if (g != board.Generation) return;
            AckSlot slot = board.AckSlot;
            if (!slot.Offer(board.Node, to, bytes, bytes.Length, sim.Events.Now))
            {
                sim.Channel.Send(board.Id, to, bytes);
                return;
            }

            sim.Events.At(Math.Max(slot.DueMicros, sim.Events.Now), () => Release(g));
        });
    }

    /// <summary>Sends the held acknowledgement once its slot has come.</summary>
    private void Release(int g)
    {
        if (g != board.Generation) return;
        byte[] buffer = new byte[FrameLimits.MaxFrameBytes];
        int n = board.AckSlot.TakeDue(sim.Events.Now, buffer, out int to);
        if (n > 0) sim.Channel.Send(board.Id, to, buffer.AsSpan(0, n).ToArray());
    }
}
