namespace RaftEsp.Ether;

/// <summary>Why the ether did not deliver a frame (or a copy of one).</summary>
public enum DropReason
{
    /// <summary>Lost on the link (the loss percentage).</summary>
    Loss,
    /// <summary>Sender and receiver are in different partition groups.</summary>
    Partition,
    /// <summary>Sender or receiver is isolated.</summary>
    Isolated,
    /// <summary>Longer than the radio's 250 bytes: a bug in the sender, logged as such.</summary>
    Oversize,
    /// <summary>Not a valid envelope (unknown kind, empty frame, bad node id).</summary>
    Malformed,
    /// <summary>Unicast to a node that never registered.</summary>
    UnknownDestination,
    /// <summary>The delay line was full (bounded memory).</summary>
    QueueFull,
}
