using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using RaftEsp.Apps;
using RaftEsp.Core;

namespace RaftEsp.Cluster.Tests;

/// <summary>What one status report said, as the desktop received it.</summary>
internal sealed record ReportSeen(int Node, int Term, Role Role, int Leader, int Commit, int Applied, int LastIndex, int[] Values, ErrorCode Fault, long At);

/// <summary>
/// The test's desktop: a UDP socket that speaks docs/protocol.md to the virtual collector. It opens a session with
/// the handshake (and again when the collector is silent for 3 s), keeps every board's latest status report and every
/// leader claim, and sends commands in the session, retrying with the same client id and sequence number until the
/// server node gives a final answer. It records the datagrams it sent, so a test can replay them as an attacker would.
/// </summary>
internal sealed class DesktopClient : IDisposable
{
    private readonly Socket socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly LinkKey key;
    private readonly IPEndPoint collector;
    private readonly Thread receiver;
    private readonly Timer hello;
    private readonly ConcurrentDictionary<int, ReportSeen> latest = new();
    private readonly ConcurrentDictionary<int, ClientResult> results = new();
    private readonly ConcurrentDictionary<int, HashSet<int>> leadersByTerm = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Lock sendLock = new();
    private volatile bool disposed;
    private int nextRequest;
    private readonly LinkSession session = new();
    private readonly SessionStamp stamp = new();
    private readonly CollectorStats lastStats = new();
    private long reports;
    private long statsSeen;
    private ulong helloNonce;
    private bool helloOutstanding;
    private long lastHeard = -10_000;
    private int sessionDrops;

    public DesktopClient(IPEndPoint collector, int clusterId, byte[] clusterKey)
    {
        this.collector = collector;
        key = new LinkKey(clusterId, clusterKey);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        receiver = new Thread(Receive) { IsBackground = true, Name = "desktop-rx" };
        receiver.Start();
        hello = new Timer(_ => SayHello(), null, 0, 250);
    }

    public long Reports => Interlocked.Read(ref reports);

    public long StatsSeen => Interlocked.Read(ref statsSeen);

    /// <summary>The last hello, attach and command request this desktop sent, as sent.</summary>
    public byte[]? RecordedHello { get; private set; }

    public byte[]? RecordedAttach { get; private set; }

    public byte[]? RecordedCommand { get; private set; }

    /// <summary>True while the session gets datagrams.</summary>
    public bool Attached
    {
        get
        {
            lock (sendLock) return session.IsOpen && Now - lastHeard < 3000;
        }
    }

    /// <summary>Datagrams of the collector this desktop dropped as stale-session or replayed.</summary>
    public int SessionDrops => Volatile.Read(ref sessionDrops);

    /// <summary>A copy of the collector's latest counters.</summary>
    public CollectorStats CollectorStats()
    {
        var copy = new CollectorStats();
        lock (lastStats) copy.CopyFrom(lastStats);
        return copy;
    }

    /// <summary>Sends <paramref name="datagram"/> again, byte for byte, from this desktop's socket.</summary>
    public void Replay(byte[] datagram)
    {
        lock (sendLock) socket.SendTo(datagram, SocketFlags.None, collector);
    }

    public long Now => clock.ElapsedMilliseconds;

    /// <summary>The latest report of every board heard from.</summary>
    public IReadOnlyDictionary<int, ReportSeen> Latest => latest;

    /// <summary>Terms in which more than one board claimed leadership, with the claimants.</summary>
    public List<string> ElectionSafetyViolations()
    {
        var violations = new List<string>();
        foreach (KeyValuePair<int, HashSet<int>> kv in leadersByTerm)
        {
            lock (kv.Value)
            {
                if (kv.Value.Count > 1) violations.Add($"term {kv.Key}: leaders {string.Join(',', kv.Value.Order())}");
            }
        }

        return violations;
    }

    /// <summary>How many terms had a leader seen in a report.</summary>
    public int TermsWithLeader => leadersByTerm.Count;

