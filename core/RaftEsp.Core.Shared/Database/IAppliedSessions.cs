namespace RaftEsp.Core
{
    /// <summary>
    /// The leader's view of the client sessions its host has applied, so it appends no command a session already
    /// answered (a replayed or re-forwarded proposal). The host's <see cref="Database"/> implements it; the node only
    /// reads it between Readies, when the database is at the node's applied index.
    /// </summary>
    public interface IAppliedSessions
    {
        /// <summary>True when client <paramref name="client"/>'s session has applied sequence <paramref name="seq"/> or a later one.</summary>
        bool Answered(int client, int seq);
    }
}
