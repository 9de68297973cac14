using RaftEsp.Monitor.Commands;
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
/// leader crashes. Membership: join adds a board as a voter (or leaves it a learner, <see cref="JoinLeavesALearner"/>),
/// leave removes one (the leader hands over first), transfer moves the leadership, with the core's refusals; boards
/// started as joiners report "waiting to join" until added. It is not Raft: the Raft behaviour is tested against
/// the real virtual cluster.
/// </summary>
public sealed class FakeCluster : ICollectorLink, IFaultControl, IBoardProcesses
{
    public const int CollectorId = 200;

    private readonly object gate = new();
    private readonly int slots;
    private readonly SortedDictionary<int, FakeBoard> boards = new();
    private readonly List<int> voters = new();
    private readonly List<int> learners = new();
    private readonly List<LogEntryView> log = new();
    private readonly Dictionary<int, (int Seq, int Value, int Index)> sessions = new();
    private readonly Timer reporter;
    private int leader;
    private int term = 1;
    private bool started;

    public FakeCluster(int boards = 5, int slots = 5)
    {
        this.slots = slots;
        for (int i = 0; i < boards; i++)
        {
            this.boards[i] = new FakeBoard(slots) { Id = i, EverMember = true };
            voters.Add(i);
        }

        reporter = new Timer(_ => { if (!ReportsPaused) ReportAll(); }, null, Timeout.Infinite, Timeout.Infinite);
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

    /// <summary>The most voters and learners (the founders plus two, as the core's default).</summary>
    public int Capacity { get; set; } = 7;

    /// <summary>When set, a join adds the board as a learner that does not catch up: answered joined-as-learner.</summary>
    public bool JoinLeavesALearner { get; set; }

    /// <summary>When set, every membership command is refused: another change is in flight (§4.1).</summary>
    public bool ChangeInFlight { get; set; }

    /// <summary>Entries every member holds beyond the commit index (the leader replicated them, no quorum acknowledged yet).</summary>
    public int UncommittedTail { get; set; }

    /// <summary>The index every member's snapshot covers (at most its commit index).</summary>
    public int SnapshotIndex { get; set; }

    /// <summary>Ticks a follower's election timer has run when it reports (the fake's leader never lets it fire).</summary>
    public int FollowerElapsedTicks { get; set; } = FollowerElapsedDefault;

    /// <summary>The default of <see cref="FollowerElapsedTicks"/>.</summary>
    public const int FollowerElapsedDefault = 3;

    /// <summary>When set, the periodic reports stop (a report still follows each command): the page must extrapolate the timers.</summary>
    public bool ReportsPaused { get; set; }

    /// <summary>Milliseconds per tick the fake's boards report.</summary>
    public const int TickMs = 10;

    /// <summary>Board <paramref name="id"/>'s randomized election timeout, in ticks: 100-190, a different one for each board.</summary>
    public static int ElectionTimeoutTicks(int id) => 100 + id * 37 % 10 * 10;

    /// <summary>The fake's heartbeat interval, in ticks.</summary>
    public const int HeartbeatTicks = 25;

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
        lock (gate) return (int[])boards[board].Db.Clone();
    }

    /// <summary>The voters, sorted.</summary>
    public int[] Voters
    {
        get { lock (gate) return voters.Order().ToArray(); }
    }

    /// <summary>The learners, sorted.</summary>
    public int[] Learners
    {
        get { lock (gate) return learners.Order().ToArray(); }
    }

