namespace RaftEsp.Core
{
    /// <summary>The session view of a node whose host gave it none: nothing counts as applied.</summary>
    internal sealed class NoSessions : IAppliedSessions
    {
        /// <summary>The one instance.</summary>
        public static readonly NoSessions Instance = new NoSessions();

        /// <inheritdoc />
        public bool Answered(int client, int seq) => false;
    }
}
