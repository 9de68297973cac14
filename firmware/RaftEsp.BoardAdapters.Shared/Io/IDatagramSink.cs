using System.Net;

namespace RaftEsp.BoardAdapters
{
    /// <summary>Where a <see cref="UdpPort"/>'s receive thread puts each datagram, with the address it came from.</summary>
    public interface IDatagramSink
    {
        /// <summary>Largest datagram the sink takes; the port reads one byte more to see a longer one.</summary>
        int MaxFrameBytes { get; }

        /// <summary>Takes one datagram (from the receive thread); false when it was dropped.</summary>
        bool Deliver(byte[] data, int length, EndPoint from);
    }
}
