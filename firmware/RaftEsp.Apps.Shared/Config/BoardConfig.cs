using RaftEsp.Core;

namespace RaftEsp.Apps
{
    /// <summary>
    /// One board's settings, read from a text file of <c>key=value</c> lines (docs/flashing.md lists every key).
    /// A board is a Raft node when its <see cref="NodeId"/> is in <see cref="Members"/> or it <see cref="Join"/>s (the
    /// server node when it equals <see cref="ServerNode"/>), and the collector when it equals <see cref="CollectorId"/>.
    /// </summary>
    public sealed class BoardConfig
    {
        /// <summary>Longest text value (Wi-Fi name, password, host name).</summary>
        public const int MaxTextLength = 64;

        /// <summary>This board's id (0..254).</summary>
        public int NodeId = -1;

        /// <summary>The founding voters' ids: the cluster's first configuration, the same on every board (membership
        /// changes made later live in the replicated log, not here).</summary>
        public byte[] Members = new byte[0];

        /// <summary>This board joins a running cluster: it boots as no member (it need not be in <see cref="Members"/>),
        /// never campaigns, and waits until the leader adds it (the desktop's join command).</summary>
        public bool Join;

        /// <summary>Most voters and learners the cluster may hold (1..16, at least the founders); 0, the default, means
        /// the founders plus two. Every board of a cluster must use the same value.</summary>
        public int MaxMembers;

        /// <summary>The board that takes client commands from the collector.</summary>
        public int ServerNode = -1;

        /// <summary>The collector's id on the radio; never a member.</summary>
        public int CollectorId = -1;

        /// <summary>The cluster's 16-bit id, first check on every frame.</summary>
        public int ClusterId = 1;

        /// <summary>The 16-byte key that tags every radio frame and desktop datagram.</summary>
        public byte[] ClusterKey = new byte[16];

        /// <summary>Seed of the node's election-timeout randomness; 0 derives one from the node id.</summary>
        public uint Seed;

        /// <summary>Database slots (default 5, at most 64).</summary>
        public int DatabaseSlots = 5;

        /// <summary>Client session ids (1..ClientSessions-1 are usable; default 16).</summary>
        public int ClientSessions = 16;

        /// <summary>Milliseconds per Raft tick (default 10: elections after 200-400 ms, heartbeats every 50 ms).</summary>
        public int TickMillis = 10;

        /// <summary>"udp" (the default: UDP broadcast over Wi-Fi, runs on the stock firmware) or "espnow" (a custom firmware with ESP-NOW).</summary>
        public string Radio = "udp";

        /// <summary>Wi-Fi network for the UDP radio and the collector's desktop link.</summary>
        public string WifiSsid = "";

        /// <summary>Wi-Fi password.</summary>
        public string WifiPassword = "";

        /// <summary>Unused since desktop protocol 2 (the monitor opens the session); still parsed so older files load.</summary>
        public string DesktopHost = "";

        /// <summary>The desktop monitor's UDP port (the collector listens on the same port).</summary>
        public int DesktopPort = 5700;

        /// <summary>UDP port of the UDP radio.</summary>
        public int RadioUdpPort = 5701;

        /// <summary>GPIO of the status LED; -1 for none.</summary>
        public int LedPin = 2;

        /// <summary>Collector: pause between one board's answer (or timeout) and the next poll.</summary>
        public int PollGapMillis = 100;

        /// <summary>Collector: a board that has not answered a poll within this time is marked offline.</summary>
        public int PollTimeoutMillis = 300;

        /// <summary>After <see cref="Parse"/> refused a text: the 1-based line at fault, or 0 when no single line is.</summary>
        public int ErrorLine;

        private static readonly string[] Keys =
        {
            "node-id", "members", "server-node", "collector-id", "cluster-id", "cluster-key", "seed", "database-slots",
            "client-sessions", "tick-millis", "radio", "wifi-ssid", "wifi-password", "desktop-host", "desktop-port",
            "radio-udp-port", "led-pin", "poll-gap-millis", "poll-timeout-millis", "join", "max-members",
        };

        private const int RequiredKeys = 4; // node-id, members, server-node, collector-id; cluster-key checked apart
        private const int KeyIndexClusterKey = 5;

        /// <summary>True when this board runs the collector app.</summary>
        public bool IsCollector => NodeId == CollectorId && !IsNode;

        /// <summary>True when this board runs a Raft node: a founding member, or a board that joins.</summary>
        public bool IsNode => Join || IsMember(NodeId);

        /// <summary>True when this board is the server node.</summary>
        public bool IsServer => NodeId == ServerNode && IsMember(NodeId);

        /// <summary>True when <paramref name="id"/> is a voting member.</summary>
        public bool IsMember(int id)
        {
            if (Members == null) return false;
            for (int i = 0; i < Members.Length; i++) if (Members[i] == id) return true;
            return false;
        }

