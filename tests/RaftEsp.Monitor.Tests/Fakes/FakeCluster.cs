using RaftEsp.Apps;
using RaftEsp.Monitor.Faults;
using RaftEsp.Monitor.Link;
using RaftEsp.Monitor.State;

namespace RaftEsp.Monitor.Tests.Fakes;

/// <summary>
/// An in-memory stand-in for the collector and its boards, for tests of the monitor's own logic: it registers
/// clients (the client id is the register entry's log index), answers an unknown client session-expired, applies
/// commands with the database's session rule (a client's sequence is applied once; a retry gets the first result),
/// reports every board's state, loses requests or answers on demand, and elects the next running board when the
/// leader crashes. It is not Raft: the Raft behaviour is tested against the real virtual cluster.
/// </summary>
public sealed class FakeCluster : ICollectorLink, IFaultControl
{
    private readonly object gate = new();
    private readonly int[][] databases;
    private readonly bool[] crashed;
    private readonly List<LogEntryView> log = new();
    private readonly Dictionary<int, (int Seq, int Value, int Index)> sessions = new();
    private readonly Timer reporter;
    private int leader;
    private int term = 1;
    private bool started;

    public FakeCluster(int boards = 5, int slots = 5)
    {
        databases = new int[boards][];
        for (int i = 0; i < boards; i++) databases[i] = new int[slots];
        crashed = new bool[boards];
        reporter = new Timer(_ => ReportAll(), null, Timeout.Infinite, Timeout.Infinite);
    }

    public event Action<BoardReport>? BoardReported;

    public event Action<ClientAnswer>? AnswerReceived;

    // The fault knobs below act on commands only: a register always goes through unless RefuseRegisters is set.

    /// <summary>Requests that arrive are dropped while this is above zero (each drop counts it down).</summary>
    public int DropRequests { get; set; }

    /// <summary>Answers are dropped while this is above zero, after the command was applied.</summary>
    public int DropAnswers { get; set; }

    /// <summary>When set, every request is answered with this status and nothing is applied.</summary>
    public CommandStatus? RefuseWith { get; set; }

    /// <summary>
    /// While above zero, a write is applied but answered timeout (each such answer counts it down), as when the server
    /// node gives up waiting just before the commit reaches it.
    /// </summary>
    public int TimeOutAnswers { get; set; }

    /// <summary>Called after each request was handled (for tests that act in the middle of a command).</summary>
    public Action<ClientRequest>? OnRequest { get; set; }

    /// <summary>When set, every register is answered with this status and no session opens.</summary>
    public CommandStatus? RefuseRegisters { get; set; }

    /// <summary>Every command that arrived (dropped ones included; registers are in <see cref="Registers"/>).</summary>
    public List<ClientRequest> Received { get; } = new();

    /// <summary>Every register that arrived.</summary>
    public List<ClientRequest> Registers { get; } = new();

    /// <summary>Commands applied to the database (retries answered from the session do not count).</summary>
    public int Applied { get; private set; }

    public int LastLoss { get; private set; }

    public IReadOnlyList<IReadOnlyList<int>>? LastPartition { get; private set; }

    public int Leader
    {
        get { lock (gate) return leader; }
    }

    public int[] Database(int board)
    {
        lock (gate) return (int[])databases[board].Clone();
    }

    /// <summary>Puts a stale value into one board's array (as if it missed entries) and reports it.</summary>
    public void Corrupt(int board, int slot, int value)
    {
        lock (gate) databases[board][slot] = value;
        ReportAll();
    }

    public Task StartAsync(CancellationToken cancel)
    {
        started = true;
        reporter.Change(0, 100);
        return Task.CompletedTask;
    }

    public void Send(ClientRequest request)
    {
        ClientAnswer? answer;
        lock (gate)
        {
            if (request.Kind == RequestKind.Register)
            {
                Registers.Add(request);
                ClientAnswer registered = HandleRegister(request);
                Task.Run(() => AnswerReceived?.Invoke(registered));
                return;
            }

            Received.Add(request);
            if (DropRequests > 0)
            {
                DropRequests--;
                return;
            }

            answer = Handle(request);
            if (TimeOutAnswers > 0 && request.Kind != RequestKind.Get)
            {
                TimeOutAnswers--;
                answer = answer with { Status = CommandStatus.Timeout, Value = 0, Index = 0 };
            }

            if (DropAnswers > 0)
            {
                DropAnswers--;
                answer = null;
            }
        }

        ReportAll();
        OnRequest?.Invoke(request);
        if (answer != null) Task.Run(() => AnswerReceived?.Invoke(answer));
    }

