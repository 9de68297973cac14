namespace RaftEsp.Core
{
    /// <summary>What a log entry does. Every kind has a fixed encoded size (docs/wire-format.md).</summary>
    public enum EntryKind : byte
    {
        /// <summary>Empty entry a new leader appends to commit its term (§5.4.2, §8).</summary>
        Noop = 0,

        /// <summary>set(slot, value) on the database.</summary>
        Set = 1,

        /// <summary>remove(slot): resets the slot to 0.</summary>
        Remove = 2,

        /// <summary>Adds a voting board (single-server membership change). Reserved: proposals are refused for now.</summary>
        AddNode = 3,

        /// <summary>Removes a voting board (single-server membership change). Reserved: proposals are refused for now.</summary>
        RemoveNode = 4,

        /// <summary>Opens a client session whose id is this entry's log index (Raft dissertation §6.3); carries the
        /// server node's request nonce in its sequence field.</summary>
        Register = 5,
    }

    /// <summary>Readable names and validity checks for <see cref="EntryKind"/> (no Enum reflection on the boards).</summary>
    public static class EntryKinds
    {
        /// <summary>True for a kind this version understands.</summary>
        public static bool IsKnown(int kind) => kind >= 0 && kind <= (int)EntryKind.Register;

        /// <summary>The kind's name as docs and logs spell it.</summary>
        public static string Name(EntryKind kind)
        {
            switch (kind)
            {
                case EntryKind.Noop: return "noop";
                case EntryKind.Set: return "set";
                case EntryKind.Remove: return "remove";
                case EntryKind.AddNode: return "add-node";
                case EntryKind.RemoveNode: return "remove-node";
                case EntryKind.Register: return "register";
                default: return "unknown";
            }
        }
    }
}
