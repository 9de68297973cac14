namespace RaftEsp.Apps
{
    /// <summary>
    /// The board's radio, as the portable apps see it: ESP-NOW on a board that has it, UDP broadcast over Wi-Fi on
    /// stock firmware, the ether process for virtual boards, the channel model in the simulator. Frames are at most
    /// <see cref="RaftEsp.Core.FrameLimits.MaxFrameBytes"/> bytes; addresses are node ids (0–254) or
    /// <see cref="RaftEsp.Core.NodeId.Broadcast"/>. Neither call blocks: a board's loop polls.
    /// </summary>
    public interface IRadio
    {
        /// <summary>
        /// Queues one frame for node <paramref name="to"/> (or broadcast). Returns false when the radio cannot take it
        /// now (too long, unknown peer, transmit queue full): the frame is dropped, as a lost frame would be.
        /// </summary>
        bool Send(int to, byte[] frame, int length);

        /// <summary>
        /// Frames <see cref="Send"/> took that the radio has not finished with yet: on ESP-NOW, those whose send
        /// callback has not come (waiting in the transmit queue, on the air, or still being retried). 0 for a radio
        /// whose sends complete within the call. A leader paces its appends by it
        /// (docs/design.md, "Replication").
        /// </summary>
        int Unsent { get; }

        /// <summary>
        /// Copies the oldest received frame into <paramref name="buffer"/> (at least 250 bytes) and returns its
        /// length, or 0 when none is waiting. Frames that arrive while the receive queue is full are dropped.
        /// </summary>
        int Receive(byte[] buffer);

        /// <summary>
        /// When the frame last returned by <see cref="Receive"/> arrived, on the board's microsecond clock
        /// (<see cref="IClock.NowMicros"/>): stamped by the radio's receive callback (ESP-NOW's, or the UDP receive
        /// thread), not when the loop took it. A follower times its acknowledgement of a broadcast from it
        /// (<see cref="AckSlot"/>). A radio that cannot tell returns 0, which times nothing.
        /// </summary>
        long LastReceivedMicros { get; }
    }
}
