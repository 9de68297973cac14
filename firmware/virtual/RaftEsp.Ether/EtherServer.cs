using System.Net;
using System.Net.Sockets;
using System.Text;
using RaftEsp.Core;
using RaftEsp.Host;

namespace RaftEsp.Ether;

/// <summary>
/// The ether: one UDP socket on 127.0.0.1 that every virtual board talks to (<see cref="EtherEnvelope"/>), and one
/// text control socket. A board registers by sending anything (a hello or a frame): the envelope names its node, and
/// the latest endpoint wins, so a restarted board is found at its new port. Unicast goes to the named node, broadcast
/// to every other registered node, and sniffers also get copies of unicast frames for others. Each copy meets the
/// <see cref="ChannelRules"/> and then waits in a bounded <see cref="DelayLine"/>.
/// </summary>
public sealed class EtherServer : IDisposable
{
    private readonly Socket radio;
    private readonly Socket control;
    private readonly DelayLine line;
    private readonly Action<string> log;
    private readonly Dictionary<int, Registration> nodes = new();
    private readonly Lock nodesGate = new();
    private readonly Thread radioThread;
    private readonly Thread controlThread;
    private readonly EtherControl commands;
    private volatile bool disposed;

    /// <param name="rules">the channel model (seeded)</param>
    /// <param name="radioEndPoint">where boards send (port 0: any free port)</param>
    /// <param name="controlEndPoint">where control commands arrive (port 0: any free port)</param>
    /// <param name="maxPending">bound of the delay line</param>
    /// <param name="log">diagnostics (registrations, oversized frames)</param>
    /// <param name="mirrorKey">the key that tags mirror datagrams (<see cref="EtherMirror"/>); null: no mirror</param>
    public EtherServer(ChannelRules rules, IPEndPoint radioEndPoint, IPEndPoint controlEndPoint, int maxPending, Action<string> log, byte[]? mirrorKey = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Rules = rules;
        this.log = log ?? (_ => { });
        radio = Bind(radioEndPoint);
        try
        {
            control = Bind(controlEndPoint);
        }
        catch
        {
            radio.Dispose();
            throw;
        }

        RadioEndPoint = (IPEndPoint)radio.LocalEndPoint!;
        ControlEndPoint = (IPEndPoint)control.LocalEndPoint!;
        Mirror = new EtherMirror(mirrorKey);
        commands = new EtherControl(this);
        line = new DelayLine(Math.Max(1, maxPending), SendDatagram);
        radioThread = new Thread(RadioLoop) { IsBackground = true, Name = "ether-radio" };
        controlThread = new Thread(ControlLoop) { IsBackground = true, Name = "ether-control" };
        radioThread.Start();
        controlThread.Start();
    }

    public ChannelRules Rules { get; }

    public EtherStats Stats { get; } = new();

    /// <summary>Sends a description of every frame to the monitor once started (control command <c>mirror</c>).</summary>
    public EtherMirror Mirror { get; }

    public IPEndPoint RadioEndPoint { get; }

    public IPEndPoint ControlEndPoint { get; }

    /// <summary>Copies waiting in the delay line.</summary>
    public int Pending => line.Count;

    /// <summary>The registered nodes, by id.</summary>
    public IReadOnlyList<Registration> Nodes
    {
        get
        {
            lock (nodesGate) return nodes.Values.OrderBy(r => r.Node).ToList();
        }
    }

