namespace RaftEsp.Apps
{
    /// <summary>What a session datagram carries after its header: the session id and the sender's counter.</summary>
    public sealed class SessionStamp
    {
        /// <summary>The session id both sides derived from the handshake's nonces.</summary>
        public ulong Session;

        /// <summary>The sender's datagram counter in this session, 1..2^31-1.</summary>
        public int Counter;
    }
}
