namespace RaftEsp.Apps
{
    /// <summary>Where the server front end hands its answers: the radio on a board, the client model in the simulator.</summary>
    public interface IResultSender
    {
        /// <summary>Sends one result to <see cref="ClientResult.ReplyTo"/>. The result object is reused after the call.</summary>
        void SendResult(ClientResult result);
    }
}
