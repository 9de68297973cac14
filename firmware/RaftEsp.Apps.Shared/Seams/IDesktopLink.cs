namespace RaftEsp.Apps
{
    /// <summary>
    /// The collector's link to the desktop monitor: UDP datagrams over Wi-Fi on a board, loopback UDP for a virtual
    /// collector. The link only carries bytes and remembers addresses; the app checks every datagram (docs/protocol.md)
    /// and decides where the stream goes: <see cref="Reply"/> answers the sender of the datagram just received (a
    /// challenge to a hello), <see cref="AttachLastSender"/> makes that sender the desktop, and <see cref="Send"/> goes
    /// only to the attached desktop. No call blocks.
    /// </summary>
    public interface IDesktopLink
    {
        /// <summary>Sends one datagram to the attached desktop. Returns false when none is attached or it could not be sent now.</summary>
        bool Send(byte[] datagram, int length);

        /// <summary>Sends one datagram to the sender of the datagram <see cref="Receive"/> returned last. False when there is none or it could not be sent now.</summary>
        bool Reply(byte[] datagram, int length);

        /// <summary>From now on <see cref="Send"/> goes to the sender of the datagram <see cref="Receive"/> returned last (a desktop whose attach the app accepted).</summary>
        void AttachLastSender();

        /// <summary>
        /// Copies the oldest datagram received into <paramref name="buffer"/> and returns its length; 0 when none is
        /// waiting; <see cref="DesktopProtocol.TooLongForLink"/> for a datagram longer than the link or the buffer
        /// takes (its bytes are gone, but the app counts it).
        /// </summary>
        int Receive(byte[] buffer);
    }
}
