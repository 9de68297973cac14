using RaftEsp.Core;

namespace RaftEsp.Apps
{
    /// <summary>
    /// On the server node, the Ready's applied entries and answers go to the <see cref="ServerFrontEnd"/>: a write is
    /// answered once applied, a refused one at once, a get once its read index is applied.
    /// </summary>
    public sealed class FrontEndReadyObserver : IReadyObserver
    {
        private readonly ServerFrontEnd frontEnd;
        private readonly RaftNode node;
        private readonly Database database;

        /// <summary>Feeds <paramref name="frontEnd"/> what <paramref name="node"/>'s Readies apply to <paramref name="database"/>.</summary>
        public FrontEndReadyObserver(ServerFrontEnd frontEnd, RaftNode node, Database database)
        {
            this.frontEnd = frontEnd;
            this.node = node;
            this.database = database;
        }

        /// <inheritdoc />
        public void SnapshotInstalled(int index)
        {
            // Gets waiting for an index the snapshot covers are served in Advanced, with the rest.
        }

        /// <inheritdoc />
        public void Applied(ApplyResult result) => frontEnd.OnApplied(result, node);

        /// <inheritdoc />
        public void Rejected(int client, int seq, RefusalReason reason, int leaderHint) => frontEnd.OnRejected(client, seq, reason, leaderHint);

        /// <inheritdoc />
        public void ReadIndexed(int requestId, int index, RefusalReason status) => frontEnd.OnReadIndex(requestId, index, status, database, node);

        /// <inheritdoc />
        public void Advanced() => frontEnd.ServeReads(database, node);
    }
}
