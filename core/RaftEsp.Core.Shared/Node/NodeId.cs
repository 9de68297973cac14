namespace RaftEsp.Core
{
    /// <summary>Node identifiers are single bytes on the wire; 255 addresses every node (broadcast).</summary>
    public static class NodeId
    {
        /// <summary>The destination of a broadcast frame.</summary>
        public const int Broadcast = 255;

        /// <summary>"No node": no vote cast, no leader known.</summary>
        public const int None = -1;

        /// <summary>Largest id a node may have.</summary>
        public const int MaxId = 254;

        /// <summary>True for an id a node may carry (0..254).</summary>
        public static bool IsValid(int id) => id >= 0 && id <= MaxId;
    }
}
