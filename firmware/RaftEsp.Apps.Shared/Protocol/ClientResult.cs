namespace RaftEsp.Apps
{
    /// <summary>
    /// The answer to a <see cref="ClientCommand"/> (radio type 35, datagram type 5). Sent only once a write is
    /// committed and applied, or a read served, or with the error that stopped it.
    /// </summary>
    public sealed class ClientResult
    {
        /// <summary>The command's request id.</summary>
        public int RequestId;

        /// <summary>The command's client id; for a register, the new client id (0 when it failed).</summary>
        public int Client;

        /// <summary>The command's sequence number.</summary>
        public int Seq;

        /// <summary>The command's kind.</summary>
        public CommandKind Kind;

        /// <summary>How the command ended.</summary>
        public CommandStatus Status;

        /// <summary>set/remove: the slot's previous value; get: the value read; a stale-sequence answer: the session's last sequence.</summary>
        public int Value;

        /// <summary>The log index the write was applied at (a retry's: the first application's), the read index a get
        /// was served at, the register entry's index; 0 on an error and for a stale sequence.</summary>
        public int Index;

        /// <summary>The leader the server node knew of when it answered, or -1 for none.</summary>
        public int Leader = -1;

        /// <summary>Where the server node sends the result (the node id the command came from); not on the wire.</summary>
        public int ReplyTo;

        /// <summary>Copies every field of <paramref name="from"/>.</summary>
        public void CopyFrom(ClientResult from)
        {
            RequestId = from.RequestId;
            Client = from.Client;
            Seq = from.Seq;
            Kind = from.Kind;
            Status = from.Status;
            Value = from.Value;
            Index = from.Index;
            Leader = from.Leader;
            ReplyTo = from.ReplyTo;
        }
    }
}
