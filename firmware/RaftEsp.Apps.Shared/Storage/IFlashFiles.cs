namespace RaftEsp.Apps
{
    /// <summary>
    /// The board's flash file system, as small as the store needs. On a board it is the internal flash (I:\); on the
    /// host a directory or, in the simulator, memory with a crash model. Implementations must make
    /// <see cref="Replace"/> atomic (write a new file, then rename it over the old one) and must have every byte of an
    /// <see cref="Append"/> durable when it returns; a power cut during an append may leave it partly written.
    /// </summary>
    public interface IFlashFiles
    {
        /// <summary>Length of the file in bytes, or -1 when it does not exist.</summary>
        int Length(string name);

        /// <summary>Reads up to <paramref name="count"/> bytes from <paramref name="position"/> in the file; returns the bytes read.</summary>
        int Read(string name, int position, byte[] buffer, int offset, int count);

        /// <summary>Appends bytes at the end of the file, creating it if needed.</summary>
        void Append(string name, byte[] data, int offset, int count);

        /// <summary>Replaces the whole file with these bytes, atomically.</summary>
        void Replace(string name, byte[] data, int offset, int count);
    }
}