    /// <summary>Runs one control command as if it came from the control port; returns the answer line.</summary>
    public string Execute(string command) => commands.Execute(command);

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        radio.Dispose();
        control.Dispose();
        line.Dispose();
        Mirror.Dispose();
        radioThread.Join(1000);
        controlThread.Join(1000);
    }

    private static Socket Bind(IPEndPoint endPoint)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            UdpSockets.IgnoreConnectionReset(socket);
            socket.ReceiveBufferSize = UdpSockets.ReceiveBufferBytes;
            socket.Bind(endPoint);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private void RadioLoop()
    {
        byte[] buffer = new byte[EtherEnvelope.MaxDatagramBytes];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        while (!disposed)
        {
            int n;
            try
            {
                n = radio.ReceiveFrom(buffer, ref from);
            }
            catch (SocketException)
            {
                continue; // a datagram longer than the buffer, or an ICMP report: neither stops the ether
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            Handle(buffer, n, (IPEndPoint)from);
            Stats.CountDatagram();
        }
    }

    private void Handle(byte[] buffer, int n, IPEndPoint source)
    {
        if (n < 3 || buffer[1] > NodeId.MaxId || (buffer[0] != EtherEnvelope.Hello && buffer[0] != EtherEnvelope.Send))
        {
            Stats.CountDrop(DropReason.Malformed);
            return;
        }

        int node = buffer[1];
        if (buffer[0] == EtherEnvelope.Hello)
        {
            Stats.CountHello();
            Register(node, source, (buffer[2] & EtherEnvelope.FlagSniffer) != 0);
            return;
        }

        int to = buffer[2];
        long receivedMicros = Mirror.NowMicros;
        int length = n - EtherEnvelope.FrameHeaderBytes;
        bool broadcast = to == NodeId.Broadcast;
        Stats.CountFrame(broadcast);
        Register(node, source, null);
        if (length <= 0)
        {
            Stats.CountDrop(DropReason.Malformed);
            return;
        }

        if (length > FrameLimits.MaxFrameBytes)
        {
            Stats.CountDrop(DropReason.Oversize);
            log($"BUG: node {node} sent a {length}-byte frame to {(broadcast ? "broadcast" : to.ToString(System.Globalization.CultureInfo.InvariantCulture))}; the radio carries at most {FrameLimits.MaxFrameBytes} bytes; dropped");
            return;
        }

        byte[] deliver = new byte[n];
        EtherEnvelope.WriteDeliver(deliver, node, to, buffer, EtherEnvelope.FrameHeaderBytes, length);
        List<Registration> receivers;
        // The mirror lists the copies a frame was meant for (every other node of a broadcast, or the addressee), not a
        // sniffer's overheard copies of unicast frames.
        List<MirrorCopy>? copies = Mirror.Active ? new List<MirrorCopy>() : null;
        lock (nodesGate)
        {
            receivers = new List<Registration>(nodes.Count);
            foreach (Registration r in nodes.Values)
                if (r.Node != node && (broadcast || r.Node == to || r.Sniffer)) receivers.Add(r);
            if (!broadcast && !nodes.ContainsKey(to))
            {
                Stats.CountDrop(DropReason.UnknownDestination);
                copies?.Add(new MirrorCopy(to, MirrorOutcome.UnknownDestination));
            }
        }

        receivers.Sort((a, b) => a.Node.CompareTo(b.Node)); // a fixed order of random draws for a given arrival order
        foreach (Registration r in receivers)
        {
            int made = Rules.Decide(node, r.Node, out DropReason reason, out int first, out int second);
            bool meant = broadcast || r.Node == to;
            if (made == 0)
            {
                Stats.CountDrop(reason);
                if (meant) copies?.Add(new MirrorCopy(r.Node, MirrorDatagram.Outcome(reason)));
                continue;
            }

            bool queued = Queue(deliver, r.EndPoint, first);
            if (made == 2)
            {
                Stats.CountDuplicate();
                queued |= Queue(deliver, r.EndPoint, second);
            }

            if (meant) copies?.Add(new MirrorCopy(r.Node, !queued ? MirrorOutcome.QueueFull : made == 2 ? MirrorOutcome.Duplicated : MirrorOutcome.Delivered));
        }

        if (copies != null) Mirror.Record(receivedMicros, node, to, buffer.AsSpan(EtherEnvelope.FrameHeaderBytes, length), copies);
    }

    private bool Queue(byte[] datagram, IPEndPoint to, int delay)
    {
        if (line.Enqueue(datagram, to, delay)) return true;
        Stats.CountDrop(DropReason.QueueFull);
        return false;
    }

    private void SendDatagram(byte[] datagram, IPEndPoint to)
    {
        try
        {
            radio.SendTo(datagram, to);
            Stats.CountDelivered();
        }
        catch (SocketException)
        {
            // the receiver's process is gone (killed): its frames are lost, as they would be for a board without power
        }
        catch (ObjectDisposedException)
        {
            // shutting down
        }
    }

    private void Register(int node, IPEndPoint source, bool? sniffer)
    {
        lock (nodesGate)
        {
            if (nodes.TryGetValue(node, out Registration? known))
            {
                if (known.EndPoint.Equals(source) && (sniffer == null || sniffer == known.Sniffer)) return;
                if (!known.EndPoint.Equals(source)) log($"node {node} moved from {known.EndPoint} to {source} (restarted)");
                nodes[node] = known with { EndPoint = source, Sniffer = sniffer ?? known.Sniffer };
                return;
            }

            nodes[node] = new Registration(node, source, sniffer ?? false);
            log($"node {node} registered at {source}{(sniffer == true ? " (sniffer)" : "")}");
        }
    }

    private void ControlLoop()
    {
        byte[] buffer = new byte[1024];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        while (!disposed)
        {
            int n;
            try
            {
                n = control.ReceiveFrom(buffer, ref from);
            }
            catch (SocketException)
            {
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            string answer = commands.Execute(Encoding.UTF8.GetString(buffer, 0, n));
            try
            {
                control.SendTo(Encoding.UTF8.GetBytes(answer + "\n"), from);
            }
            catch (SocketException)
            {
                // the asker left
            }
            catch (ObjectDisposedException)
            {
                return;
            }
        }
    }
}
