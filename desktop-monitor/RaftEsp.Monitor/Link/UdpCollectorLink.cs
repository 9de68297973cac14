using System.Net;
using System.Net.Sockets;
using RaftEsp.Apps;
using RaftEsp.Monitor.State;

namespace RaftEsp.Monitor.Link;

/// <summary>
/// The collector link over UDP with the desktop protocol (docs/protocol.md, section 2). The monitor opens a session
/// with a handshake: a hello with a fresh nonce, the collector's challenge echoing it with a nonce of its own, an
/// attach echoing both; then every datagram either way carries the session id and a counter, checked against a
/// sliding window. Every datagram is checked (magic, cluster id, SipHash tag, type, length, fields, session, counter)
/// and dropped with a counted reason if anything is wrong. When no valid datagram of the session arrives for
/// <see cref="SilenceTimeout"/> (the collector rebooted, or another desktop took the stream over), the monitor says
/// hello again. Commands go to the collector's endpoint, only inside a session.
/// </summary>
public sealed class UdpCollectorLink : ICollectorLink
{
    /// <summary>How often a hello is repeated until a session opens.</summary>
    public static readonly TimeSpan HelloEvery = TimeSpan.FromSeconds(1);

    /// <summary>How long without a valid datagram of the session (the collector sends its stats every second) before handshaking again.</summary>
    public static readonly TimeSpan SilenceTimeout = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    private readonly LinkKey key;
    private readonly IPEndPoint collector;
    private readonly Socket socket;
    private readonly ReportAssembler assembler = new();
    private readonly CancellationTokenSource stop = new();
    private readonly object gate = new();
    private readonly byte[] sendBuffer = new byte[DesktopProtocol.MaxDatagramBytes];
    private readonly ClientCommand command = new();
    private readonly LinkSession session = new();
    private readonly long[] drops = new long[DatagramErrors.Count];
    private readonly FramesHeard framesHeard = new();
    private readonly Func<ulong> newNonce;
    private Task? receiving;
    private Task? handshaking;
    private string state = LinkStates.Handshaking;
    private bool helloOutstanding;
    private ulong helloNonce;
    private long nextHelloAt;
    private long lastHeardAt;
    private long sessionsOpened;
    private int requestId;
    private long received;
    private long dropped;
    private string? lastDropReason;

    /// <summary>Binds <paramref name="local"/> (port 0: any) and talks to the collector at <paramref name="collector"/>.</summary>
    public UdpCollectorLink(int clusterId, byte[] clusterKey, IPEndPoint collector, IPEndPoint local)
        : this(clusterId, clusterKey, collector, local, new RaftEsp.Host.CryptoNonceSource().Next)
    {
    }

