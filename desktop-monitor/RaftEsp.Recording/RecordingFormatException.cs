namespace RaftEsp.Recording;

/// <summary>
/// A recording the reader refuses: what was wrong and at which byte of the file. The whole file is refused; nothing of
/// it is loaded.
/// </summary>
public sealed class RecordingFormatException : Exception
{
    public RecordingFormatException()
    {
    }

    public RecordingFormatException(string message)
        : base(message)
    {
    }

    public RecordingFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>The file offset of the problem (-1: not about one byte, e.g. a missing file).</summary>
    public long Offset { get; init; } = -1;
}
