using System.Net;
using System.Net.Sockets;
using RaftEsp.Ether;
using RaftEsp.Host;

namespace RaftEsp.Cluster.Tests;

/// <summary>An in-process ether and raw UDP sockets posing as boards.</summary>
internal sealed class EtherHarness : IDisposable
{
    private readonly List<RawBoard> boards = new();
    private long sent;

    public EtherHarness(int seed = 1, int maxPending = 4096, byte[]? mirrorKey = null)
    {
        Server = new EtherServer(new ChannelRules(seed), new IPEndPoint(IPAddress.Loopback, 0), new IPEndPoint(IPAddress.Loopback, 0), maxPending, Log.Add, mirrorKey);
    }

    public EtherServer Server { get; }

    public List<string> Log { get; } = new();

    /// <summary>A socket that says hello as <paramref name="node"/> and waits until the ether knows it.</summary>
    public RawBoard Board(int node, bool sniffer = false)
    {
        var board = new RawBoard(node, Server.RadioEndPoint, () => Interlocked.Increment(ref sent));
        boards.Add(board);
        board.Hello(sniffer);
        Waits.Until(() => Server.Nodes.Any(r => r.Node == node && r.EndPoint.Equals(board.EndPoint)), $"node {node} registered");
        return board;
    }

    /// <summary>Waits until the ether has handled every datagram the raw boards sent and emptied its delay line.</summary>
    public void Settle()
    {
        long expected = Interlocked.Read(ref sent);
        Waits.Until(() => Server.Stats.Datagrams >= expected && Server.Pending == 0, $"{expected} datagrams handled and delivered");
    }

    public void Dispose()
    {
        Server.Dispose();
        foreach (RawBoard b in boards) b.Dispose();
    }
}

/// <summary>A UDP socket speaking the ether envelope by hand.</summary>
internal sealed class RawBoard : IDisposable
{
    private readonly Socket socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint ether;
    private readonly Action onSend;

    public RawBoard(int node, IPEndPoint ether, Action onSend)
    {
        this.onSend = onSend;
        Node = node;
        this.ether = ether;
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        EndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    public int Node { get; }

    public IPEndPoint EndPoint { get; }

    public void Hello(bool sniffer = false) => Raw([EtherEnvelope.Hello, (byte)Node, sniffer ? EtherEnvelope.FlagSniffer : (byte)0]);

    public void Send(int to, byte[] frame) => Raw([EtherEnvelope.Send, (byte)Node, (byte)to, .. frame]);

    public void Raw(byte[] datagram)
    {
        onSend();
        socket.SendTo(datagram, ether);
    }

    /// <summary>Every datagram that arrives within <paramref name="quietMillis"/> of the previous one.</summary>
    public List<byte[]> Drain(int quietMillis = 100)
    {
        var got = new List<byte[]>();
        byte[] buffer = new byte[4096];
        socket.ReceiveTimeout = quietMillis;
        while (true)
        {
            try
            {
                int n = socket.Receive(buffer);
                got.Add(buffer[..n]);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut || e.SocketErrorCode == SocketError.WouldBlock)
            {
                return got;
            }
        }
    }

    public void Dispose() => socket.Dispose();
}
