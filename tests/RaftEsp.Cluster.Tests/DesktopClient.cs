using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using RaftEsp.Apps;
using RaftEsp.Core;

namespace RaftEsp.Cluster.Tests;

/// <summary>What one status report said, as the desktop received it.</summary>
internal sealed record ReportSeen(int Node, int Term, Role Role, int Leader, int Commit, int Applied, int[] Values, ErrorCode Fault, long At);

/// <summary>
/// The test's desktop: a UDP socket that speaks docs/protocol.md to the virtual collector. It says hello twice a
/// second, keeps every board's latest status report and every leader claim, and sends commands, retrying with the
/// same client id and sequence number until the server node gives a final answer.
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
    private long reports;
    private long statsSeen;

    public DesktopClient(IPEndPoint collector, int clusterId, byte[] clusterKey)
    {
        this.collector = collector;
        key = new LinkKey(clusterId, clusterKey);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        receiver = new Thread(Receive) { IsBackground = true, Name = "desktop-rx" };
        receiver.Start();
        hello = new Timer(_ => SayHello(), null, 0, 500);
    }

    public long Reports => Interlocked.Read(ref reports);

    public long StatsSeen => Interlocked.Read(ref statsSeen);

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
        int n = DesktopProtocol.EncodeCommandRequest(forger, datagram, new ClientCommand
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
        int n = DesktopProtocol.EncodeCommandRequest(key, datagram, command);
        Assert.True(n > 0, "the command encodes");
        lock (sendLock) socket.SendTo(datagram, 0, n, SocketFlags.None, collector);
    }

    private void SayHello()
    {
        if (disposed) return;
        byte[] datagram = new byte[64];
        int n = DesktopProtocol.EncodeHello(key, datagram, 1234);
        try
        {
            lock (sendLock) socket.SendTo(datagram, 0, n, SocketFlags.None, collector);
        }
        catch (ObjectDisposedException)
        {
            // stopping
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
                case DesktopProtocol.BoardStatusType:
                    if (DesktopProtocol.DecodeBoardStatus(key, buffer, n, status) == DatagramError.None && status.HasReport) Record(status.Report);
                    break;
                case DesktopProtocol.CommandResultType:
                    var result = new ClientResult();
                    if (DesktopProtocol.DecodeCommandResult(key, buffer, n, result) == DatagramError.None) results[result.RequestId] = result;
                    break;
                case DesktopProtocol.CollectorStatsType:
                    if (DesktopProtocol.DecodeCollectorStats(key, buffer, n, stats) == DatagramError.None) Interlocked.Increment(ref statsSeen);
                    break;
            }
        }
    }

    private void Record(StatusReport r)
    {
        int[] values = new int[r.SlotCount];
        if (latest.TryGetValue(r.NodeId, out ReportSeen? before) && before.Values.Length == values.Length) Array.Copy(before.Values, values, values.Length);
        for (int i = 0; i < r.PageCount && r.FirstSlot + i < values.Length; i++) values[r.FirstSlot + i] = r.PageValues[i];
        latest[r.NodeId] = new ReportSeen(r.NodeId, r.Term, r.Role, r.Leader, r.Commit, r.Applied, values, r.Fault, Now);
        if (r.Role == Role.Leader)
        {
            HashSet<int> claimants = leadersByTerm.GetOrAdd(r.Term, _ => new HashSet<int>());
            lock (claimants) claimants.Add(r.NodeId);
        }
        Interlocked.Increment(ref reports);
    }
}
