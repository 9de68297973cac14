using RaftEsp.Core;

namespace RaftEsp.Apps
{
    /// <summary>
    /// The board's boot epoch on flash (<c>raft.epoch</c>: magic, epoch u16, CRC-32; replaced atomically). Every boot
    /// takes the next epoch and makes it durable before the board seals a frame, so no epoch is ever used twice, across
    /// kill -9 and power cuts: a replace is either done or not. A fresh board starts at epoch 1; a file that does not
    /// check is refused (the board cannot know which epochs it used), and after epoch 65535 the board refuses to
    /// start (docs/wire-format.md, "Security").
    /// </summary>
    public sealed class EpochStore
    {
        /// <summary>The file's name.</summary>
        public const string FileName = "raft.epoch";

        private const byte Magic = 0xA9;
        private const int FileBytes = 1 + 2 + 4;

        private readonly IFlashFiles files;
        private readonly byte[] buffer = new byte[FileBytes];

        /// <summary>A store on <paramref name="files"/>.</summary>
        public EpochStore(IFlashFiles files) => this.files = files;

        /// <summary>The epoch on flash: 0 when there is none yet, -1 when the file does not check.</summary>
        public int Read()
        {
            int length = files.Length(FileName);
            if (length < 0) return 0;
            if (length != FileBytes || files.Read(FileName, 0, buffer, 0, FileBytes) != FileBytes) return -1;
            if (buffer[0] != Magic || Crc32.Compute(buffer, 0, 3) != (uint)Bytes.ReadI32(buffer, 3)) return -1;
            int epoch = Bytes.ReadU16(buffer, 1);
            return epoch == 0 ? -1 : epoch;
        }

        /// <summary>
        /// Writes the next epoch, at least <paramref name="atLeast"/> and above the one on flash, and returns it in
        /// <paramref name="epoch"/>; the host may seal with it once the write is durable.
        /// </summary>
        public EpochError Advance(int atLeast, out int epoch)
        {
            epoch = 0;
            int last = Read();
            if (last < 0) return EpochError.Unreadable;
            int next = last + 1 > atLeast ? last + 1 : atLeast;
            if (next > FrameLimits.MaxEpoch) return EpochError.Exhausted;
            buffer[0] = Magic;
            Bytes.WriteU16(buffer, 1, next);
            Bytes.WriteI32(buffer, 3, (int)Crc32.Compute(buffer, 0, 3));
            files.Replace(FileName, buffer, 0, FileBytes);
            epoch = next;
            return EpochError.None;
        }
    }

    /// <summary>Why a board could not take a new boot epoch.</summary>
    public enum EpochError : byte
    {
        /// <summary>The new epoch is on flash.</summary>
        None = 0,

        /// <summary>raft.epoch exists but does not check: the board cannot know which epochs it used, so it sends nothing.</summary>
        Unreadable = 1,

        /// <summary>Epoch 65535 was used: the board refuses to start (re-provision it with a new cluster key).</summary>
        Exhausted = 2,
    }
}