    private ClientAnswer Handle(ClientRequest r)
    {
        if (RefuseWith is CommandStatus refusal) return new ClientAnswer(r.Kind, r.Client, r.Seq, refusal, 0, 0, -1);
        if (leader < 0) return new ClientAnswer(r.Kind, r.Client, r.Seq, CommandStatus.NoLeader, 0, 0, -1);
        int[] db = databases[leader];
        if (r.Slot < 0 || r.Slot >= db.Length) return new ClientAnswer(r.Kind, r.Client, r.Seq, CommandStatus.SlotOutOfRange, 0, 0, leader);
        if (r.Kind == RequestKind.Get) return new ClientAnswer(r.Kind, r.Client, r.Seq, CommandStatus.Ok, db[r.Slot], log.Count, leader);
        if (!sessions.TryGetValue(r.Client, out var session)) return new ClientAnswer(r.Kind, r.Client, r.Seq, CommandStatus.SessionExpired, 0, 0, leader);
        if (r.Seq == session.Seq) return new ClientAnswer(r.Kind, r.Client, r.Seq, CommandStatus.Ok, session.Value, session.Index, leader);
        if (r.Seq < session.Seq) return new ClientAnswer(r.Kind, r.Client, r.Seq, CommandStatus.StaleSequence, session.Seq, 0, leader);

        int previous = db[r.Slot];
        int value = r.Kind == RequestKind.Set ? r.Value : 0;
        log.Add(new LogEntryView(log.Count + 1, term, r.Kind == RequestKind.Set ? "set" : "remove", r.Slot, value));
        for (int b = 0; b < databases.Length; b++)
        {
            if (!crashed[b]) databases[b][r.Slot] = value;
        }

        Applied++;
        sessions[r.Client] = (r.Seq, previous, log.Count);
        return new ClientAnswer(r.Kind, r.Client, r.Seq, CommandStatus.Ok, previous, log.Count, leader);
    }

    private ClientAnswer HandleRegister(ClientRequest r)
    {
        if (RefuseRegisters is CommandStatus refusal) return new ClientAnswer(r.Kind, 0, 0, refusal, 0, 0, leader);
        if (leader < 0) return new ClientAnswer(r.Kind, 0, 0, CommandStatus.NoLeader, 0, 0, -1);
        log.Add(new LogEntryView(log.Count + 1, term, "register", 0, 0));
        sessions[log.Count] = (0, 0, log.Count);
        return new ClientAnswer(r.Kind, log.Count, 0, CommandStatus.Ok, 0, log.Count, leader);
    }

    /// <summary>Forgets the session of <paramref name="client"/>, as the session table's eviction does.</summary>
    public void ExpireSession(int client)
    {
        lock (gate) sessions.Remove(client);
    }

    public void ReportAll()
    {
        if (!started) return;
        var reports = new List<BoardReport>();
        lock (gate)
        {
            for (int b = 0; b < databases.Length; b++)
            {
                if (crashed[b]) continue;
                LogEntryView[] tail = log.Skip(Math.Max(0, log.Count - 4)).ToArray();
                reports.Add(new BoardReport(b, true, true, b == leader ? "Leader" : "Follower", term, leader, log.Count, log.Count,
                    log.Count, (int[])databases[b].Clone(), tail, 10L * log.Count + b, 12L * log.Count, null));
            }
        }

        foreach (BoardReport report in reports) BoardReported?.Invoke(report);
    }

    public void Crash(int node)
    {
        lock (gate)
        {
            crashed[node] = true;
            if (leader == node)
            {
                term++;
                leader = Array.FindIndex(crashed, c => !c);
                if (crashed.Count(c => !c) * 2 <= crashed.Length) leader = -1;
            }
        }

        ReportAll();
    }

    public void Restart(int node)
    {
        lock (gate)
        {
            crashed[node] = false;
            Array.Copy(databases[Math.Max(leader, 0)], databases[node], databases[node].Length);
            if (leader < 0 && crashed.Count(c => !c) * 2 > crashed.Length)
            {
                term++;
                leader = node;
            }
        }

        ReportAll();
    }

    public bool IsCrashed(int node)
    {
        lock (gate) return crashed[node];
    }

    public void Partition(IReadOnlyList<IReadOnlyList<int>> groups) => LastPartition = groups;

    public void Heal() => LastPartition = null;

    public void SetLoss(int percent) => LastLoss = percent;

    public async ValueTask DisposeAsync()
    {
        await reporter.DisposeAsync().ConfigureAwait(false);
    }
}
