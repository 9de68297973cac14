namespace RaftEsp.Core
{
    /// <summary>
    /// Where <see cref="ReadyHandler"/> puts a Ready's frames: the board's radio, the simulator's channel, a test's
    /// in-memory air. The buffer belongs to the node's outbox and is reused after <see cref="RaftNode.Advance"/>: a
    /// host that keeps the frame copies it.
    /// </summary>
    public interface IFrameSender
    {
        /// <summary>Sends the first <paramref name="length"/> bytes of <paramref name="frame"/> to node <paramref name="to"/> (or broadcast).</summary>
        void Send(int to, byte[] frame, int length);
    }
}
