namespace RaftEsp.Core
{
    /// <summary>Why a received frame was dropped. Every reason has its own counter in <see cref="DropCounters"/>.</summary>
    public enum FrameError : byte
    {
        /// <summary>The frame was accepted.</summary>
        None = 0,

        /// <summary>Shorter than a header and a tag.</summary>
        TooShort = 1,

        /// <summary>Longer than 250 bytes.</summary>
        TooLong = 2,

        /// <summary>Protocol version this node does not speak.</summary>
        BadVersion = 3,

        /// <summary>Another cluster's frame.</summary>
        WrongCluster = 4,

        /// <summary>Authentication tag does not match: forged, altered in the air, or keyed for another cluster.</summary>
        BadTag = 5,

        /// <summary>Message type unknown to the core.</summary>
        UnknownType = 6,

        /// <summary>Length does not match what the type's fields require.</summary>
        BadLength = 7,

        /// <summary>A field holds a value the protocol forbids (negative index, bad entry kind, slot over 63, ...).</summary>
        BadField = 8,

        /// <summary>Addressed to another node.</summary>
        NotForMe = 9,

        /// <summary>Sent by a node outside the cluster configuration.</summary>
        UnknownSender = 10,

        /// <summary>Carries a term older than this node's: stale or replayed.</summary>
        StaleTerm = 11,

        /// <summary>Sent by this node itself (a radio echo).</summary>
        FromSelf = 12,

        /// <summary>The host fed a frame while a Ready was handed out and not yet advanced (a host bug; nothing changed).</summary>
        ReadyPending = 13,

        /// <summary>Authentic, but already accepted once or older than the sender's window: a replay (docs/wire-format.md, Security).</summary>
        Replayed = 14,

        /// <summary>Authentic, but this node rebooted and has not yet synchronised with the sender, so it cannot tell a replay.</summary>
        Unsynced = 15,
    }
}
