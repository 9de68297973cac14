namespace RaftEsp.Monitor.State;

/// <summary>
/// The monitor's model of the cluster: the latest report of every board, who leads, the configuration (voters,
/// learners, the change in flight), and a bounded timeline of elections, leader changes, commits, membership
/// changes, faults and commands. Every writer takes one lock; readers get immutable
/// snapshots. Each change bumps <see cref="Version"/> and wakes <see cref="WaitForChangeAsync"/> waiters (the event
/// stream and the terminal view).
/// </summary>
public sealed class ClusterState
{
    /// <summary>Timeline events kept; older ones fall off.</summary>
    public const int TimelineCapacity = 200;

    private readonly object gate = new();
    private readonly TimeProvider clock;
    private readonly TimeSpan offlineAfter;
    private readonly SortedDictionary<int, BoardSlot> boards = new();
    private readonly LinkedList<TimelineEvent> timeline = new();
    private TaskCompletionSource changed = NewSignal();
    private long version;
    private long eventSequence;
    private int leaderId = -1;
    private int highestTerm;
    private int leaderCommit;
    private int slotCount;
    private IReadOnlyList<IReadOnlyList<int>>? partition;
    private int lossPercent;
    private CollectorView? collector;
    private Link.LinkCounters? monitorLink;
    private DateTimeOffset collectorAt;
    private Shape shape;
    private Shape committedShape;

    public ClusterState(int boardCount, int serverNode, string mode, int slotCount, TimeProvider clock, TimeSpan offlineAfter)
    {
        if (boardCount < 1) throw new ArgumentOutOfRangeException(nameof(boardCount), "a cluster has at least one board");
        if (serverNode < 0 || serverNode >= boardCount) throw new ArgumentOutOfRangeException(nameof(serverNode), "the server node must be one of the boards");
        ArgumentNullException.ThrowIfNull(clock);
        BoardCount = boardCount;
        ServerNode = serverNode;
        Mode = mode;
        this.slotCount = slotCount;
        this.clock = clock;
        this.offlineAfter = offlineAfter;
        for (int i = 0; i < boardCount; i++) boards[i] = new BoardSlot();
        shape = new Shape(0, Enumerable.Range(0, boardCount).ToArray(), Array.Empty<int>(), false);
        committedShape = shape;
        ClockOrigin = clock.GetUtcNow();
    }

    /// <summary>
    /// Raised, under the state's lock, for each input from outside the reports (a timeline line, a crash or restart,
    /// a partition, a loss setting, a tracked joiner): the live recorder keeps them so the past can be rebuilt.
    /// </summary>
    public event Action<RaftEsp.Recording.RecordBody>? InputTaken;

    /// <summary>When monitor time 0 was (snapshots say <see cref="ClusterSnapshot.ClockMs"/> since then); the construction time unless set.</summary>
    public DateTimeOffset ClockOrigin { get; set; }

    /// <summary>Number of founding boards, server node included (not counting the collector): ids 0..BoardCount-1.</summary>
    public int BoardCount { get; }

    /// <summary>Every board the monitor knows of (founders, joiners, removed ones), by id.</summary>
    public IReadOnlyList<int> KnownBoards
    {
        get { lock (gate) return boards.Keys.ToArray(); }
    }

    /// <summary>What board <paramref name="node"/> is to the configuration the leader acts on: voter, learner, or null.</summary>
    public string? MemberKind(int node)
    {
        lock (gate)
        {
            if (shape.Voters.Contains(node)) return MemberKinds.Voter;
            return shape.Learners.Contains(node) ? MemberKinds.Learner : null;
        }
    }

    /// <summary>Whether the configuration the leader acts on is not committed yet.</summary>
    public bool ChangePending
    {
        get { lock (gate) return shape.Pending; }
    }

    /// <summary>Starts tracking board <paramref name="node"/> (a joiner the monitor starts): its reports are taken in.</summary>
    public void Track(int node)
    {
        if (!RaftEsp.Core.NodeId.IsValid(node)) throw new ArgumentOutOfRangeException(nameof(node), node, "not a node id");
        lock (gate)
        {
            if (boards.TryGetValue(node, out BoardSlot? known))
            {
                known.Forget();
            }
            else
            {
                boards[node] = new BoardSlot();
            }

            InputTaken?.Invoke(new RaftEsp.Recording.TrackRecord(node));
            Bump();
        }
    }

