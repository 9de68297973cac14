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

        /// <summary>Client session id, 1..254 (the database keeps one session per id).</summary>
        public int Client;

        /// <summary>The client's 16-bit sequence number; a retry carries the same number.</summary>
        public int Seq;

        /// <summary>set, get or remove.</summary>
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
