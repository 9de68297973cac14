using RaftEsp.Apps;

namespace RaftEsp.DeviceTests.Harness
{
    /// <summary>
    /// The collector's UDP link to the desktop, in memory: two bounded queues of datagrams and one desktop, which
    /// the collector reaches by a reply before it attached it and by the stream after. It also plays the desktop's
    /// end of the handshake and seals commands in the session it opened.
    /// </summary>
    public sealed class FakeDesktopLink : IDesktopLink
    {
        private readonly FrameQueue toCollector = new FrameQueue(16, DesktopProtocol.MaxDatagramBytes);
        private readonly FrameQueue toDesktop = new FrameQueue(256, DesktopProtocol.MaxDatagramBytes);
        private readonly byte[] scratch = new byte[DesktopProtocol.MaxDatagramBytes];
        private bool spoke;
        private int counter;

        /// <summary>Datagrams the collector sent that the desktop side has not read.</summary>
        public int Waiting => toDesktop.Count;

        /// <summary>True once the collector attached the desktop.</summary>
        public bool Attached { get; private set; }

        /// <summary>The session the last <see cref="Handshake"/> opened.</summary>
        public ulong Session { get; private set; }

        public bool Send(byte[] datagram, int length) => Attached && toDesktop.Write(datagram, 0, length);

        public bool Reply(byte[] datagram, int length) => spoke && toDesktop.Write(datagram, 0, length);

        public void AttachLastSender() => Attached = spoke;

        public int Receive(byte[] buffer)
        {
            int n = toCollector.Read(buffer);
            if (n > 0) spoke = true;
            return n;
        }

        /// <summary>The desktop sends a datagram to the collector.</summary>
        public bool FromDesktop(byte[] datagram, int length) => toCollector.Write(datagram, 0, length);

        /// <summary>The desktop reads the collector's oldest datagram; 0 when none.</summary>
        public int ToDesktop(byte[] buffer) => toDesktop.Read(buffer);

        /// <summary>Hello, the collector's challenge, attach: returns true when the collector attached this desktop.</summary>
        public bool Handshake(CollectorApp collector, LinkKey key, ulong desktopNonce)
        {
            FromDesktop(scratch, DesktopProtocol.EncodeHello(key, scratch, desktopNonce));
            collector.RunOnce();
            for (int n = ToDesktop(scratch); n > 0; n = ToDesktop(scratch))
            {
                if (DesktopProtocol.DecodeChallenge(key, scratch, n, out ulong echoed, out ulong collectorNonce) != DatagramError.None || echoed != desktopNonce) continue;
                FromDesktop(scratch, DesktopProtocol.EncodeAttach(key, scratch, collectorNonce, desktopNonce));
                collector.RunOnce();
                Session = new LinkSession().Derive(key, desktopNonce, collectorNonce);
                counter = 0;
                return Attached;
            }

            return false;
        }

        /// <summary>Seals a command in the session with the next counter into <paramref name="datagram"/>; its length.</summary>
        public int SealCommand(LinkKey key, byte[] datagram, ClientCommand command)
        {
            counter++;
            return DesktopProtocol.EncodeCommandRequest(key, datagram, Session, counter, command);
        }
    }
}
