using RaftEsp.Apps;

namespace RaftEsp.DeviceTests.Harness
{
    /// <summary>The collector's UDP link to the desktop, in memory: two bounded queues of datagrams.</summary>
    public sealed class FakeDesktopLink : IDesktopLink
    {
        private readonly FrameQueue toCollector = new FrameQueue(16, DesktopProtocol.MaxDatagramBytes);
        private readonly FrameQueue toDesktop = new FrameQueue(256, DesktopProtocol.MaxDatagramBytes);

        /// <summary>Datagrams the collector sent that the desktop side has not read.</summary>
        public int Waiting => toDesktop.Count;

        public bool Send(byte[] datagram, int length) => toDesktop.Write(datagram, 0, length);

        public int Receive(byte[] buffer) => toCollector.Read(buffer);

        /// <summary>The desktop sends a datagram to the collector.</summary>
        public bool FromDesktop(byte[] datagram, int length) => toCollector.Write(datagram, 0, length);

        /// <summary>The desktop reads the collector's oldest datagram; 0 when none.</summary>
        public int ToDesktop(byte[] buffer) => toDesktop.Read(buffer);
    }
}
