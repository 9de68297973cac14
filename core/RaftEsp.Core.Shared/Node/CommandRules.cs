namespace RaftEsp.Core
{
    /// <summary>
    /// Which client commands may enter the log. One rule for the node (at propose time) and the database (at apply
    /// time), so a command refused at one is refused at the other. Client ids and sequence numbers are u32 on the
    /// wire, limited to 1..2^31-1 like every other u32 field, and compared as plain integers (they never wrap).
    /// </summary>
    public static class CommandRules
    {
        /// <summary>Largest client id and sequence number (a register entry's nonce too).</summary>
        public const int MaxId = int.MaxValue;

        /// <summary>
        /// Checks a command against the database's shape: set and remove name a slot and either a client id (a
        /// session, 1 or more) with a sequence number (1 or more), or client 0: no session, applied as it comes with
        /// no deduplication (hosts that embed the core without sessions; the server node never proposes one). A
        /// register names neither slot nor client and carries its nonce (1 or more) as its sequence number.
        /// </summary>
        public static ErrorCode Validate(EntryKind kind, int slot, int client, int seq, int slotCount)
        {
            switch (kind)
            {
                case EntryKind.Set:
                case EntryKind.Remove:
                    if (slot < 0 || slot >= slotCount) return ErrorCode.SlotOutOfRange;
                    if (client < 0) return ErrorCode.ClientOutOfRange;
                    return seq < (client == 0 ? 0 : 1) ? ErrorCode.InvalidCommand : ErrorCode.None;
                case EntryKind.Register:
                    return slot != 0 || client != 0 || seq < 1 ? ErrorCode.InvalidCommand : ErrorCode.None;
                case EntryKind.AddLearner:
                case EntryKind.RemoveNode:
                case EntryKind.PromoteLearner:
                    // The node id travels in the value field; whether the change applies is the leader's check.
                    if (slot != 0) return ErrorCode.InvalidCommand;
                    if (client < 0) return ErrorCode.ClientOutOfRange;
                    return seq < (client == 0 ? 0 : 1) ? ErrorCode.InvalidCommand : ErrorCode.None;
                default:
                    return ErrorCode.InvalidCommand;
            }
        }
    }
}