    /// <summary>The board that takes client commands (board 0 in the classic plan).</summary>
    public int ServerNode { get; }

    /// <summary>"virtual" (the monitor runs the cluster) or "collector" (a real collector over UDP).</summary>
    public string Mode { get; }

    /// <summary>Database slots, learnt from the boards' reports.</summary>
    public int SlotCount
    {
        get { lock (gate) return slotCount; }
    }

    /// <summary>Bumped on every change.</summary>
    public long Version
    {
        get { lock (gate) return version; }
    }

    /// <summary>The board currently leading, or -1.</summary>
    public int LeaderId
    {
        get { lock (gate) return leaderId; }
    }

    /// <summary>
    /// Takes in one board report. Reports from unknown boards are ignored and answered false, unless the board says it
    /// waits to join or the configuration names it (a board the collector discovered).
    /// </summary>
    public bool Apply(BoardReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (!RaftEsp.Core.NodeId.IsValid(report.Node)) return false;
        lock (gate)
        {
            DateTimeOffset now = clock.GetUtcNow();
            if (!boards.TryGetValue(report.Node, out BoardSlot? slot))
            {
                bool named = shape.Voters.Contains(report.Node) || shape.Learners.Contains(report.Node);
                if (!named && report.Membership?.WaitingToJoin != true) return false;
                slot = new BoardSlot();
                boards[report.Node] = slot;
                if (!named) AddEvent(TimelineKinds.Membership, report.Node, $"board {report.Node} is waiting to join");
            }

            if (slot.Crashed) return false;
            bool wasOnline = slot.IsOnline(now, offlineAfter);
            slot.LastAt = now;
            slot.CollectorOnline = report.Online;
            if (report.HasState)
            {
                if (slot.Last != null && slot.StateAt != null)
                {
                    double seconds = (now - slot.StateAt.Value).TotalSeconds;
                    long frames = report.FramesSent + report.FramesReceived - slot.Last.FramesSent - slot.Last.FramesReceived;
                    // A board that restarted counts from zero again; a negative difference is that, not negative traffic.
                    slot.FramesPerSecond = seconds > 0 && frames >= 0 ? frames / seconds : 0;
                }

                slot.Last = report;
                slot.StateAt = now;
                if (report.Database.Count > 0) slotCount = report.Database.Count;
                if (report.Term > highestTerm)
                {
                    AddEvent(TimelineKinds.Election, report.Node, $"term {report.Term} began (first seen on board {report.Node}, {Describe(report.Role)})");
                    highestTerm = report.Term;
                }
            }

            bool online = slot.IsOnline(now, offlineAfter);
            if (online && !wasOnline && slot.EverOnline) AddEvent(TimelineKinds.Board, report.Node, $"board {report.Node} is back online");
            if (!online && slot.ShownOnline) AddEvent(TimelineKinds.Board, report.Node, $"board {report.Node} stopped answering the collector");
            slot.EverOnline |= online;
            slot.ShownOnline = online;
            RecomputeLeader(now);
            if (report.HasState && report.Membership is { } m && !m.WaitingToJoin && !m.Removed) TakeShape(report.Node, m);
            Bump();
            return true;
        }
    }

    /// <summary>Marks boards offline whose reports stopped; called on a timer. True when anything changed.</summary>
    public bool Sweep()
    {
        lock (gate)
        {
            DateTimeOffset now = clock.GetUtcNow();
            bool any = false;
            foreach ((int i, BoardSlot slot) in boards)
            {
                bool online = slot.IsOnline(now, offlineAfter);
                // A board removed from the configuration (its process stopped) leaves quietly: the removal said it all.
                if (slot.ShownOnline && !online && KindOf(i, slot, now) != MemberKinds.Removed)
                {
                    AddEvent(TimelineKinds.Board, i, $"board {i} went silent (no status for {offlineAfter.TotalSeconds:0.#} s)");
                    any = true;
                }

                slot.ShownOnline = online;
            }

            if (RecomputeLeader(now)) any = true;
            bool collectorOnline = collector != null && now - collectorAt <= offlineAfter;
            if (collector != null && collector.Online && !collectorOnline)
            {
                collector = collector with { Online = false };
                AddEvent(TimelineKinds.Board, -1, $"the collector went silent (no stats for {offlineAfter.TotalSeconds:0.#} s)");
                any = true;
            }

            if (any) Bump();
            return any;
        }
    }