        /// <summary>
        /// Reads <paramref name="text"/> and, only if every line is well formed and the result passes
        /// <see cref="Validate"/>, copies it into <paramref name="into"/>. On an error nothing of <paramref name="into"/>
        /// changes but <see cref="ErrorLine"/>. Blank lines and lines starting with # are ignored.
        /// </summary>
        public static BoardConfigError Parse(string text, BoardConfig into)
        {
            var parsed = new BoardConfig();
            bool[] seen = new bool[Keys.Length];
            int[] lineOf = new int[Keys.Length];
            int lineNumber = 0;
            int start = 0;
            if (text == null) text = "";
            while (start <= text.Length)
            {
                int end = text.IndexOf('\n', start);
                if (end < 0) end = text.Length;
                lineNumber++;
                string line = text.Substring(start, end - start).Trim();
                start = end + 1;
                if (line.Length == 0 || line[0] == '#') continue;
                int eq = line.IndexOf('=');
                if (eq <= 0) return Fail(into, BoardConfigError.MissingEquals, lineNumber);
                string key = line.Substring(0, eq).Trim();
                string value = line.Substring(eq + 1).Trim();
                int k = KeyIndex(key);
                if (k < 0) return Fail(into, BoardConfigError.UnknownKey, lineNumber);
                if (seen[k]) return Fail(into, BoardConfigError.DuplicateKey, lineNumber);
                seen[k] = true;
                lineOf[k] = lineNumber;
                BoardConfigError error = parsed.Set(k, value);
                if (error != BoardConfigError.None) return Fail(into, error, lineNumber);
            }

            for (int k = 0; k < RequiredKeys; k++) if (!seen[k]) return Fail(into, BoardConfigError.MissingKey, 0);
            if (!seen[KeyIndexClusterKey]) return Fail(into, BoardConfigError.MissingKey, 0);
            BoardConfigError invalid = parsed.Validate();
            if (invalid != BoardConfigError.None)
            {
                int at = KeyOfError(invalid);
                return Fail(into, invalid, at < 0 ? 0 : lineOf[at]);
            }

            parsed.CopyTo(into);
            into.ErrorLine = 0;
            return BoardConfigError.None;
        }

        /// <summary>Checks every field and their relations. Returns <see cref="BoardConfigError.None"/> or the first problem.</summary>
        public BoardConfigError Validate()
        {
            if (!RaftEsp.Core.NodeId.IsValid(NodeId)) return BoardConfigError.NodeIdOutOfRange;
            if (Members == null || Members.Length == 0) return BoardConfigError.NoMembers;
            if (Members.Length > Config.MaxClusterSize) return BoardConfigError.TooManyMembers;
            for (int i = 0; i < Members.Length; i++)
            {
                if (!RaftEsp.Core.NodeId.IsValid(Members[i])) return BoardConfigError.NodeIdOutOfRange;
                for (int j = 0; j < i; j++) if (Members[j] == Members[i]) return BoardConfigError.DuplicateMember;
            }

            if (!RaftEsp.Core.NodeId.IsValid(ServerNode) || !RaftEsp.Core.NodeId.IsValid(CollectorId)) return BoardConfigError.NodeIdOutOfRange;
            if (!IsMember(ServerNode)) return BoardConfigError.ServerNotMember;
            if (IsMember(CollectorId)) return BoardConfigError.CollectorIsMember;
            if (Join && NodeId == CollectorId) return BoardConfigError.CollectorJoins;
            if (!IsNode && NodeId != CollectorId) return BoardConfigError.NotMemberNorCollector;
            if (MaxMembers < 0 || MaxMembers > Config.MaxClusterSize || (MaxMembers != 0 && MaxMembers < Members.Length)) return BoardConfigError.MaxMembersOutOfRange;
            if (ClusterId < 0 || ClusterId > 0xFFFF) return BoardConfigError.ClusterIdOutOfRange;
            if (ClusterKey == null || ClusterKey.Length != 16) return BoardConfigError.BadClusterKey;
            if (DatabaseSlots < 1 || DatabaseSlots > Config.MaxDatabaseSlots) return BoardConfigError.DatabaseSlotsOutOfRange;
            if (ClientSessions < 2 || ClientSessions > Config.MaxClientSessions) return BoardConfigError.ClientSessionsOutOfRange;
            if (TickMillis < 1 || TickMillis > 1000) return BoardConfigError.TickMillisOutOfRange;
            if (Radio != "espnow" && Radio != "udp") return BoardConfigError.BadRadio;
            if (!GoodText(WifiSsid) || !GoodText(WifiPassword) || !GoodText(DesktopHost)) return BoardConfigError.BadText;
            if (DesktopPort < 1 || DesktopPort > 65535 || RadioUdpPort < 1 || RadioUdpPort > 65535) return BoardConfigError.PortOutOfRange;
            if (LedPin < -1 || LedPin > 48) return BoardConfigError.LedPinOutOfRange;
            if (PollGapMillis < 1 || PollGapMillis > 60000 || PollTimeoutMillis < 1 || PollTimeoutMillis > 60000) return BoardConfigError.PollTimingOutOfRange;
            return BoardConfigError.None;
        }

