namespace RaftEsp.Apps.Tests;

/// <summary>The collector's desktop link in memory: what the desktop sends waits in a queue; what the collector sends is kept.</summary>
public sealed class FakeDesktop : IDesktopLink
{
    private readonly Queue<byte[]> toCollector = new();

    public List<byte[]> Received { get; } = new();

    public void SendToCollector(byte[] datagram, int length) => toCollector.Enqueue(datagram.AsSpan(0, length).ToArray());

    public bool Send(byte[] datagram, int length)
    {
        Received.Add(datagram.AsSpan(0, length).ToArray());
        return true;
    }

    public int Receive(byte[] buffer)
    {
        if (toCollector.Count == 0) return 0;
        byte[] d = toCollector.Dequeue();
        if (d.Length > buffer.Length) return 0;
        d.CopyTo(buffer, 0);
        return d.Length;
    }

    public IEnumerable<byte[]> OfType(int type) => Received.Where(d => DesktopProtocol.TypeOf(d, d.Length) == type);
}
