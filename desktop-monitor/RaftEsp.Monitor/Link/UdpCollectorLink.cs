using System.Net;
using System.Net.Sockets;
using RaftEsp.Apps;
using RaftEsp.Monitor.State;

namespace RaftEsp.Monitor.Link;

/// <summary>
/// The collector link over UDP with the desktop protocol (docs/protocol.md, section 2): every datagram is checked
/// (magic, cluster id, SipHash tag, type, length, fields) and dropped with a counted reason if anything is wrong. The
/// monitor says hello every two seconds, which tells a virtual collector where to send and shows, through the
/// echoed nonce, that the collector hears us. Commands go to the collector's endpoint.
/// </summary>
public sealed class UdpCollectorLink : ICollectorLink
{
    private static readonly TimeSpan HelloEvery = TimeSpan.FromSeconds(2);

    private readonly LinkKey key;
    private readonly IPEndPoint collector;
    private readonly Socket socket;
    private readonly ReportAssembler assembler = new();
    private readonly CancellationTokenSource stop = new();
    private readonly object sendGate = new();
    private readonly byte[] sendBuffer = new byte[DesktopProtocol.MaxDatagramBytes];
    private readonly ClientCommand command = new();
    private readonly int helloNonce = System.Security.Cryptography.RandomNumberGenerator.GetInt32(1, int.MaxValue);
    private Task? receiving;
    private Task? greeting;
    private int requestId;
    private long received;
    private long dropped;
    private string? lastDropReason;

    /// <summary>Binds <paramref name="local"/> (port 0: any) and talks to the collector at <paramref name="collector"/>.</summary>
    public UdpCollectorLink(int clusterId, byte[] clusterKey, IPEndPoint collector, IPEndPoint local)
    {
        ArgumentNullException.ThrowIfNull(collector);
        ArgumentNullException.ThrowIfNull(local);
        key = new LinkKey(clusterId, clusterKey);
        this.collector = collector;
        socket = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(local);
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    public event Action<BoardReport>? BoardReported;

    public event Action<ClientAnswer>? AnswerReceived;

    /// <summary>Raised for every authentic collector stats datagram.</summary>
    public event Action<CollectorReport, LinkCounters>? CollectorReported;

    /// <summary>The nonce this monitor's hellos carry.</summary>
    public int HelloNonce => helloNonce;

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Datagrams received, dropped, and why the last one was dropped.</summary>
    public LinkCounters Counters => new(Interlocked.Read(ref received), Interlocked.Read(ref dropped), Volatile.Read(ref lastDropReason));

    public Task StartAsync(CancellationToken cancel)
    {
        receiving ??= Task.Run(() => ReceiveLoopAsync(stop.Token), CancellationToken.None);
        greeting ??= Task.Run(() => HelloLoopAsync(stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public void Send(ClientRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (sendGate)
        {
            command.RequestId = Interlocked.Increment(ref requestId) & int.MaxValue;
            command.Client = request.Client;
            command.Seq = request.Seq;
            command.Kind = request.Kind switch
            {
                RequestKind.Set => CommandKind.Set,
                RequestKind.Remove => CommandKind.Remove,
                _ => CommandKind.Get,
            };
            command.Slot = request.Slot;
            command.Value = request.Kind == RequestKind.Set ? request.Value : 0;
            int length = DesktopProtocol.EncodeCommandRequest(key, sendBuffer, command);
            if (length == 0) throw new ArgumentException("the request has a field the protocol cannot carry", nameof(request));
            SendDatagram(length);
        }
    }

    private void SendDatagram(int length)
    {
        try
        {
            socket.SendTo(sendBuffer, 0, length, SocketFlags.None, collector);
        }
        catch (SocketException)
        {
            // UDP: an unreachable collector (ICMP port unreachable, no route) is a lost datagram; the caller retries.
        }
        catch (ObjectDisposedException)
        {
            // Stopping.
        }
    }

    private async Task HelloLoopAsync(CancellationToken cancel)
    {
        using var timer = new PeriodicTimer(HelloEvery);
        try
        {
            do
            {
                lock (sendGate)
                {
                    int length = DesktopProtocol.EncodeHello(key, sendBuffer, helloNonce);
                    SendDatagram(length);
                }
            }
            while (await timer.WaitForNextTickAsync(cancel).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken cancel)
    {
        var buffer = new byte[DesktopProtocol.MaxDatagramBytes + 1];
        var status = new BoardStatus();
        var result = new ClientResult();
        var stats = new CollectorStats();
        EndPoint any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!cancel.IsCancellationRequested)
        {
            int length;
            try
            {
                SocketReceiveFromResult r = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancel).ConfigureAwait(false);
                length = r.ReceivedBytes;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // ICMP "port unreachable" from an earlier send surfaces here on some systems; keep listening.
                continue;
            }

            Interlocked.Increment(ref received);
            DatagramError error = DesktopProtocol.Open(key, buffer, length, out int type);
            if (error == DatagramError.None)
            {
                error = type switch
                {
                    DesktopProtocol.BoardStatusType => DesktopProtocol.DecodeBoardStatus(key, buffer, length, status),
                    DesktopProtocol.CommandResultType => DesktopProtocol.DecodeCommandResult(key, buffer, length, result),
                    DesktopProtocol.CollectorStatsType => DesktopProtocol.DecodeCollectorStats(key, buffer, length, stats),
                    _ => DatagramError.Unexpected,
                };
            }

            if (error != DatagramError.None)
            {
                Interlocked.Increment(ref dropped);
                Volatile.Write(ref lastDropReason, DatagramErrors.Name(error));
                continue;
            }

            Dispatch(type, status, result, stats);
        }
    }

    private void Dispatch(int type, BoardStatus status, ClientResult result, CollectorStats stats)
    {
        switch (type)
        {
            case DesktopProtocol.BoardStatusType:
                BoardReported?.Invoke(assembler.Assemble(status));
                break;
            case DesktopProtocol.CommandResultType:
                RequestKind kind = result.Kind switch
                {
                    CommandKind.Set => RequestKind.Set,
                    CommandKind.Remove => RequestKind.Remove,
                    _ => RequestKind.Get,
                };
                AnswerReceived?.Invoke(new ClientAnswer(kind, result.Client, result.Seq, result.Status, result.Value, result.Index, result.Leader));
                break;
            default:
                CollectorReported?.Invoke(
                    new CollectorReport(stats.CollectorId, stats.HelloNonce, stats.UptimeSeconds, stats.PollsSent, stats.PollTimeouts,
                        stats.CommandsRelayed, stats.ResultsRelayed, stats.RadioFramesHeard),
                    Counters);
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        socket.Dispose();
        if (receiving != null) await receiving.ConfigureAwait(false);
        if (greeting != null) await greeting.ConfigureAwait(false);
        stop.Dispose();
    }
}