    /// <summary>The leader of the highest term claimed in reports received after <paramref name="since"/>, or -1.</summary>
    public int CurrentLeader(long since, out int term)
    {
        ReportSeen? best = latest.Values.Where(r => r.Role == Role.Leader && r.At >= since).OrderByDescending(r => r.Term).FirstOrDefault();
        term = best?.Term ?? -1;
        return best?.Node ?? -1;
    }

    /// <summary>Registers a client session through the server node; its client id (the register entry's log index).</summary>
    public int Register(int timeoutMillis = 20_000)
    {
        ClientResult? r = Execute(CommandKind.Register, 0, 0, 0, 0, timeoutMillis);
        Assert.NotNull(r);
        Assert.True(r.Status == CommandStatus.Ok, "register: " + CommandStatuses.Name(r.Status));
        Assert.Equal(r.Index, r.Client);
        return r.Client;
    }

    /// <summary>Sends <paramref name="command"/> once in a fresh datagram of the session (as a retry or a replay of its content would).</summary>
    public void Resend(ClientCommand command) => SendCommand(command);

    /// <summary>
    /// Sends one command (set, remove or get) and retries it (same client and seq, new request id) until the server
    /// node answers with a final status, or the deadline passes (then null). Retryable statuses (no leader, busy...)
    /// are retried too.
    /// </summary>
    public ClientResult? Execute(CommandKind kind, int slot, int value, int client, int seq, int timeoutMillis = 20_000)
    {
        long deadline = Now + timeoutMillis;
        while (Now < deadline)
        {
            int request = Interlocked.Increment(ref nextRequest);
            var command = new ClientCommand { RequestId = request, Client = client, Seq = seq, Kind = kind, Slot = slot, Value = kind == CommandKind.Set ? value : 0 };
            SendCommand(command);
            long attemptEnd = Math.Min(deadline, Now + 1000);
            while (Now < attemptEnd)
            {
                if (results.TryRemove(request, out ClientResult? result))
                {
                    if (!Retryable(result.Status)) return result;
                    Thread.Sleep(100);
                    break;
                }

                Thread.Sleep(5);
            }
        }

        return null;
    }

    /// <summary>Sends a command sealed with another key: the collector must drop it.</summary>
    public void SendForged(CommandKind kind, int slot, int value, int client, int seq)
    {
        var forger = new LinkKey(key.ClusterId, Enumerable.Repeat((byte)0x66, 16).ToArray());
        byte[] datagram = new byte[DesktopProtocol.MaxDatagramBytes];
        int n = DesktopProtocol.EncodeCommandRequest(forger, datagram, session.Id, int.MaxValue, new ClientCommand
        {
            RequestId = Interlocked.Increment(ref nextRequest), Client = client, Seq = seq, Kind = kind, Slot = slot, Value = value,
        });
        lock (sendLock) socket.SendTo(datagram, 0, n, SocketFlags.None, collector);
    }

    public void Dispose()
    {
        disposed = true;
        hello.Dispose();
        socket.Dispose();
        receiver.Join(1000);
    }

    private static bool Retryable(CommandStatus status) => status is CommandStatus.NoLeader or CommandStatus.NotLeader
        or CommandStatus.ProposalQueueFull or CommandStatus.LogFull or CommandStatus.ReadQueueFull or CommandStatus.LeaderNotReady
        or CommandStatus.Busy or CommandStatus.Timeout or CommandStatus.TransferInProgress;

    private void SendCommand(ClientCommand command)
    {
        byte[] datagram = new byte[DesktopProtocol.MaxDatagramBytes];
        lock (sendLock)
        {
            if (!session.IsOpen) return; // lost like a datagram: the caller retries
            int n = DesktopProtocol.EncodeCommandRequest(key, datagram, session.Id, session.NextCounter(), command);
            Assert.True(n > 0, "the command encodes");
            RecordedCommand = datagram.AsSpan(0, n).ToArray();
            socket.SendTo(datagram, 0, n, SocketFlags.None, collector);
        }
    }