    /// <summary>Puts a stale value into one board's array (as if it missed entries) and reports it.</summary>
    public void Corrupt(int board, int slot, int value)
    {
        lock (gate) boards[board].Db[slot] = value;
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
        int[] db = boards[leader].Db;
        if (r.Slot < 0 || r.Slot >= db.Length) return new ClientAnswer(r.Kind, r.Client, r.Seq, CommandStatus.SlotOutOfRange, 0, 0, leader);
        if (r.Kind == RequestKind.Get) return new ClientAnswer(r.Kind, r.Client, r.Seq, CommandStatus.Ok, db[r.Slot], log.Count, leader);
        if (!sessions.TryGetValue(r.Client, out var session)) return new ClientAnswer(r.Kind, r.Client, r.Seq, CommandStatus.SessionExpired, 0, 0, leader);
        if (r.Seq == session.Seq) return new ClientAnswer(r.Kind, r.Client, r.Seq, CommandStatus.Ok, session.Value, session.Index, leader);
        if (r.Seq < session.Seq) return new ClientAnswer(r.Kind, r.Client, r.Seq, CommandStatus.StaleSequence, session.Seq, 0, leader);

        if (r.Kind is RequestKind.Join or RequestKind.Leave or RequestKind.Transfer)
        {
            CommandStatus status = ChangeMembership(r.Kind, r.Value);
            if (status is not CommandStatus.Ok and not CommandStatus.JoinedAsLearner) return new ClientAnswer(r.Kind, r.Client, r.Seq, status, 0, 0, leader);
            Applied++;
            sessions[r.Client] = (r.Seq, 0, log.Count);
            return new ClientAnswer(r.Kind, r.Client, r.Seq, status, 0, log.Count, leader);
        }

        int previous = db[r.Slot];
        int value = r.Kind == RequestKind.Set ? r.Value : 0;
        log.Add(new LogEntryView(log.Count + 1, term, r.Kind == RequestKind.Set ? "set" : "remove", r.Slot, value));
        foreach (FakeBoard b in boards.Values)
        {
            if (!b.Crashed && b.Running && IsMember(b)) b.Db[r.Slot] = value;
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

    /// <summary>Join, leave and transfer with the core's refusals; the log gets the entries the core would append.</summary>
    private CommandStatus ChangeMembership(RequestKind kind, int node)
    {
        if (ChangeInFlight) return CommandStatus.MembershipChangePending;
        bool voter = voters.Contains(node), learner = learners.Contains(node);
        switch (kind)
        {
            case RequestKind.Join:
                if (voter || learner) return CommandStatus.AlreadyMember;
                if (voters.Count + learners.Count >= Capacity) return CommandStatus.ClusterFull;
                log.Add(new LogEntryView(log.Count + 1, term, "add-learner", 0, node));
                if (JoinLeavesALearner || !boards.TryGetValue(node, out FakeBoard? joiner) || !joiner.Running)
                {
                    learners.Add(node);
                    return CommandStatus.JoinedAsLearner;
                }

                log.Add(new LogEntryView(log.Count + 1, term, "promote", 0, node));
                voters.Add(node);
                Array.Copy(boards[leader].Db, joiner.Db, slots);
                joiner.EverMember = true;
                return CommandStatus.Ok;
            case RequestKind.Leave:
                if (!voter && !learner) return CommandStatus.NotMember;
                if (voter && voters.Count == 1) return CommandStatus.LastVoter;
                log.Add(new LogEntryView(log.Count + 1, term, "remove-node", 0, node));
                voters.Remove(node);
                learners.Remove(node);
                if (node == leader)
                {
                    // §4.2.2: the leader hands over before its removal; the next voter leads the next term.
                    term++;
                    leader = voters.FirstOrDefault(v => !boards[v].Crashed, -1);
                }

                return CommandStatus.Ok;
            default:
                if (!voter) return CommandStatus.NotMember;
                if (boards[node].Crashed) return CommandStatus.NoLeader;
                if (node != leader)
                {
                    term++;
                    leader = node;
                }

                return CommandStatus.Ok;
        }
    }

    private bool IsMember(FakeBoard b) => voters.Contains(b.Id) || learners.Contains(b.Id);

    public void ReportAll()
    {
        if (!started) return;
        var reports = new List<BoardReport>();
        lock (gate)
        {
            int[] v = voters.Order().ToArray(), l = learners.Order().ToArray();
            foreach (FakeBoard b in boards.Values)
            {
                if (b.Crashed || !b.Running) continue;
                bool member = IsMember(b);
                LogEntryView[] tail = member ? log.Skip(Math.Max(0, log.Count - 4)).ToArray() : Array.Empty<LogEntryView>();
                int known = member ? log.Count : 0;
                int last = member ? known + UncommittedTail : 0;
                var shape = new MembershipView(member ? ConfigurationIndex() : 0, member ? v : Array.Empty<int>(), member ? l : Array.Empty<int>(), false,
                    !member && !b.EverMember, !member && b.EverMember);
                reports.Add(new BoardReport(b.Id, true, true, b.Id == leader ? "Leader" : "Follower", term, leader, known, known,
                    last, (int[])b.Db.Clone(), tail, 10L * log.Count + b.Id, 12L * log.Count, null, shape, Math.Min(SnapshotIndex, known),
                    Timers(b, member, last, v.Concat(l))));
            }
        }

        foreach (BoardReport report in reports) BoardReported?.Invoke(report);
    }

    /// <summary>
    /// What board <paramref name="b"/> reports of its timers: a follower its election timer at
    /// <see cref="FollowerElapsedTicks"/>, the leader its heartbeat round and a record per member: running ones in
    /// step (match = commit, the uncommitted tail in flight), crashed ones probing from where they stopped.
    /// </summary>
    private RaftTimers Timers(FakeBoard b, bool member, int last, IEnumerable<int> members)
    {
        int timeout = ElectionTimeoutTicks(b.Id);
        if (!member || b.Id != leader) return new RaftTimers(TickMs, Math.Min(FollowerElapsedTicks, timeout) * TickMs, timeout * TickMs, HeartbeatTicks * TickMs, 0, Array.Empty<ProgressView>());
        var progress = new List<ProgressView>();
        foreach (int id in members)
        {
            if (id == b.Id || !boards.TryGetValue(id, out FakeBoard? other)) continue;
            bool down = other.Crashed || !other.Running;
            int match = down ? Math.Min(other.MatchWhenDown, last) : last - UncommittedTail;
            int next = down ? match + 1 : last + 1;
            progress.Add(new ProgressView(id, match, next, down ? 0 : Math.Min(UncommittedTail, 4), down ? "probe" : "replicate", Math.Min(last - match, ProgressStates.MaxBehind)));
        }

        return new RaftTimers(TickMs, 0, timeout * TickMs, HeartbeatTicks * TickMs, (log.Count % HeartbeatTicks) * TickMs, progress);
    }

    /// <summary>The index of the last membership entry, 0 while the founders' configuration holds.</summary>
    private int ConfigurationIndex() => log.FindLastIndex(e => e.Kind is "add-learner" or "promote" or "remove-node") + 1;

    public void Crash(int node)
    {
        lock (gate)
        {
            boards[node].Crashed = true;
            boards[node].MatchWhenDown = log.Count;
            if (leader == node)
            {
                term++;
                leader = voters.FirstOrDefault(v => !boards[v].Crashed, -1);
                if (voters.Count(v => !boards[v].Crashed) * 2 <= voters.Count) leader = -1;
            }
        }

        ReportAll();
    }

    public void Restart(int node)
    {
        lock (gate)
        {
            boards[node].Crashed = false;
            if (leader >= 0) Array.Copy(boards[leader].Db, boards[node].Db, slots);
            if (leader < 0 && voters.Count(v => !boards[v].Crashed) * 2 > voters.Count)
            {
                term++;
                leader = node;
            }
        }

        ReportAll();
    }

    public bool IsCrashed(int node)
    {
        lock (gate) return boards[node].Crashed;
    }

    public string? CheckJoiner(int node) => node == CollectorId ? $"{node} is the collector's id" : null;

    /// <summary>Every board started as a joiner, in order.</summary>
    public List<int> Started { get; } = new();

    /// <summary>Every board whose process was stopped, in order.</summary>
    public List<int> Stopped { get; } = new();

    public void StartJoiner(int node)
    {
        lock (gate)
        {
            if (boards.TryGetValue(node, out FakeBoard? old) && old.Running && !old.Crashed) throw new InvalidOperationException($"board {node} is running");
            boards[node] = new FakeBoard(slots) { Id = node };
            Started.Add(node);
        }

        ReportAll();
    }

    public void Stop(int node)
    {
        lock (gate)
        {
            if (boards.TryGetValue(node, out FakeBoard? b)) b.Running = false;
            Stopped.Add(node);
        }
    }

    public bool IsRunning(int node)
    {
        lock (gate) return boards.TryGetValue(node, out FakeBoard? b) && b.Running && !b.Crashed;
    }

    public void Partition(IReadOnlyList<IReadOnlyList<int>> groups) => LastPartition = groups;

    public void Heal() => LastPartition = null;

    public void SetLoss(int percent) => LastLoss = percent;

    public async ValueTask DisposeAsync()
    {
        await reporter.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>One board of the fake: its array, whether its process runs or is crashed, whether it was ever a member.</summary>
    private sealed class FakeBoard(int slots)
    {
        public int Id { get; init; }

        public int[] Db { get; } = new int[slots];

        public bool Crashed { get; set; }

        public bool Running { get; set; } = true;

        public bool EverMember { get; set; }

        /// <summary>The log's length when it crashed: where the leader's record for it stays.</summary>
        public int MatchWhenDown { get; set; }
    }
}
