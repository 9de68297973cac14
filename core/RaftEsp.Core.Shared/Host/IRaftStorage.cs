namespace RaftEsp.Core
{
    /// <summary>
    /// A node's durable state as <see cref="ReadyHandler"/> writes it: the board's flash files, or a test's memory.
    /// Each call returns once the data is durable (or, in the simulator, once the write is under way: a crash before
    /// it completes loses it, and the handler's later steps then never run).
    /// </summary>
    public interface IRaftStorage
    {
        /// <summary>
        /// Makes a Ready durable: the hard state if <see cref="Ready.HardStateChanged"/>, the snapshot if
        /// <see cref="Ready.HasSnapshot"/>, then the entries <see cref="Ready.PersistFrom"/>..<see cref="Ready.PersistTo"/>
        /// read from <paramref name="log"/>. Called only when at least one of the three is there.
        /// </summary>
        void Save(Ready ready, RaftLog log);

        /// <summary>Replaces the stored snapshot with the host's own, taken for compaction at <paramref name="index"/>; stored entries stay.</summary>
        void SaveSnapshot(int index, int term, byte[] data, int offset, int length);
    }
}