        /// <summary>
        /// The extra checks of a physical board (not of a virtual one on the PC): the UDP radio and the collector's
        /// desktop link need Wi-Fi, and the board collector sends to its configured desktop host.
        /// </summary>
        public BoardConfigError ValidateForBoard()
        {
            BoardConfigError error = Validate();
            if (error != BoardConfigError.None) return error;
            if ((Radio == "udp" || IsCollector) && WifiSsid.Length == 0) return BoardConfigError.MissingWifi;
            return BoardConfigError.None;
        }

        /// <summary>The Raft core's configuration for this board (a member; core defaults for everything else).</summary>
        public Config ToRaftConfig()
        {
            var c = new Config();
            c.NodeId = NodeId;
            c.Members = Copy(Members);
            c.Join = Join;
            c.MaxMembers = MaxMembers;
            c.ClusterId = ClusterId;
            c.ClusterKey = Copy(ClusterKey);
            c.RandomSeed = EffectiveSeed;
            c.PreferredLeader = ServerNode; // every command enters there: a leader there saves the forwarding hop
            c.DatabaseSlots = DatabaseSlots;
            c.ClientSessions = ClientSessions;
            c.ReplayProtection = true; // every board: docs/wire-format.md, "Security"
            // The node's snapshots are the board database's: its buffers are sized for the largest one.
            c.MaxSnapshotBytes = Database.MaxSnapshotSize(DatabaseSlots, ClientSessions);
            return c;
        }

        /// <summary>The seed the node uses: <see cref="Seed"/>, or one derived from the node id when it is 0.</summary>
        public uint EffectiveSeed => Seed != 0 ? Seed : 0x9E3779B9u ^ ((uint)(NodeId + 1) * 2654435761u);

        /// <summary>Writes every key, one per line; <see cref="Parse"/> reads it back to an equal configuration.</summary>
        public string ToText()
        {
            string members = "";
            for (int i = 0; i < Members.Length; i++) members = i == 0 ? Members[i].ToString() : members + "," + Members[i].ToString();
            return "node-id=" + NodeId.ToString() + "\n" +
                   "members=" + members + "\n" +
                   "server-node=" + ServerNode.ToString() + "\n" +
                   "collector-id=" + CollectorId.ToString() + "\n" +
                   "cluster-id=" + ClusterId.ToString() + "\n" +
                   "cluster-key=" + ConfigText.ToHex(ClusterKey) + "\n" +
                   "seed=" + Seed.ToString() + "\n" +
                   "database-slots=" + DatabaseSlots.ToString() + "\n" +
                   "client-sessions=" + ClientSessions.ToString() + "\n" +
                   "tick-millis=" + TickMillis.ToString() + "\n" +
                   "radio=" + Radio + "\n" +
                   "wifi-ssid=" + WifiSsid + "\n" +
                   "wifi-password=" + WifiPassword + "\n" +
                   "desktop-host=" + DesktopHost + "\n" +
                   "desktop-port=" + DesktopPort.ToString() + "\n" +
                   "radio-udp-port=" + RadioUdpPort.ToString() + "\n" +
                   "led-pin=" + LedPin.ToString() + "\n" +
                   "poll-gap-millis=" + PollGapMillis.ToString() + "\n" +
                   "poll-timeout-millis=" + PollTimeoutMillis.ToString() + "\n" +
                   "join=" + (Join ? "true" : "false") + "\n" +
                   "max-members=" + MaxMembers.ToString() + "\n";
        }

