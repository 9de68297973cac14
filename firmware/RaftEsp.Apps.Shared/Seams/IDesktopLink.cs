namespace RaftEsp.Apps
{
    /// <summary>
    /// The collector's link to the desktop monitor: UDP datagrams over Wi-Fi on a board, loopback UDP for a virtual
    /// collector. Every datagram is tagged with the cluster key (docs/protocol.md). Neither call blocks.
    /// </summary>
    public interface IDesktopLink
    {
        /// <summary>Sends one datagram to the desktop. Returns false when it could not be sent now.</summary>
        bool Send(byte[] datagram, int length);

        /// <summary>
        /// Copies the oldest datagram received from the desktop into <paramref name="buffer"/> and returns its
        /// length, or 0 when none is waiting. Datagrams longer than the buffer are dropped.
        /// </summary>
        int Receive(byte[] buffer);
    }
}
