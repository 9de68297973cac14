namespace RaftEsp.Apps
{
    /// <summary>Why a collector-desktop datagram was dropped. Each reason is counted (<see cref="CollectorStats.DatagramDrops"/>).</summary>
    public enum DatagramError : byte
    {
        /// <summary>Accepted.</summary>
        None = 0,

        /// <summary>Shorter than a header and a tag.</summary>
        TooShort = 1,

        /// <summary>Longer than <see cref="DesktopProtocol.MaxDatagramBytes"/>.</summary>
        TooLong = 2,

        /// <summary>The first byte is not the desktop protocol's magic (a radio frame, another protocol, another version).</summary>
        BadMagic = 3,

        /// <summary>Another cluster's datagram.</summary>
        WrongCluster = 4,

        /// <summary>The tag does not match: forged, corrupted, or another cluster key.</summary>
        BadTag = 5,

        /// <summary>A type this version does not define.</summary>
        UnknownType = 6,

        /// <summary>The length does not match the type's fields.</summary>
        BadLength = 7,

        /// <summary>A field holds a value the protocol forbids.</summary>
        BadField = 8,

        /// <summary>A valid datagram of a type that does not travel in this direction (e.g. a result sent to the collector).</summary>
        Unexpected = 9,

        /// <summary>A challenge or attach that answers no handshake in progress (a recording, a late copy, a superseded hello).</summary>
        BadNonce = 10,

        /// <summary>A session datagram of a session that is not the current one (a recording, or from before a restart).</summary>
        StaleSession = 11,

        /// <summary>A session datagram whose counter was already accepted, or is older than the sliding window.</summary>
        Replayed = 12,
    }

    /// <summary>Readable names of <see cref="DatagramError"/> values.</summary>
    public static class DatagramErrors
    {
        /// <summary>Number of reasons (1..Count-1 are drop reasons).</summary>
        public const int Count = 13;

        /// <summary>The reason's name as docs/protocol.md spells it.</summary>
        public static string Name(DatagramError error)
        {
            switch (error)
            {
                case DatagramError.None: return "ok";
                case DatagramError.TooShort: return "too-short";
                case DatagramError.TooLong: return "too-long";
                case DatagramError.BadMagic: return "bad-magic";
                case DatagramError.WrongCluster: return "wrong-cluster";
                case DatagramError.BadTag: return "bad-tag";
                case DatagramError.UnknownType: return "unknown-type";
                case DatagramError.BadLength: return "bad-length";
                case DatagramError.BadField: return "bad-field";
                case DatagramError.Unexpected: return "unexpected";
                case DatagramError.BadNonce: return "bad-nonce";
                case DatagramError.StaleSession: return "stale-session";
                case DatagramError.Replayed: return "replayed";
                default: return "unknown";
            }
        }
    }
}