        private BoardConfigError Set(int key, string value)
        {
            switch (key)
            {
                case 0: return Number(value, 0, 254, BoardConfigError.NodeIdOutOfRange, out NodeId);
                case 1: return ConfigText.ParseIdList(value, out Members) ? BoardConfigError.None : BoardConfigError.BadMemberList;
                case 2: return Number(value, 0, 254, BoardConfigError.NodeIdOutOfRange, out ServerNode);
                case 3: return Number(value, 0, 254, BoardConfigError.NodeIdOutOfRange, out CollectorId);
                case 4: return Number(value, 0, 0xFFFF, BoardConfigError.ClusterIdOutOfRange, out ClusterId);
                case 5: return ConfigText.ParseHex16(value, ClusterKey) ? BoardConfigError.None : BoardConfigError.BadClusterKey;
                case 6: return ConfigText.ParseUInt(value, out Seed) ? BoardConfigError.None : BoardConfigError.BadNumber;
                case 7: return Number(value, 1, Config.MaxDatabaseSlots, BoardConfigError.DatabaseSlotsOutOfRange, out DatabaseSlots);
                case 8: return Number(value, 2, Config.MaxClientSessions, BoardConfigError.ClientSessionsOutOfRange, out ClientSessions);
                case 9: return Number(value, 1, 1000, BoardConfigError.TickMillisOutOfRange, out TickMillis);
                case 10:
                    if (value != "espnow" && value != "udp") return BoardConfigError.BadRadio;
                    Radio = value;
                    return BoardConfigError.None;
                case 11: return SetText(value, ref WifiSsid);
                case 12: return SetText(value, ref WifiPassword);
                case 13: return SetText(value, ref DesktopHost);
                case 14: return Number(value, 1, 65535, BoardConfigError.PortOutOfRange, out DesktopPort);
                case 15: return Number(value, 1, 65535, BoardConfigError.PortOutOfRange, out RadioUdpPort);
                case 16: return Number(value, -1, 48, BoardConfigError.LedPinOutOfRange, out LedPin);
                case 17: return Number(value, 1, 60000, BoardConfigError.PollTimingOutOfRange, out PollGapMillis);
                case 18: return Number(value, 1, 60000, BoardConfigError.PollTimingOutOfRange, out PollTimeoutMillis);
                case 19:
                    if (value != "true" && value != "false") return BoardConfigError.BadBoolean;
                    Join = value == "true";
                    return BoardConfigError.None;
                default: return Number(value, 0, Config.MaxClusterSize, BoardConfigError.MaxMembersOutOfRange, out MaxMembers);
            }
        }

        /// <summary>A malformed number is <see cref="BoardConfigError.BadNumber"/>; a well-formed one outside its range gets the field's own error.</summary>
        private static BoardConfigError Number(string value, int min, int max, BoardConfigError outOfRange, out int field)
        {
            if (!ConfigText.ParseInt(value, int.MinValue, int.MaxValue, out field)) return BoardConfigError.BadNumber;
            return field >= min && field <= max ? BoardConfigError.None : outOfRange;
        }

        private static BoardConfigError SetText(string value, ref string field)
        {
            if (!GoodText(value)) return BoardConfigError.BadText;
            field = value;
            return BoardConfigError.None;
        }

        private static bool GoodText(string value)
        {
            if (value == null || value.Length > MaxTextLength) return false;
            for (int i = 0; i < value.Length; i++) if (value[i] < ' ' || value[i] == (char)127) return false;
            return value.Length == 0 || (value[0] != ' ' && value[value.Length - 1] != ' ');
        }

        private static int KeyIndex(string key)
        {
            for (int i = 0; i < Keys.Length; i++) if (Keys[i] == key) return i;
            return -1;
        }

        /// <summary>The key whose line a validation error points at (so the user sees where to look).</summary>
        private static int KeyOfError(BoardConfigError error)
        {
            switch (error)
            {
                case BoardConfigError.NoMembers:
                case BoardConfigError.TooManyMembers:
                case BoardConfigError.DuplicateMember:
                    return 1;
                case BoardConfigError.ServerNotMember: return 2;
                case BoardConfigError.CollectorIsMember: return 3;
                case BoardConfigError.NotMemberNorCollector: return 0;
                case BoardConfigError.CollectorJoins: return 19;
                case BoardConfigError.MaxMembersOutOfRange: return 20;
                default: return -1;
            }
        }

        private static BoardConfigError Fail(BoardConfig into, BoardConfigError error, int line)
        {
            if (into != null) into.ErrorLine = line;
            return error;
        }

        private void CopyTo(BoardConfig to)
        {
            to.NodeId = NodeId;
            to.Members = Copy(Members);
            to.ServerNode = ServerNode;
            to.CollectorId = CollectorId;
            to.ClusterId = ClusterId;
            to.ClusterKey = Copy(ClusterKey);
            to.Seed = Seed;
            to.DatabaseSlots = DatabaseSlots;
            to.ClientSessions = ClientSessions;
            to.TickMillis = TickMillis;
            to.Radio = Radio;
            to.WifiSsid = WifiSsid;
            to.WifiPassword = WifiPassword;
            to.DesktopHost = DesktopHost;
            to.DesktopPort = DesktopPort;
            to.RadioUdpPort = RadioUdpPort;
            to.LedPin = LedPin;
            to.PollGapMillis = PollGapMillis;
            to.PollTimeoutMillis = PollTimeoutMillis;
            to.Join = Join;
            to.MaxMembers = MaxMembers;
        }

        private static byte[] Copy(byte[] source)
        {
            if (source == null) return new byte[0];
            byte[] copy = new byte[source.Length];
            System.Array.Copy(source, copy, source.Length);
            return copy;
        }
    }
}
