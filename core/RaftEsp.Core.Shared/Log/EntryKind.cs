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

        /// <summary>Adds a board as a non-voting learner (single-server membership change, docs/design.md); its node id travels in the value field.</summary>
        AddLearner = 3,

        /// <summary>Removes a voter or a learner (single-server membership change); its node id travels in the value field.</summary>
        RemoveNode = 4,

        /// <summary>Opens a client session whose id is this entry's log index (Raft dissertation §6.3); carries the
        /// server node's request nonce in its sequence field.</summary>
        Register = 5,

        /// <summary>Makes a caught-up learner a voter (single-server membership change); its node id travels in the value field.</summary>
        PromoteLearner = 6,
    }

    /// <summary>Readable names and validity checks for <see cref="EntryKind"/> (no Enum reflection on the boards).</summary>
    public static class EntryKinds
    {
        /// <summary>True for a kind this version understands.</summary>
        public static bool IsKnown(int kind) => kind >= 0 && kind <= (int)EntryKind.PromoteLearner;

        /// <summary>True for the kinds that change the configuration (their node id is in the value field).</summary>
        public static bool IsMembership(EntryKind kind) =>
            kind == EntryKind.AddLearner || kind == EntryKind.PromoteLearner || kind == EntryKind.RemoveNode;

        /// <summary>The kind's name as docs and logs spell it.</summary>
        public static string Name(EntryKind kind)
        {
            switch (kind)
            {
                case EntryKind.Noop: return "noop";
                case EntryKind.Set: return "set";
                case EntryKind.Remove: return "remove";
                case EntryKind.AddLearner: return "add-learner";
                case EntryKind.PromoteLearner: return "promote-learner";
                case EntryKind.RemoveNode: return "remove-node";
                case EntryKind.Register: return "register";
                default: return "unknown";
            }
        }
    }
}