    /// <summary>Records that board <paramref name="node"/> was crashed (true) or restarted (false) on purpose.</summary>
    public void SetCrashed(int node, bool crashed)
    {
        lock (gate)
        {
            if (!boards.TryGetValue(node, out BoardSlot? slot)) return;
            InputTaken?.Invoke(new RaftEsp.Recording.CrashRecord(node, crashed));
            slot.Crashed = crashed;
            slot.ShownOnline = false;
            if (crashed)
            {
                slot.LastAt = null;
                slot.StateAt = null;
                slot.CollectorOnline = false;
            }

            RecomputeLeader(clock.GetUtcNow());
            Bump();
        }
    }

    /// <summary>Takes in the collector's own counters (its stats datagram).</summary>
    public void SetCollector(Link.CollectorReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        lock (gate)
        {
            bool wasOnline = collector != null && clock.GetUtcNow() - collectorAt <= offlineAfter;
            collectorAt = clock.GetUtcNow();
            collector = new CollectorView(report.CollectorId, true, report.UptimeSeconds, report.PollsSent, report.ReportsReceived, report.PollTimeouts,
                report.CommandsRelayed, report.ResultsRelayed, report.RadioFramesHeard, report.RadioFramesDropped, report.DatagramsReceived,
                report.DatagramsDropped, report.ChallengesSent, report.SessionsOpened, report.DatagramDrops);
            if (!wasOnline) AddEvent(TimelineKinds.Board, -1, $"collector {report.CollectorId} is talking to the monitor");
            Bump();
        }
    }

    /// <summary>Takes in the monitor's own end of the link; a change of state goes to the timeline.</summary>
    public void SetMonitorLink(Link.LinkCounters counters)
    {
        ArgumentNullException.ThrowIfNull(counters);
        lock (gate)
        {
            string? before = monitorLink?.State;
            monitorLink = counters;
            if (before != counters.State)
            {
                if (counters.State == Link.LinkStates.Attached) AddEvent(TimelineKinds.Board, -1, $"the monitor opened session {counters.SessionsOpened} with the collector");
                else if (before == Link.LinkStates.Attached) AddEvent(TimelineKinds.Board, -1, "no datagram of the session lately: the monitor is handshaking again");
            }

            Bump();
        }
    }

    /// <summary>Records the radio partition now in force (null: none).</summary>
    public void SetPartition(IReadOnlyList<IReadOnlyList<int>>? groups)
    {
        lock (gate)
        {
            partition = groups;
            InputTaken?.Invoke(new RaftEsp.Recording.PartitionRecord(groups));
            Bump();
        }
    }

    /// <summary>Records the radio loss now in force, percent.</summary>
    public void SetLoss(int percent)
    {
        lock (gate)
        {
            lossPercent = percent;
            InputTaken?.Invoke(new RaftEsp.Recording.LossRecord(percent));
            Bump();
        }
    }

    /// <summary>Adds a timeline event (faults and commands come from outside the reports).</summary>
    public void Record(string kind, int node, string text)
    {
        lock (gate)
        {
            AddEvent(kind, node, text);
            InputTaken?.Invoke(new RaftEsp.Recording.TimelineRecord(kind, node, text));
            Bump();
        }
    }

    /// <summary>Completes when <see cref="Version"/> moves past <paramref name="seenVersion"/>.</summary>
    public Task WaitForChangeAsync(long seenVersion, CancellationToken cancel)
    {
        Task signal;
        lock (gate)
        {
            if (version != seenVersion) return Task.CompletedTask;
            signal = changed.Task;
        }

        return signal.WaitAsync(cancel);
    }

