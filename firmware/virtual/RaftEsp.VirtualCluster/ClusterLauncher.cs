using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using RaftEsp.Apps;
using RaftEsp.Ether;
using RaftEsp.Host;

namespace RaftEsp.VirtualCluster;

/// <summary>
/// A virtual RaftEsp cluster on this PC (docs/virtual-boards.md): the ether process (the radio), one raftesp-board
/// process per board, and a raftesp-collector process bridging to the desktop over UDP on 127.0.0.1. Used by the
/// process-level tests and by the desktop monitor's default mode.
/// <code>
/// using var cluster = new ClusterLauncher(new VirtualClusterOptions { Boards = 5 });
/// cluster.Start();                 // ether, boards, collector; returns when all report ready
/// send DesktopProtocol datagrams to cluster.CollectorEndPoint, keyed with cluster.ClusterKey / cluster.ClusterId
/// cluster.CrashBoard(2);           // kill -9
/// cluster.RestartBoard(2);         // same data directory: it comes back with its durable state
/// cluster.Partition("0,1-2,3,4"); cluster.Heal(); cluster.SetLoss(10); cluster.Isolate(3);
/// cluster.StartJoiner(5);          // a new board with a fresh flash that boots with --join and waits to be added
/// cluster.StopBoard(5);            // its process ends (after the cluster removed it)
/// </code>
/// Dispose kills every child. Children also exit by themselves when this process dies (their stdin watchdog).
/// </summary>
public sealed class ClusterLauncher : IDisposable
{
    private readonly VirtualClusterOptions options;
    private readonly Lock gate = new();
    private readonly SortedDictionary<int, BoardSlot> boards = new();
    private readonly List<int> allPids = new();
    private readonly bool ownsWorkDirectory;
    private readonly Action<string> output;
    private ChildProcess? ether;
    private ChildProcess? collector;
    private IPEndPoint? etherRadio;
    private IPEndPoint? etherControl;
    private IPEndPoint? collectorEndPoint;
    private bool disposed;

