namespace RaftEsp.Apps.Tests;

/// <summary>
/// The collector's desktop link in memory, with desktops at numbered addresses: what a desktop sends waits in a
/// queue with its address; what the collector sends is kept with the address it went to. It also plays a desktop's
/// end of the handshake (<see cref="Handshake"/>) and sends commands in the session it opened.
/// </summary>
public sealed class FakeDesktop : IDesktopLink
{
    /// <summary>The address of the desktop the tests use unless they say otherwise.</summary>
    public const int First = 1;

    private static readonly LinkKey Key = Samples.Link();
    private readonly Queue<(byte[] Data, int From)> toCollector = new();
    private int lastSender;
    private int counter;

    /// <summary>Everything the collector sent, to any address, in order.</summary>
    public List<byte[]> Received { get; } = new();

    /// <summary>Everything the collector sent, with the address it went to.</summary>
    public List<(int To, byte[] Data)> Deliveries { get; } = new();

    /// <summary>The address the collector streams to (0: none attached).</summary>
    public int Attached { get; private set; }

    /// <summary>The session the last <see cref="Handshake"/> opened.</summary>
    public ulong Session { get; private set; }

    public void SendToCollector(byte[] datagram, int length, int from = First) => toCollector.Enqueue((datagram.AsSpan(0, length).ToArray(), from));

    public bool Send(byte[] datagram, int length) => Deliver(Attached, datagram, length);

    public bool Reply(byte[] datagram, int length) => Deliver(lastSender, datagram, length);

    public void AttachLastSender()
    {
        if (lastSender != 0) Attached = lastSender;
    }

    public int Receive(byte[] buffer)
    {
        if (toCollector.Count == 0) return 0;
        (byte[] d, int from) = toCollector.Dequeue();
        lastSender = from;
        if (d.Length > buffer.Length) return DesktopProtocol.TooLongForLink;
        d.CopyTo(buffer, 0);
        return d.Length;
    }

    public IEnumerable<byte[]> OfType(int type) => Received.Where(d => DesktopProtocol.TypeOf(d, d.Length) == type);

    /// <summary>What the collector sent to <paramref name="address"/>.</summary>
    public IEnumerable<byte[]> To(int address) => Deliveries.Where(d => d.To == address).Select(d => d.Data);

    /// <summary>Sends a hello from <paramref name="from"/>, lets the collector answer, and returns the raw hello and challenge.</summary>
    public (byte[] Hello, byte[] Challenge) SayHello(CollectorApp collector, ulong desktopNonce, int from = First)
    {
        byte[] d = new byte[64];
        int n = DesktopProtocol.EncodeHello(Key, d, desktopNonce);
        SendToCollector(d, n, from);
        int before = Deliveries.Count;
        collector.RunOnce();
        byte[] challenge = Deliveries.Skip(before).Last(x => x.To == from && DesktopProtocol.TypeOf(x.Data, x.Data.Length) == DesktopProtocol.ChallengeType).Data;
        return (d.AsSpan(0, n).ToArray(), challenge);
    }

    /// <summary>
    /// Plays the desktop's end of a handshake from <paramref name="from"/>: hello, the collector's challenge, attach.
    /// Returns the attach datagram (for replay tests); <see cref="Session"/> is the session it opened.
    /// </summary>
    public byte[] Handshake(CollectorApp collector, int from = First, ulong desktopNonce = 0x0102030405060708)
    {
        (_, byte[] challenge) = SayHello(collector, desktopNonce, from);
        Assert.Equal(DatagramError.None, DesktopProtocol.DecodeChallenge(Key, challenge, challenge.Length, out ulong echoed, out ulong collectorNonce));
        Assert.Equal(desktopNonce, echoed);
        byte[] d = new byte[64];
        int n = DesktopProtocol.EncodeAttach(Key, d, collectorNonce, desktopNonce);
        SendToCollector(d, n, from);
        collector.RunOnce();
        Session = new LinkSession().Derive(Key, desktopNonce, collectorNonce);
        counter = 0;
        return d.AsSpan(0, n).ToArray();
    }

    /// <summary>Seals <paramref name="command"/> in the session with the next counter, sends it, and returns the datagram.</summary>
    public byte[] SendCommand(ClientCommand command, int from = First)
    {
        byte[] d = new byte[DesktopProtocol.MaxDatagramBytes];
        int n = DesktopProtocol.EncodeCommandRequest(Key, d, Session, ++counter, command);
        Assert.True(n > 0);
        SendToCollector(d, n, from);
        return d.AsSpan(0, n).ToArray();
    }

    private bool Deliver(int to, byte[] datagram, int length)
    {
        if (to == 0) return false;
        byte[] copy = datagram.AsSpan(0, length).ToArray();
        Received.Add(copy);
        Deliveries.Add((to, copy));
        return true;
    }
}