    /// <summary>An immutable picture of the cluster now.</summary>
    public ClusterSnapshot Snapshot()
    {
        lock (gate)
        {
            DateTimeOffset now = clock.GetUtcNow();
            IReadOnlyList<int>? leaderDb = leaderId >= 0 ? boards[leaderId].Last?.Database : null;
            var views = new List<BoardView>(boards.Count);
            var waiting = new List<int>();
            foreach ((int i, BoardSlot slot) in boards)
            {
                string kind = KindOf(i, slot, now);
                if (kind == MemberKinds.Removed) continue; // the picture shrinks: a removed board is no part of the cluster
                if (kind == MemberKinds.Waiting) waiting.Add(i);
                views.Add(View(i, now, leaderDb, kind));
            }

            int term = leaderId >= 0 ? boards[leaderId].Last?.Term ?? highestTerm : highestTerm;
            CollectorView? link = collector == null ? null : collector with { Online = now - collectorAt <= offlineAfter };
            var faults = new List<string>();
            if (partition != null) faults.Add("partition " + string.Join(" | ", partition.Select(g => "{" + string.Join(",", g) + "}")));
            if (lossPercent > 0) faults.Add($"radio loss {lossPercent}%");
            string? summary = faults.Count > 0 ? string.Join("; ", faults) : null;
            return new ClusterSnapshot(version, Mode, ServerNode, leaderId, term, slotCount, views, timeline.ToArray(), summary, partition, lossPercent, link, monitorLink,
                shape.Voters, shape.Learners, shape.Index, shape.Pending, shape.Pending ? Changes(committedShape, shape, "; ") : null, waiting)
            {
                ClockMs = (long)Math.Floor((now - ClockOrigin).TotalMilliseconds),
            };
        }
    }