    /// <summary>Says hello with a fresh nonce whenever no datagram of the session came for 3 s (or none ever did).</summary>
    private void SayHello()
    {
        if (disposed) return;
        byte[] datagram = new byte[64];
        try
        {
            lock (sendLock)
            {
                if (Now - lastHeard < 3000) return;
                helloNonce = (ulong)Random.Shared.NextInt64();
                helloOutstanding = true;
                int n = DesktopProtocol.EncodeHello(key, datagram, helloNonce);
                RecordedHello = datagram.AsSpan(0, n).ToArray();
                socket.SendTo(datagram, 0, n, SocketFlags.None, collector);
            }
        }
        catch (ObjectDisposedException)
        {
            // stopping
        }
    }

    private void OnChallenge(byte[] buffer, int n)
    {
        if (DesktopProtocol.DecodeChallenge(key, buffer, n, out ulong echoed, out ulong collectorNonce) != DatagramError.None) return;
        lock (sendLock)
        {
            if (!helloOutstanding || echoed != helloNonce) return;
            helloOutstanding = false;
            session.Open(session.Derive(key, echoed, collectorNonce));
            byte[] datagram = new byte[64];
            int length = DesktopProtocol.EncodeAttach(key, datagram, collectorNonce, echoed);
            RecordedAttach = datagram.AsSpan(0, length).ToArray();
            socket.SendTo(datagram, 0, length, SocketFlags.None, collector);
        }
    }

    /// <summary>True for a datagram of the session not seen before (and records it).</summary>
    private bool InSession()
    {
        lock (sendLock)
        {
            if (session.Check(stamp) != DatagramError.None)
            {
                Interlocked.Increment(ref sessionDrops);
                return false;
            }

            session.Accept(stamp);
            lastHeard = Now;
            return true;
        }
    }

    private void Receive()
    {
        byte[] buffer = new byte[DesktopProtocol.MaxDatagramBytes];
        var status = new BoardStatus();
        var stats = new CollectorStats();
        while (!disposed)
        {
            int n;
            try
            {
                n = socket.Receive(buffer);
            }
            catch (SocketException)
            {
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            switch (DesktopProtocol.TypeOf(buffer, n))
            {
                case DesktopProtocol.ChallengeType:
                    OnChallenge(buffer, n);
                    break;
                case DesktopProtocol.BoardStatusType:
                    if (DesktopProtocol.DecodeBoardStatus(key, buffer, n, stamp, status) == DatagramError.None && InSession() && status.HasReport) Record(status.Report);
                    break;
                case DesktopProtocol.CommandResultType:
                    var result = new ClientResult();
                    if (DesktopProtocol.DecodeCommandResult(key, buffer, n, stamp, result) == DatagramError.None && InSession()) results[result.RequestId] = result;
                    break;
                case DesktopProtocol.CollectorStatsType:
                    if (DesktopProtocol.DecodeCollectorStats(key, buffer, n, stamp, stats) == DatagramError.None && InSession())
                    {
                        lock (lastStats) lastStats.CopyFrom(stats);
                        Interlocked.Increment(ref statsSeen);
                    }

                    break;
            }
        }
    }

    private void Record(StatusReport r)
    {
        int[] values = new int[r.SlotCount];
        if (latest.TryGetValue(r.NodeId, out ReportSeen? before) && before.Values.Length == values.Length) Array.Copy(before.Values, values, values.Length);
        for (int i = 0; i < r.PageCount && r.FirstSlot + i < values.Length; i++) values[r.FirstSlot + i] = r.PageValues[i];
        latest[r.NodeId] = new ReportSeen(r.NodeId, r.Term, r.Role, r.Leader, r.Commit, r.Applied, r.LastIndex, values, r.Fault, Now);
        if (r.Role == Role.Leader)
        {
            HashSet<int> claimants = leadersByTerm.GetOrAdd(r.Term, _ => new HashSet<int>());
            lock (claimants) claimants.Add(r.NodeId);
        }
        Interlocked.Increment(ref reports);
    }
}
