using System.Globalization;
using RaftEsp.Apps;

namespace RaftEsp.Host;

/// <summary>
/// Command-line settings of raftesp-board and raftesp-collector that can replace or override a configuration file.
/// Null means "not given": the file's value, or the default when there is no file.
/// </summary>
public sealed class BoardSettings
{
    /// <summary>Collector id used when neither a file nor <c>--collector-id</c> gives one.</summary>
    public const int DefaultCollectorId = 200;

    public string? ConfigFile { get; set; }
    public int? Node { get; set; }
    public int? Nodes { get; set; }
    public int? ServerNode { get; set; }
    public int? CollectorId { get; set; }
    public int? ClusterId { get; set; }
    public string? ClusterKeyHex { get; set; }
    public uint? Seed { get; set; }
    public int? TickMillis { get; set; }
    public int? DatabaseSlots { get; set; }

    /// <summary><c>--join</c>: the board boots as a joiner (<c>join = true</c>); false leaves the file's value.</summary>
    public bool Join { get; set; }

    /// <summary><c>--max-members N</c>: the cluster's member capacity (<c>max-members</c>).</summary>
    public int? MaxMembers { get; set; }

    /// <summary>
    /// Reads the file (if any), applies the options given, and validates. Returns null and a message naming the
    /// problem (file line, option) when anything is wrong.
    /// </summary>
    public BoardConfig? Build(out string error)
    {
        error = "";
        var config = new BoardConfig();
        if (ConfigFile != null)
        {
            string text;
            try
            {
                text = File.ReadAllText(ConfigFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error = $"--config: cannot read {ConfigFile}: {e.Message}";
                return null;
            }

            BoardConfigError parsed = BoardConfig.Parse(text, config);
            if (parsed != BoardConfigError.None)
            {
                error = $"--config {ConfigFile}: {BoardConfigErrors.Name(parsed)}{(config.ErrorLine > 0 ? " at line " + config.ErrorLine.ToString(CultureInfo.InvariantCulture) : "")}";
                return null;
            }
        }
        else
        {
            config.Members = Members(5);
            config.ServerNode = 0;
            config.CollectorId = DefaultCollectorId;
            config.LedPin = -1;
        }

        if (Node != null) config.NodeId = Node.Value;
        if (Nodes != null)
        {
            if (Nodes < 1 || Nodes > RaftEsp.Core.Config.MaxClusterSize)
            {
                error = $"--nodes must be 1-{RaftEsp.Core.Config.MaxClusterSize}";
                return null;
            }

            config.Members = Members(Nodes.Value);
        }

        if (ServerNode != null) config.ServerNode = ServerNode.Value;
        if (CollectorId != null) config.CollectorId = CollectorId.Value;
        if (ClusterId != null) config.ClusterId = ClusterId.Value;
        if (Seed != null) config.Seed = Seed.Value;
        if (TickMillis != null) config.TickMillis = TickMillis.Value;
        if (DatabaseSlots != null) config.DatabaseSlots = DatabaseSlots.Value;
        if (Join) config.Join = true;
        if (MaxMembers != null) config.MaxMembers = MaxMembers.Value;
        if (ClusterKeyHex != null)
        {
            byte[]? key = ParseKey(ClusterKeyHex);
            if (key == null)
            {
                error = "--cluster-key must be 32 hex digits (16 bytes)";
                return null;
            }

            config.ClusterKey = key;
        }

        BoardConfigError valid = config.Validate();
        if (valid != BoardConfigError.None)
        {
            error = $"invalid configuration: {BoardConfigErrors.Name(valid)} (node {config.NodeId}, members {string.Join(',', config.Members)}, join {(config.Join ? "true" : "false")}, max-members {config.MaxMembers}, server node {config.ServerNode}, collector {config.CollectorId})";
            return null;
        }

        return config;
    }

    /// <summary>A warning for the console when the configuration's cluster key is all zero (the default), else null.</summary>
    public static string? WeakKeyWarning(BoardConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.ClusterKey.Any(b => b != 0)) return null;
        return "warning: the cluster key is all zero: anyone can forge frames and commands. Give --cluster-key (32 hex digits) or cluster-key= in the config file.";
    }

    /// <summary>Parses 32 hex digits into 16 bytes, or null.</summary>
    public static byte[]? ParseKey(string hex)
    {
        if (hex == null || hex.Length != 32) return null;
        try
        {
            return Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static byte[] Members(int count)
    {
        byte[] members = new byte[count];
        for (int i = 0; i < count; i++) members[i] = (byte)i;
        return members;
    }
}