    /// <summary>
    /// Makes this state a copy of <paramref name="other"/> (history: a checkpoint restored, or the replay's shown state
    /// moved back); its own clock and listeners stay. Reports and timeline lines are immutable and shared. The founding
    /// boards, server node and mode must match.
    /// </summary>
    internal void CopyFrom(ClusterState other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.BoardCount != BoardCount || other.ServerNode != ServerNode) throw new ArgumentException("another cluster's state", nameof(other));
        lock (other.gate)
        {
            lock (gate)
            {
                boards.Clear();
                foreach ((int id, BoardSlot slot) in other.boards) boards[id] = slot.Copy();
                timeline.Clear();
                foreach (TimelineEvent e in other.timeline) timeline.AddLast(e);
                eventSequence = other.eventSequence;
                leaderId = other.leaderId;
                highestTerm = other.highestTerm;
                leaderCommit = other.leaderCommit;
                slotCount = other.slotCount;
                partition = other.partition;
                lossPercent = other.lossPercent;
                collector = other.collector;
                monitorLink = other.monitorLink;
                collectorAt = other.collectorAt;
                shape = other.shape;
                committedShape = other.committedShape;
                ClockOrigin = other.ClockOrigin;
                Bump();
            }
        }
    }

    /// <summary>
    /// What board <paramref name="id"/> is: a voter or learner of the configuration; waiting to join while it says so
    /// (and is not named yet); else removed (shown no more), except a board still pending start.
    /// </summary>
    private string KindOf(int id, BoardSlot slot, DateTimeOffset now)
    {
        if (shape.Voters.Contains(id)) return MemberKinds.Voter;
        if (shape.Learners.Contains(id)) return MemberKinds.Learner;
        MembershipView? m = slot.Last?.Membership;
        if (m != null && m.WaitingToJoin && !m.Removed && slot.IsOnline(now, offlineAfter)) return MemberKinds.Waiting;
        return MemberKinds.Removed;
    }

    /// <summary>
    /// Takes in the configuration a board reports: while a leader is known only the leader's (it may have dropped an
    /// uncommitted entry of an old leader that a follower still holds), else the newest. Every difference goes to the
    /// timeline.
    /// </summary>
    private void TakeShape(int node, MembershipView m)
    {
        var next = new Shape(m.ConfigurationIndex, m.Voters.Order().ToArray(), m.Learners.Order().ToArray(), m.ChangePending);
        if (leaderId >= 0 ? node != leaderId : next.Index <= shape.Index) return;
        if (next.SameAs(shape)) return;
        Shape before = shape;
        shape = next;
        if (next.Index != before.Index || !next.Members.SequenceEqual(before.Members) || !next.Voters.SequenceEqual(before.Voters))
        {
            foreach (int id in before.Members.Union(next.Members).Order())
            {
                foreach (string text in Change(before, next, id))
                {
                    AddEvent(TimelineKinds.Membership, id, $"{text} (configuration index {next.Index}{(next.Pending ? ", not committed yet" : "")})");
                }
            }

            foreach (int id in next.Members)
            {
                if (!boards.ContainsKey(id)) boards[id] = new BoardSlot();
            }
        }

        if (!next.Pending)
        {
            if (before.Pending || next.Index != committedShape.Index)
            {
                AddEvent(TimelineKinds.Membership, -1, $"configuration at index {next.Index} committed: voters {{{string.Join(",", next.Voters)}}}" +
                    (next.Learners.Length > 0 ? $", learners {{{string.Join(",", next.Learners)}}}" : ""));
            }

            committedShape = next;
        }
    }

    /// <summary>
    /// What happened to board <paramref name="id"/> between two configurations. A board becomes a voter only as a
    /// learner that caught up (AddLearner, then PromoteLearner, §4.2.1), so a jump from nothing to voter between two
    /// reports is both steps.
    /// </summary>
    private static IEnumerable<string> Change(Shape before, Shape after, int id)
    {
        bool wasVoter = before.Voters.Contains(id), wasLearner = before.Learners.Contains(id);
        bool isVoter = after.Voters.Contains(id), isLearner = after.Learners.Contains(id);
        if ((isLearner || isVoter) && !wasVoter && !wasLearner) yield return $"board {id} added as a learner";
        if (isVoter && !wasVoter) yield return $"board {id} caught up and was promoted to voter";
        if (isLearner && wasVoter) yield return $"board {id} became a learner";
        if (!isVoter && !isLearner && (wasVoter || wasLearner)) yield return $"board {id} removed from the configuration";
    }

    /// <summary>The changes from one configuration to the next, as text ("add learner 5; remove 3").</summary>
    private static string Changes(Shape before, Shape after, string separator)
    {
        var parts = new List<string>();
        foreach (int id in before.Members.Union(after.Members).Order())
        {
            bool wasVoter = before.Voters.Contains(id), wasLearner = before.Learners.Contains(id);
            bool isVoter = after.Voters.Contains(id), isLearner = after.Learners.Contains(id);
            if (isLearner && !wasLearner && !wasVoter) parts.Add($"add board {id} as a learner");
            else if (isVoter && wasLearner) parts.Add($"promote board {id} to voter");
            else if (isVoter && !wasVoter) parts.Add($"add board {id} as a learner and promote it");
            else if (!isVoter && !isLearner && (wasVoter || wasLearner)) parts.Add($"remove board {id}");
        }

        return parts.Count == 0 ? $"configuration index {after.Index}" : string.Join(separator, parts);
    }

    private BoardView View(int id, DateTimeOffset now, IReadOnlyList<int>? leaderDb, string membership)
    {
        BoardSlot slot = boards[id];
        BoardReport? r = slot.Last;
        bool online = slot.IsOnline(now, offlineAfter);
        IReadOnlyList<int> db = r?.Database ?? new int[slotCount];
        var differs = new List<int>();
        if (leaderDb != null && id != leaderId)
        {
            for (int s = 0; s < Math.Max(db.Count, leaderDb.Count); s++)
            {
                if (s >= db.Count || s >= leaderDb.Count || db[s] != leaderDb[s]) differs.Add(s);
            }
        }

        double age = slot.StateAt == null ? -1 : Math.Round((now - slot.StateAt.Value).TotalSeconds, 2);
        RaftTimers timers = r?.Timers ?? RaftTimers.None;
        return new BoardView(
            id,
            slot.Crashed ? "Crashed" : r?.Fault != null ? "Stopped" : r?.Role ?? "Unknown",
            id == ServerNode,
            id == leaderId,
            r?.Term ?? 0,
            r?.CommitIndex ?? 0,
            r?.AppliedIndex ?? 0,
            r?.LastIndex ?? 0,
            online,
            r != null,
            db,
            differs,
            r?.LastEntries ?? Array.Empty<LogEntryView>(),
            online ? Math.Round(slot.FramesPerSecond, 1) : 0,
            r?.FramesSent ?? 0,
            r?.FramesReceived ?? 0,
            age,
            r?.Fault,
            membership,
            r?.SnapshotIndex ?? 0,
            timers.TickMs,
            timers.ElectionElapsedMs,
            timers.ElectionTimeoutMs,
            timers.HeartbeatIntervalMs,
            timers.HeartbeatElapsedMs,
            timers.Progress);
    }

    private bool RecomputeLeader(DateTimeOffset now)
    {
        int best = -1;
        int bestTerm = -1;
        foreach ((int i, BoardSlot slot) in boards)
        {
            BoardReport? r = slot.Last;
            if (r == null || r.Role != "Leader" || !slot.IsOnline(now, offlineAfter)) continue;
            if (r.Term > bestTerm)
            {
                best = i;
                bestTerm = r.Term;
            }
        }

        if (best == leaderId)
        {
            if (best >= 0) NoteCommit(boards[best].Last!);
            return false;
        }

        if (best >= 0)
        {
            AddEvent(TimelineKinds.Leader, best, $"board {best} leads term {bestTerm}");
            leaderCommit = boards[best].Last!.CommitIndex;
        }
        else
        {
            AddEvent(TimelineKinds.Leader, leaderId, $"no leader (board {leaderId} stopped leading or went silent)");
        }

        leaderId = best;
        return true;
    }

    private void NoteCommit(BoardReport leader)
    {
        if (leader.CommitIndex <= leaderCommit) return;
        string text = leader.CommitIndex == leaderCommit + 1
            ? $"committed index {leader.CommitIndex}"
            : $"committed indexes {leaderCommit + 1}..{leader.CommitIndex}";
        leaderCommit = leader.CommitIndex;
        // Commits come in steady streams; consecutive ones share one timeline line so they do not drown the rest.
        if (timeline.Last != null && timeline.Last.Value.Kind == TimelineKinds.Commit)
        {
            TimelineEvent last = timeline.Last.Value;
            string first = last.Text.StartsWith("committed index ", StringComparison.Ordinal)
                ? last.Text["committed index ".Length..]
                : last.Text["committed indexes ".Length..].Split("..")[0];
            timeline.RemoveLast();
            text = $"committed indexes {first}..{leader.CommitIndex}";
        }

        AddEvent(TimelineKinds.Commit, leader.Node, text);
    }

    private void AddEvent(string kind, int node, string text)
    {
        timeline.AddLast(new TimelineEvent(++eventSequence, clock.GetUtcNow(), kind, node, text));
        while (timeline.Count > TimelineCapacity) timeline.RemoveFirst();
    }

    private void Bump()
    {
        version++;
        TaskCompletionSource done = changed;
        changed = NewSignal();
        done.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static string Describe(string role) => role switch
    {
        "Leader" => "leader",
        "Candidate" => "a candidate",
        "PreCandidate" => "a pre-candidate",
        _ => "a follower",
    };

    private sealed class BoardSlot
    {
        public BoardReport? Last;
        public DateTimeOffset? LastAt;
        public DateTimeOffset? StateAt;
        public bool CollectorOnline;
        public double FramesPerSecond;
        public bool Crashed;
        public bool EverOnline;
        public bool ShownOnline;

        // One unanswered poll (a lost frame) must not make a board flap: a board is online while its last report is
        // recent, and the collector's "not online" only stops the refreshes.
        public bool IsOnline(DateTimeOffset now, TimeSpan window) =>
            !Crashed && StateAt != null && now - StateAt.Value <= window;

        public BoardSlot Copy() => (BoardSlot)MemberwiseClone();

        /// <summary>A fresh board under an old id (a replacement with an empty flash): nothing of the old one counts.</summary>
        public void Forget()
        {
            Last = null;
            LastAt = null;
            StateAt = null;
            CollectorOnline = false;
            FramesPerSecond = 0;
            Crashed = false;
            EverOnline = false;
            ShownOnline = false;
        }
    }

    /// <summary>One configuration: its entry's index, voters and learners (sorted), and whether it is uncommitted.</summary>
    private sealed record Shape(int Index, int[] Voters, int[] Learners, bool Pending)
    {
        public IEnumerable<int> Members => Voters.Concat(Learners).Order();

        public bool SameAs(Shape other) => Index == other.Index && Pending == other.Pending &&
            Voters.SequenceEqual(other.Voters) && Learners.SequenceEqual(other.Learners);
    }
}
