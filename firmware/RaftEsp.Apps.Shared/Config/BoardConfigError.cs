namespace RaftEsp.Apps
{
    /// <summary>Why a board's configuration text was refused (docs/flashing.md lists the keys).</summary>
    public enum BoardConfigError : byte
    {
        /// <summary>The configuration is valid.</summary>
        None = 0,

        /// <summary>A line is neither blank, a comment (#) nor key=value.</summary>
        MissingEquals,

        /// <summary>A key this version does not know (a typo would otherwise be silently ignored).</summary>
        UnknownKey,

        /// <summary>A key appears twice.</summary>
        DuplicateKey,

        /// <summary>A number is malformed or does not fit its field.</summary>
        BadNumber,

        /// <summary>The member list is not a comma-separated list of node ids.</summary>
        BadMemberList,

        /// <summary>The cluster key is not 32 hexadecimal digits.</summary>
        BadClusterKey,

        /// <summary>The radio is neither "espnow" nor "udp".</summary>
        BadRadio,

        /// <summary>A required key (node-id, members, server-node, collector-id, cluster-key) is absent.</summary>
        MissingKey,

        /// <summary>A node id is outside 0..254.</summary>
        NodeIdOutOfRange,

        /// <summary>The member list is empty.</summary>
        NoMembers,

        /// <summary>More than 16 members.</summary>
        TooManyMembers,

        /// <summary>A node id appears twice in the member list.</summary>
        DuplicateMember,

        /// <summary>The server node is not a member.</summary>
        ServerNotMember,

        /// <summary>The collector id is a member: the collector is a listener, not a voter.</summary>
        CollectorIsMember,

        /// <summary>This board is neither a member, a joiner (join = true) nor the collector.</summary>
        NotMemberNorCollector,

        /// <summary>The cluster id does not fit 16 bits.</summary>
        ClusterIdOutOfRange,

        /// <summary>database-slots is outside 1..64.</summary>
        DatabaseSlotsOutOfRange,

        /// <summary>client-sessions is outside 2..255 (client id 0 has no session, so at least ids 0 and 1).</summary>
        ClientSessionsOutOfRange,

        /// <summary>tick-millis is outside 1..1000.</summary>
        TickMillisOutOfRange,

        /// <summary>A UDP port is outside 1..65535.</summary>
        PortOutOfRange,

        /// <summary>led-pin is outside -1..48 (-1: no LED).</summary>
        LedPinOutOfRange,

        /// <summary>The UDP radio, or the collector's desktop link, needs wifi-ssid.</summary>
        MissingWifi,

        /// <summary>poll-gap-millis or poll-timeout-millis is outside 1..60000.</summary>
        PollTimingOutOfRange,

        /// <summary>A text value is longer than 64 characters or holds a control character.</summary>
        BadText,

        /// <summary>A yes/no value (join) is neither "true" nor "false".</summary>
        BadBoolean,

        /// <summary>max-members is outside 0..16, or below the number of founding members.</summary>
        MaxMembersOutOfRange,

        /// <summary>join = true on the collector's id: the collector listens, it never joins.</summary>
        CollectorJoins,
    }

    /// <summary>Readable names of <see cref="BoardConfigError"/> values (no Enum reflection on the boards).</summary>
    public static class BoardConfigErrors
    {
        /// <summary>The error's name as docs/flashing.md spells it.</summary>
        public static string Name(BoardConfigError error)
        {
            switch (error)
            {
                case BoardConfigError.None: return "none";
                case BoardConfigError.MissingEquals: return "missing-equals";
                case BoardConfigError.UnknownKey: return "unknown-key";
                case BoardConfigError.DuplicateKey: return "duplicate-key";
                case BoardConfigError.BadNumber: return "bad-number";
                case BoardConfigError.BadMemberList: return "bad-member-list";
                case BoardConfigError.BadClusterKey: return "bad-cluster-key";
                case BoardConfigError.BadRadio: return "bad-radio";
                case BoardConfigError.MissingKey: return "missing-key";
                case BoardConfigError.NodeIdOutOfRange: return "node-id-out-of-range";
                case BoardConfigError.NoMembers: return "no-members";
                case BoardConfigError.TooManyMembers: return "too-many-members";
                case BoardConfigError.DuplicateMember: return "duplicate-member";
                case BoardConfigError.ServerNotMember: return "server-not-member";
                case BoardConfigError.CollectorIsMember: return "collector-is-member";
                case BoardConfigError.NotMemberNorCollector: return "not-member-nor-collector";
                case BoardConfigError.ClusterIdOutOfRange: return "cluster-id-out-of-range";
                case BoardConfigError.DatabaseSlotsOutOfRange: return "database-slots-out-of-range";
                case BoardConfigError.ClientSessionsOutOfRange: return "client-sessions-out-of-range";
                case BoardConfigError.TickMillisOutOfRange: return "tick-millis-out-of-range";
                case BoardConfigError.PortOutOfRange: return "port-out-of-range";
                case BoardConfigError.LedPinOutOfRange: return "led-pin-out-of-range";
                case BoardConfigError.MissingWifi: return "missing-wifi";
                case BoardConfigError.PollTimingOutOfRange: return "poll-timing-out-of-range";
                case BoardConfigError.BadText: return "bad-text";
                case BoardConfigError.BadBoolean: return "bad-boolean";
                case BoardConfigError.MaxMembersOutOfRange: return "max-members-out-of-range";
                case BoardConfigError.CollectorJoins: return "collector-joins";
                default: return "unknown";
            }
        }
    }
}
