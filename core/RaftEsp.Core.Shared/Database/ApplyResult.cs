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

        /// <summary>The client session (0 = none).</summary>
        public int Client;

        /// <summary>The client's sequence number.</summary>
        public int Seq;

        /// <summary>The command's outcome: <see cref="ErrorCode.None"/>, or why it changed nothing.</summary>
        public ErrorCode Status;

        /// <summary>Set and remove: the slot's value before the command. Stale retries: the session's last sequence.</summary>
        public int Value;

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
            Duplicate = false;
        }
    }
}