    /// <summary>As above, with the source of hello nonces given (tests that need to know or repeat them).</summary>
    public UdpCollectorLink(int clusterId, byte[] clusterKey, IPEndPoint collector, IPEndPoint local, Func<ulong> nonces)
    {
        ArgumentNullException.ThrowIfNull(collector);
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(nonces);
        key = new LinkKey(clusterId, clusterKey);
        this.collector = collector;
        newNonce = nonces;
        socket = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(local);
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    public event Action<BoardReport>? BoardReported;

    public event Action<ClientAnswer>? AnswerReceived;

    /// <summary>Raised for every authentic collector stats datagram of the session.</summary>
    public event Action<CollectorReport>? CollectorReported;

    /// <summary>
    /// Raised for every accepted datagram of the session (board status, command result, collector stats) with its type
    /// and a copy of its body (after the session stamp, before the tag), before it is decoded into the events: the
    /// live recorder keeps these, and a replay decodes them with <see cref="DecodeBody"/>.
    /// </summary>
    public event Action<int, byte[]>? DatagramAccepted;

    /// <summary>Raised when the link's state changes (a session opened, or the collector went silent).</summary>
    public event Action<LinkCounters>? StateChanged;

    /// <summary>The collector's digest of the frames it overheard (Frames/CollectorFrameSource reads it); valid during the call only.</summary>
    public event Action<FramesHeard>? FramesOverheard;

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The link's state, <see cref="LinkStates"/>.</summary>
    public string State
    {
        get
        {
            lock (gate) return state;
        }
    }

    /// <summary>The state, sessions opened, datagrams received and dropped (per reason), and why the last one was dropped.</summary>
    public LinkCounters Counters
    {
        get
        {
            var byReason = new Dictionary<string, long>();
            for (int i = 1; i < drops.Length; i++) byReason[DatagramErrors.Name((DatagramError)i)] = Interlocked.Read(ref drops[i]);
            lock (gate)
            {
                return new LinkCounters(state, sessionsOpened, Interlocked.Read(ref received), Interlocked.Read(ref dropped), byReason, Volatile.Read(ref lastDropReason));
            }
        }
    }

    public Task StartAsync(CancellationToken cancel)
    {
        receiving ??= Task.Run(() => ReceiveLoopAsync(stop.Token), CancellationToken.None);
        handshaking ??= Task.Run(() => HandshakeLoopAsync(stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Sends the request in the session; without one it is lost like any datagram, and the command service retries.</summary>
    public void Send(ClientRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (gate)
        {
            command.RequestId = Interlocked.Increment(ref requestId) & int.MaxValue;
            command.Client = request.Client;
            command.Seq = request.Seq;
            command.Kind = request.Kind switch
            {
                RequestKind.Set => CommandKind.Set,
                RequestKind.Remove => CommandKind.Remove,
                RequestKind.Register => CommandKind.Register,
                RequestKind.Join => CommandKind.Join,
                RequestKind.Leave => CommandKind.Leave,
                RequestKind.Transfer => CommandKind.Transfer,
                _ => CommandKind.Get,
            };
            command.Slot = request.Slot;
            // A set carries its value; join, leave and transfer carry the node id there.
            command.Value = request.Kind is RequestKind.Set or RequestKind.Join or RequestKind.Leave or RequestKind.Transfer ? request.Value : 0;
            if (state != LinkStates.Attached) return;
            int counter = session.NextCounter();
            if (counter == 0)
            {
                LoseSession();
                return;
            }

            int length = DesktopProtocol.EncodeCommandRequest(key, sendBuffer, session.Id, counter, command);
            if (length == 0) throw new ArgumentException("the request has a field the protocol cannot carry", nameof(request));
            SendDatagram(length);
        }
    }

    private static long Now => Environment.TickCount64;

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

    /// <summary>Says hello (a fresh nonce each time) until a session opens, and notices when the session goes silent.</summary>
    private async Task HandshakeLoopAsync(CancellationToken cancel)
    {
        using var timer = new PeriodicTimer(Tick);
        try
        {
            do
            {
                LinkCounters? changed = null;
                lock (gate)
                {
                    long now = Now;
                    if (state == LinkStates.Attached && now - lastHeardAt > (long)SilenceTimeout.TotalMilliseconds)
                    {
                        LoseSession();
                        changed = Counters;
                    }

                    if (state != LinkStates.Attached && now >= nextHelloAt)
                    {
                        if (state == LinkStates.Attaching) state = LinkStates.Handshaking;
                        helloNonce = newNonce();
                        helloOutstanding = true;
                        nextHelloAt = now + (long)HelloEvery.TotalMilliseconds;
                        SendDatagram(DesktopProtocol.EncodeHello(key, sendBuffer, helloNonce));
                    }
                }

                if (changed != null) StateChanged?.Invoke(changed);
            }
            while (await timer.WaitForNextTickAsync(cancel).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private void LoseSession()
    {
        session.Close();
        state = LinkStates.Handshaking;
        nextHelloAt = 0;
    }

    private async Task ReceiveLoopAsync(CancellationToken cancel)
    {
        var buffer = new byte[DesktopProtocol.MaxDatagramBytes + 1];
        var status = new BoardStatus();
        var result = new ClientResult();
        var stats = new CollectorStats();
        var stamp = new SessionStamp();
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
            catch (SocketException e) when (e.SocketErrorCode == SocketError.MessageSize)
            {
                // Longer than the buffer (some systems say so instead of cutting it): a datagram, too long.
                length = DesktopProtocol.TooLongForLink;
            }
            catch (SocketException)
            {
                // ICMP "port unreachable" from an earlier send surfaces here on some systems; keep listening.
                continue;
            }

            Interlocked.Increment(ref received);
            DatagramError error = DesktopProtocol.Open(key, buffer, length, out int type);
            LinkCounters? changed = null;
            if (error == DatagramError.None)
            {
                lock (gate)
                {
                    error = type switch
                    {
                        DesktopProtocol.ChallengeType => OnChallenge(buffer, length),
                        DesktopProtocol.BoardStatusType => DesktopProtocol.DecodeBoardStatus(key, buffer, length, stamp, status),
                        DesktopProtocol.CommandResultType => DesktopProtocol.DecodeCommandResult(key, buffer, length, stamp, result),
                        DesktopProtocol.CollectorStatsType => DesktopProtocol.DecodeCollectorStats(key, buffer, length, stamp, stats),
                        DesktopProtocol.FramesHeardType => DesktopProtocol.DecodeFramesHeard(key, buffer, length, stamp, framesHeard),
                        _ => DatagramError.Unexpected,
                    };
                    if (error == DatagramError.None && DesktopProtocol.IsSessionType(type)) error = AcceptInSession(stamp, ref changed);
                }
            }

            if (error != DatagramError.None)
            {
                Interlocked.Increment(ref dropped);
                Interlocked.Increment(ref drops[(int)error]);
                Volatile.Write(ref lastDropReason, DatagramErrors.Name(error));
                continue;
            }

            if (changed != null) StateChanged?.Invoke(changed);
            if (DesktopProtocol.IsSessionType(type))
            {
                int bodyStart = DesktopProtocol.HeaderBytes + DesktopProtocol.StampBytes;
                DatagramAccepted?.Invoke(type, buffer.AsSpan(bodyStart, length - DesktopProtocol.TagBytes - bodyStart).ToArray());
                Dispatch(type, status, result, stats);
            }
        }
    }

    /// <summary>A challenge counts only when it echoes the hello outstanding, once; the attach then opens our end of the session.</summary>
    private DatagramError OnChallenge(byte[] buffer, int length)
    {
        DatagramError error = DesktopProtocol.DecodeChallenge(key, buffer, length, out ulong desktopNonce, out ulong collectorNonce);
        if (error != DatagramError.None) return error;
        if (!helloOutstanding || desktopNonce != helloNonce) return DatagramError.BadNonce;
        helloOutstanding = false;
        session.Open(session.Derive(key, desktopNonce, collectorNonce));
        state = LinkStates.Attaching;
        nextHelloAt = Now + (long)HelloEvery.TotalMilliseconds;
        SendDatagram(DesktopProtocol.EncodeAttach(key, sendBuffer, collectorNonce, desktopNonce));
        return DatagramError.None;
    }

    private DatagramError AcceptInSession(SessionStamp stamp, ref LinkCounters? changed)
    {
        DatagramError error = session.Check(stamp);
        if (error != DatagramError.None) return error;
        session.Accept(stamp);
        lastHeardAt = Now;
        if (state != LinkStates.Attached)
        {
            state = LinkStates.Attached;
            sessionsOpened++;
            changed = Counters;
        }

        return DatagramError.None;
    }

    private void Dispatch(int type, BoardStatus status, ClientResult result, CollectorStats stats)
    {
        switch (type)
        {
            case DesktopProtocol.BoardStatusType:
                BoardReported?.Invoke(assembler.Assemble(status));
                break;
            case DesktopProtocol.CommandResultType:
                AnswerReceived?.Invoke(ToAnswer(result));
                break;
            case DesktopProtocol.FramesHeardType:
                FramesOverheard?.Invoke(framesHeard);
                break;
            default:
                CollectorReported?.Invoke(ToCollectorReport(stats));
                break;
        }
    }

    /// <summary>
    /// Decodes a recorded datagram body (see <see cref="DatagramAccepted"/>) with the same code as a live datagram: the
    /// body is sealed again under a throwaway key into a whole datagram, checked and read by the desktop protocol,
    /// then turned into what the link raises. Returns the protocol's verdict; on None exactly one of the outputs is set.
    /// </summary>
    internal static DatagramError DecodeBody(int type, byte[] body, ReportAssembler assembler, out BoardReport? report, out ClientAnswer? answer, out CollectorReport? collectorReport)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(assembler);
        report = null;
        answer = null;
        collectorReport = null;
        if (!DesktopProtocol.IsSessionType(type) || type == DesktopProtocol.CommandRequestType) return DatagramError.Unexpected;
        int bodyStart = DesktopProtocol.HeaderBytes + DesktopProtocol.StampBytes;
        int length = bodyStart + body.Length + DesktopProtocol.TagBytes;
        if (length > DesktopProtocol.MaxDatagramBytes) return DatagramError.TooLong;
        var datagram = new byte[length];
        datagram[0] = DesktopProtocol.Magic;
        RaftEsp.Core.Bytes.WriteU16(datagram, 1, ReplayKey.ClusterId);
        datagram[3] = (byte)type;
        RaftEsp.Core.Bytes.WriteI32(datagram, DesktopProtocol.HeaderBytes + 8, 1);
        body.CopyTo(datagram, bodyStart);
        int sealedAt = length - DesktopProtocol.TagBytes;
        RaftEsp.Core.Bytes.WriteU64(datagram, sealedAt, RaftEsp.Core.SipHash24.Compute(ReplayKey.K0, ReplayKey.K1, datagram, 0, sealedAt));
        var stamp = new SessionStamp();
        switch (type)
        {
            case DesktopProtocol.BoardStatusType:
            {
                var status = new BoardStatus();
                DatagramError error = DesktopProtocol.DecodeBoardStatus(ReplayKey, datagram, length, stamp, status);
                if (error == DatagramError.None) report = assembler.Assemble(status);
                return error;
            }

            case DesktopProtocol.CommandResultType:
            {
                var result = new ClientResult();
                DatagramError error = DesktopProtocol.DecodeCommandResult(ReplayKey, datagram, length, stamp, result);
                if (error == DatagramError.None) answer = ToAnswer(result);
                return error;
            }

            default:
            {
                var stats = new CollectorStats();
                DatagramError error = DesktopProtocol.DecodeCollectorStats(ReplayKey, datagram, length, stamp, stats);
                if (error == DatagramError.None) collectorReport = ToCollectorReport(stats);
                return error;
            }
        }
    }

    /// <summary>The key recorded bodies are sealed under for decoding: no secret (the body was authenticated live).</summary>
    private static readonly LinkKey ReplayKey = new(0, new byte[16]);

    private static ClientAnswer ToAnswer(ClientResult result)
    {
        RequestKind kind = result.Kind switch
        {
            CommandKind.Set => RequestKind.Set,
            CommandKind.Remove => RequestKind.Remove,
            CommandKind.Register => RequestKind.Register,
            CommandKind.Join => RequestKind.Join,
            CommandKind.Leave => RequestKind.Leave,
            CommandKind.Transfer => RequestKind.Transfer,
            _ => RequestKind.Get,
        };
        return new ClientAnswer(kind, result.Client, result.Seq, result.Status, result.Value, result.Index, result.Leader);
    }

    private static CollectorReport ToCollectorReport(CollectorStats stats)
    {
        var byReason = new Dictionary<string, long>();
        for (int i = 1; i < stats.DatagramDrops.Length; i++) byReason[DatagramErrors.Name((DatagramError)i)] = stats.DatagramDrops[i];
        return new CollectorReport(stats.CollectorId, stats.UptimeSeconds, stats.PollsSent, stats.ReportsReceived, stats.PollTimeouts,
            stats.CommandsRelayed, stats.ResultsRelayed, stats.RadioFramesHeard, stats.RadioFramesDropped, stats.DatagramsReceived,
            stats.DatagramsDropped, stats.ChallengesSent, stats.SessionsOpened, byReason);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        socket.Dispose();
        if (receiving != null) await receiving.ConfigureAwait(false);
        if (handshaking != null) await handshaking.ConfigureAwait(false);
        stop.Dispose();
    }
}