    public ClusterLauncher(VirtualClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Boards < 1 || options.Boards > RaftEsp.Core.Config.MaxClusterSize)
            throw new ArgumentOutOfRangeException(nameof(options), $"Boards must be 1-{RaftEsp.Core.Config.MaxClusterSize}");
        if (options.ServerNode < 0 || options.ServerNode >= options.Boards)
            throw new ArgumentOutOfRangeException(nameof(options), "ServerNode must be one of the boards (0..Boards-1)");
        if (options.CollectorId < options.Boards || options.CollectorId > RaftEsp.Core.NodeId.MaxId)
            throw new ArgumentOutOfRangeException(nameof(options), $"CollectorId must be {options.Boards}-254 (not a board's id)");
        if (options.MaxMembers != 0 && (options.MaxMembers < options.Boards || options.MaxMembers > RaftEsp.Core.Config.MaxClusterSize))
            throw new ArgumentOutOfRangeException(nameof(options), $"MaxMembers must be 0 (the default) or {options.Boards}-{RaftEsp.Core.Config.MaxClusterSize}");
        if (options.ClusterKey != null && options.ClusterKey.Length != 16)
            throw new ArgumentException("ClusterKey must be 16 bytes", nameof(options));
        this.options = options;
        output = options.Output ?? (_ => { });
        for (int n = 0; n < options.Boards; n++) boards[n] = new BoardSlot(joiner: false);
        ClusterKey = options.ClusterKey ?? RandomNumberGenerator.GetBytes(16);
        EtherSeed = options.EtherSeed ?? Random.Shared.Next();
        ownsWorkDirectory = options.WorkDirectory == null;
        WorkDirectory = Path.GetFullPath(options.WorkDirectory ??
            Path.Combine(Path.GetTempPath(), "raftesp-cluster-" + Guid.NewGuid().ToString("N")[..12]));
    }

    /// <summary>The cluster key every board, the collector and the desktop share.</summary>
    public byte[] ClusterKey { get; }

    /// <summary>
    /// The key that tags the ether's mirror datagrams (docs/virtual-boards.md, "The mirror"): fresh for each launch
    /// and given to the ether in its environment, so only this launcher's owner can read the frames it mirrors or
    /// feed fake ones; the ether never holds the cluster key.
    /// </summary>
    public byte[] MirrorKey { get; } = RandomNumberGenerator.GetBytes(16);

    /// <summary>The cluster id.</summary>
    public int ClusterId => options.ClusterId;

    /// <summary>The ether's seed: quote it when reporting a failure.</summary>
    public int EtherSeed { get; }

    /// <summary>Where configs and data directories live.</summary>
    public string WorkDirectory { get; }

    /// <summary>Number of founding boards; their node ids are 0..BoardCount-1 (joiners come on top).</summary>
    public int BoardCount => options.Boards;

    /// <summary>
    /// The most voters and learners the cluster may hold (every board gets the same <c>--max-members</c>):
    /// <see cref="VirtualClusterOptions.MaxMembers"/>, or the core's default, the founders plus two.
    /// </summary>
    public int MemberCapacity => options.MaxMembers != 0 ? options.MaxMembers : Math.Min(options.Boards + 2, RaftEsp.Core.Config.MaxClusterSize);

    /// <summary>The server node's id.</summary>
    public int ServerNode => options.ServerNode;

    /// <summary>The collector's node id.</summary>
    public int CollectorId => options.CollectorId;

    /// <summary>Where the desktop sends datagrams (docs/protocol.md); known after <see cref="Start"/>.</summary>
    public IPEndPoint CollectorEndPoint => collectorEndPoint ?? throw new InvalidOperationException("the cluster is not started");

    /// <summary>The ether's text control port (docs/virtual-boards.md); known after <see cref="Start"/>.</summary>
    public IPEndPoint EtherControlEndPoint => etherControl ?? throw new InvalidOperationException("the cluster is not started");

    /// <summary>The state of every board's process, founders first (ids 0..BoardCount-1), then joiners, by id.</summary>
    public IReadOnlyList<BoardProcessState> Boards
    {
        get
        {
            lock (gate)
            {
                var list = new List<BoardProcessState>(boards.Count);
                foreach ((int n, BoardSlot b) in boards)
                {
                    list.Add(new BoardProcessState(n, n == options.ServerNode, b.Process?.Running ?? false, b.LastPid, b.Starts, b.Process?.ExitCode, DataDirectory(n), b.Joiner));
                }

                return list;
            }
        }
    }

    /// <summary>Whether board <paramref name="node"/>'s process is alive (false for a board never started).</summary>
    public bool IsRunning(int node)
    {
        lock (gate) return boards.TryGetValue(node, out BoardSlot? b) && (b.Process?.Running ?? false);
    }

    /// <summary>The process ids of every child started so far (ether, boards including restarted ones, collector).</summary>
    public IReadOnlyList<int> ChildPids
    {
        get
        {
            lock (gate) return allPids.ToList();
        }
    }

    /// <summary>Whether the collector's process is alive.</summary>
    public bool CollectorRunning
    {
        get
        {
            lock (gate) return collector?.Running ?? false;
        }
    }

    /// <summary>Starts the ether, every board and the collector, and waits until each reports ready.</summary>
    public void Start()
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (ether != null) throw new InvalidOperationException("the cluster is already started");
            Directory.CreateDirectory(WorkDirectory);
            ether = ChildProcess.Start(Program(DotnetHost.EtherProgram),
            [
                "--seed", Text(EtherSeed), "--loss", Text(options.LossPercent), "--delay", Text(options.DelayMillis),
                "--jitter", Text(options.JitterMillis),
            ], "ether", output, new Dictionary<string, string> { [RaftEsp.Ether.EtherMirror.KeyVariable] = Convert.ToHexString(MirrorKey) });
            allPids.Add(ether.Pid);
            string line = ether.WaitReady(options.StartTimeout);
            etherRadio = ReadyValue(line, "radio");
            etherControl = ReadyValue(line, "control");
            foreach (int n in boards.Keys) StartBoardLocked(n, wait: false);
            foreach (BoardSlot b in boards.Values) b.Process!.WaitReady(options.StartTimeout);
            string configPath = WriteConfig(options.CollectorId);
            var collectorArguments = new List<string>
            {
                "--config", configPath, "--ether", etherRadio.ToString(), "--listen", "127.0.0.1:" + Text(options.CollectorPort),
                "--data-dir", DataDirectory(options.CollectorId),
            };
            if (options.CollectorSniffs) collectorArguments.Add("--sniff");
            collector = ChildProcess.Start(Program(DotnetHost.CollectorProgram), collectorArguments, "collector", output);
            allPids.Add(collector.Pid);
            collectorEndPoint = ReadyValue(collector.WaitReady(options.StartTimeout), "listen");
        }
    }

    /// <summary>kill -9 of board <paramref name="node"/>: no flush, no goodbye, like pulling its power.</summary>
    public void CrashBoard(int node)
    {
        lock (gate) Board(node).Kill();
    }

    /// <summary>Starts board <paramref name="node"/> again on its data directory (killing it first if it runs).</summary>
    public void RestartBoard(int node)
    {
        lock (gate)
        {
            ChildProcess old = Board(node);
            old.Dispose();
            StartBoardLocked(node, wait: true);
        }
    }

    /// <summary>
    /// Starts board <paramref name="node"/> as a joiner (docs/flashing.md, "Adding a board"): the same cluster key and
    /// founders list as the others, a fresh data directory (whatever an earlier board of that id left is deleted: a
    /// freshly flashed board), <c>--join</c> and the cluster's <c>--max-members</c>. It boots as a non-member, waits
    /// to be added by the leader, and is restarted with the same flags. Returns when it reports ready.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">the id is no node id, or the collector's</exception>
    /// <exception cref="InvalidOperationException">the cluster is not started, or a process of that id runs</exception>
    public void StartJoiner(int node)
    {
        if (CheckJoiner(node) is { } problem) throw new ArgumentOutOfRangeException(nameof(node), node, problem);
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (etherRadio == null) throw new InvalidOperationException("the cluster is not started");
            if (boards.TryGetValue(node, out BoardSlot? old))
            {
                if (old.Process?.Running ?? false) throw new InvalidOperationException($"board {node} is running; stop it first");
                old.Process?.Dispose();
            }

            DeleteQuietly(DataDirectory(node));
            boards[node] = new BoardSlot(joiner: true) { Starts = old?.Starts ?? 0 };
            StartBoardLocked(node, wait: true);
        }
    }

    /// <summary>Why <paramref name="node"/> cannot be a joiner's id (not a node id, or the collector's), or null.</summary>
    public string? CheckJoiner(int node)
    {
        if (!RaftEsp.Core.NodeId.IsValid(node)) return $"a board's id is 0-{RaftEsp.Core.NodeId.MaxId}, not {Text(node)}";
        if (node == options.CollectorId) return $"{Text(node)} is the collector's id";
        return null;
    }

    /// <summary>Ends board <paramref name="node"/>'s process (kill -9; its flash stays) if it runs; a board that was removed from the cluster.</summary>
    public void StopBoard(int node)
    {
        lock (gate) Board(node).Kill();
    }

    /// <summary>Splits the radio into groups, written <c>0,1-2,3,4</c>; the collector (in no group) hears all.</summary>
    public string Partition(string groups) => EtherCommand("partition " + groups);

    /// <summary>Splits the radio into the given groups of node ids (at least two groups).</summary>
    public string Partition(IEnumerable<IEnumerable<int>> groups) =>
        Partition(PartitionSyntax.Format(groups));

    /// <summary>Removes the partition and every isolation.</summary>
    public string Heal() => EtherCommand("heal");

    /// <summary>Sets the loss of every radio link, percent.</summary>
    public string SetLoss(double percent) => EtherCommand("loss " + Text(percent));

    /// <summary>Cuts board <paramref name="node"/> off the radio (it neither hears nor is heard) until <see cref="Heal"/>.</summary>
    public string Isolate(int node) => EtherCommand("isolate " + Text(node));

    /// <summary>The ether's counters (frames, deliveries, drops per reason).</summary>
    public string EtherStats() => EtherCommand("stats");

    /// <summary>Sends one control command to the ether and returns its answer; throws when the ether refuses it.</summary>
    public string EtherCommand(string command)
    {
        IPEndPoint target = EtherControlEndPoint;
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.ReceiveTimeout = 1000;
        byte[] request = Encoding.UTF8.GetBytes(command);
        byte[] answer = new byte[4096];
        for (int attempt = 0; attempt < 5; attempt++)
        {
            socket.SendTo(request, target);
            try
            {
                int n = socket.Receive(answer);
                string line = Encoding.UTF8.GetString(answer, 0, n).TrimEnd('\n');
                if (!line.StartsWith("ok", StringComparison.Ordinal)) throw new InvalidOperationException($"the ether refused '{command}': {line}");
                return line;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut || e.SocketErrorCode == SocketError.WouldBlock)
            {
                // loopback UDP hardly loses anything, but the ether may be busy: ask again
            }
        }

        throw new TimeoutException($"the ether did not answer '{command}' (is it running? {EtherDescription()})");
    }

    /// <summary>The last lines board <paramref name="node"/> printed (for failure messages).</summary>
    public string BoardOutput(int node)
    {
        lock (gate) return boards.TryGetValue(node, out BoardSlot? b) ? b.Process?.RecentOutput() ?? "" : "";
    }

    /// <summary>The last lines the collector printed.</summary>
    public string CollectorOutput()
    {
        lock (gate) return collector?.RecentOutput() ?? "";
    }

    /// <summary>Kills every child and, if the work directory was made here, deletes it.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            if (disposed) return;
            disposed = true;
            collector?.Dispose();
            foreach (BoardSlot b in boards.Values) b.Process?.Dispose();
            ether?.Dispose();
        }

        if (ownsWorkDirectory) DeleteQuietly(WorkDirectory);
    }

    /// <summary>The data directory (flash) of board <paramref name="node"/>.</summary>
    public string DataDirectory(int node) => Path.Combine(WorkDirectory, "board-" + Text(node));

    private void StartBoardLocked(int node, bool wait)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        BoardSlot slot = boards[node];
        string config = WriteConfig(node);
        var arguments = new List<string> { "--config", config, "--data-dir", DataDirectory(node), "--ether", etherRadio!.ToString() };
        // The file says it already (as a flashed board's would); the flags say it where a reader of the process list
        // sees it. Every board of one cluster sizes its configuration alike, a joiner too.
        if (slot.Joiner || options.MaxMembers != 0) arguments.AddRange(["--max-members", Text(MemberCapacity)]);
        if (slot.Joiner) arguments.Add("--join");
        ChildProcess child = ChildProcess.Start(Program(DotnetHost.BoardProgram), arguments, "board " + Text(node), output);
        slot.Process = child;
        slot.Starts++;
        slot.LastPid = child.Pid;
        allPids.Add(child.Pid);
        if (wait) child.WaitReady(options.StartTimeout);
    }

    /// <summary>Writes the board's (or the collector's) configuration file, as a real board would have it on flash.</summary>
    private string WriteConfig(int node)
    {
        var config = new BoardConfig
        {
            NodeId = node,
            Members = Enumerable.Range(0, options.Boards).Select(i => (byte)i).ToArray(),
            ServerNode = options.ServerNode,
            CollectorId = options.CollectorId,
            ClusterId = options.ClusterId,
            ClusterKey = (byte[])ClusterKey.Clone(),
            Seed = unchecked((uint)EtherSeed * 2654435761u + (uint)node + 1),
            DatabaseSlots = options.DatabaseSlots,
            TickMillis = options.TickMillis,
            DesktopHost = "127.0.0.1",
            LedPin = -1,
        };
        if (boards.TryGetValue(node, out BoardSlot? slot) && slot.Joiner)
        {
            // A freshly flashed joiner's file: the founders to contact, join = true, the cluster's capacity.
            config.Join = true;
            config.MaxMembers = MemberCapacity;
        }
        else if (options.MaxMembers != 0)
        {
            config.MaxMembers = options.MaxMembers;
        }

        BoardConfigError error = config.Validate();
        if (error != BoardConfigError.None) throw new InvalidOperationException($"configuration of node {node} is invalid: {error}");
        string path = Path.Combine(WorkDirectory, (node == options.CollectorId ? "collector" : "board-" + Text(node)) + ".conf");
        File.WriteAllText(path, "# written by RaftEsp.VirtualCluster\n" + config.ToText());
        return path;
    }

    private ChildProcess Board(int node)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (!boards.TryGetValue(node, out BoardSlot? b)) throw new ArgumentOutOfRangeException(nameof(node), node, $"no board {node} was started (boards: {string.Join(',', boards.Keys)})");
        return b.Process ?? throw new InvalidOperationException("the cluster is not started");
    }

    /// <summary>One board's process and how it was started.</summary>
    private sealed class BoardSlot(bool joiner)
    {
        public bool Joiner { get; } = joiner;

        public ChildProcess? Process { get; set; }

        public int Starts { get; set; }

        public int LastPid { get; set; }
    }

    private string EtherDescription()
    {
        lock (gate) return ether == null ? "not started" : ether.Running ? "running" : $"exited ({ether.ExitCode}): {ether.RecentOutput()}";
    }

    private static string Program(string dll) => DotnetHost.Program(DotnetHost.ProgramDirectory(), dll);

    /// <summary>Reads <c>key=host:port</c> from a <c>ready ...</c> line.</summary>
    private static IPEndPoint ReadyValue(string line, string key)
    {
        foreach (string word in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!word.StartsWith(key + "=", StringComparison.Ordinal)) continue;
            IPEndPoint? endPoint = UdpSockets.ParseEndPoint(word[(key.Length + 1)..], out string error);
            return endPoint ?? throw new InvalidOperationException($"bad '{key}' in ready line '{line}': {error}");
        }

        throw new InvalidOperationException($"no '{key}=' in ready line '{line}'");
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static void DeleteQuietly(string directory)
    {
        for (int attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
                return;
            }
            catch (IOException)
            {
                Thread.Sleep(100); // a child that was just killed may still hold a file open for a moment
            }
            catch (UnauthorizedAccessException)
            {
                Thread.Sleep(100);
            }
        }
    }
}
