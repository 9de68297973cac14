namespace RaftEsp.Apps
{
    /// <summary>
    /// A client command as the desktop sends it and the collector relays it to the server node (radio type 34,
    /// datagram type 4). Reusable: decoders fill an existing instance, so nothing is allocated per frame.
    /// </summary>
    public sealed class ClientCommand
    {
        /// <summary>Chosen by the desktop, echoed in the result: the desktop matches results to requests with it.</summary>
        public int RequestId;

        /// <summary>Client session id, 1..2^31-1, as a register command's result gave it (0 in a register command).</summary>
        public int Client;

        /// <summary>The client's sequence number, 1..2^31-1 for writes, growing by one per command; a retry carries the
        /// same number (0 in a register command).</summary>
        public int Seq;

        /// <summary>set, get, remove or register.</summary>
        public CommandKind Kind;

        /// <summary>Database slot, 0..63.</summary>
        public int Slot;

        /// <summary>The value to set (0 for get and remove).</summary>
        public int Value;

        /// <summary>Copies every field of <paramref name="from"/>.</summary>
        public void CopyFrom(ClientCommand from)
        {
            RequestId = from.RequestId;
            Client = from.Client;
            Seq = from.Seq;
            Kind = from.Kind;
            Slot = from.Slot;
            Value = from.Value;
        }
    }
}
