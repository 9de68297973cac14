using RaftEsp.Apps;
using RaftEsp.Core;

namespace RaftEsp.Simulator;

/// <summary>
/// A board's radio as the shared <see cref="ReadyHandler"/> sees it, in simulated time: encoding and handing a frame
/// to the radio costs CPU time (<see cref="BoardCosts.Send"/>), so the n-th frame of a batch leaves after the first n
/// costs. A frame due after the board lost power never leaves. It counts the frames the radio has not finished with
/// (<see cref="Unsent"/>), as a board counts them from ESP-NOW's send callback; an acknowledgement the board's
/// <see cref="AckSlot"/> holds for its slot is the app's, not the radio's, until the slot comes.
/// </summary>
internal sealed class TimedRadio(Simulation sim, SimulatedBoard board) : IFrameSender
{
    private int generation;

    /// <summary>CPU time the frames sent since <see cref="Start"/> took.</summary>
    public long Elapsed { get; private set; }

    /// <summary>
    /// Frames handed over and not yet reported done by the channel (nor refused by a full transmit queue): what the
    /// board app reads from the radio seam (IRadio.Unsent).
    /// </summary>
    public int Unsent { get; private set; }

    /// <summary>The board (re)booted: whatever its radio held went with the power.</summary>
    public void PowerOn() => Unsent = 0;

    /// <summary>The channel finished one of this board's frames (ESP-NOW's send callback).</summary>
    public void FrameDone()
    {
        if (Unsent > 0) Unsent--;
    }

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
        Unsent++;
        int g = generation;
        sim.Events.After(Elapsed, () =>
        {
            if (g != board.Generation) return;
            AckSlot slot = board.AckSlot;
            if (!slot.Offer(board.Node, to, bytes, bytes.Length, sim.Events.Now))
            {
                ToChannel(to, bytes);
                return;
            }

            // Held for its slot (or replacing a held one): not the radio's until the slot comes.
            FrameDone();
            sim.Events.At(Math.Max(slot.DueMicros, sim.Events.Now), () => Release(g));
        });
    }

    /// <summary>Sends the held acknowledgement once its slot has come.</summary>
    private void Release(int g)
    {
        if (g != board.Generation) return;
        byte[] buffer = new byte[FrameLimits.MaxFrameBytes];
        int n = board.AckSlot.TakeDue(sim.Events.Now, buffer, out int to);
        if (n <= 0) return;
        Unsent++;
        ToChannel(to, buffer.AsSpan(0, n).ToArray());
    }

    private void ToChannel(int to, byte[] bytes)
    {
        if (!sim.Channel.Send(board.Id, to, bytes)) FrameDone();
    }
}
