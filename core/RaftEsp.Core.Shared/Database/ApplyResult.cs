namespace RaftEsp.Core
{
    /// <summary>What applying one committed entry did. Reused by the caller, so applying allocates nothing.</summary>
    public sealed class ApplyResult
    {
        /// <summary>The log index applied.</summary>
        public int Index;

        /// <summary>The entry's kind.</summary>
        public EntryKind Kind;

        /// <summary>The database slot (set and remove).</summary>
        public int Slot;

        /// <summary>The command's client session; for a register entry, the new client id (the entry's index).</summary>
        public int Client;

        /// <summary>The client's sequence number; for a register entry, the server node's request nonce.</summary>
        public int Seq;

        /// <summary>The command's outcome: <see cref="ErrorCode.None"/>, or why it changed nothing.</summary>
        public ErrorCode Status;

        /// <summary>Set and remove: the slot's value before the command. Stale retries: the session's last sequence.
        /// Register: the client id evicted to make room, or 0.</summary>
        public int Value;

        /// <summary>The log index the command's result belongs to: this entry's when it applied now, the first
        /// application's for a duplicate, 0 when nothing was applied (stale sequence, expired session, invalid).</summary>
        public int ResultIndex;

        /// <summary>True when this entry retried a command already applied; the first result was returned and nothing changed.</summary>
        public bool Duplicate;

        /// <summary>Clears the result for the next entry.</summary>
        public void Reset()
        {
            Index = 0;
            Kind = EntryKind.Noop;
            Slot = 0;
            Client = 0;
            Seq = 0;
            Status = ErrorCode.None;
            Value = 0;
            ResultIndex = 0;
            Duplicate = false;
        }
    }
}
