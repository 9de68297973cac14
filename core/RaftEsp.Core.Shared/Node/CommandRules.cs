namespace RaftEsp.Core
{
    /// <summary>
    /// Which client commands may enter the log. One rule for the node (at propose time) and the database (at apply
    /// time), so a command refused at one is refused at the other.
    /// </summary>
    public static class CommandRules
    {
        /// <summary>Checks a command from a client against the database's shape.</summary>
        public static ErrorCode Validate(EntryKind kind, int slot, int client, int slotCount, int clientSessions)
        {
            switch (kind)
            {
                case EntryKind.Set:
                case EntryKind.Remove:
                    if (slot < 0 || slot >= slotCount) return ErrorCode.SlotOutOfRange;
                    if (client < 0 || client >= clientSessions) return ErrorCode.ClientOutOfRange;
                    return ErrorCode.None;
                case EntryKind.AddNode:
                case EntryKind.RemoveNode:
                    return ErrorCode.NotSupported;
                default:
                    return ErrorCode.InvalidCommand;
            }
        }
    }
}
