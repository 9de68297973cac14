using RaftEsp.Core;

namespace RaftEsp.Simulator;

/// <summary>How the session table treats one committed write, by the checker's own reckoning.</summary>
public enum SessionVerdict
{
    /// <summary>A new sequence of a live session (or a command of client 0): the slot changes.</summary>
    Applied,

    /// <summary>The sequence the session applied last: answered with the first result, nothing changes.</summary>
    Duplicate,

    /// <summary>A sequence below the session's last: nothing changes.</summary>
    Stale,

    /// <summary>No such session (never registered, or evicted): nothing changes.</summary>
    Expired,
}

/// <summary>
/// The session table replayed by a deliberately simple model (no shared code with <see cref="SessionTable"/>): a
/// register at index i opens session i and, when the table is full, evicts the session whose last use (the index of
/// its registration or of its last applied command) is the oldest; a write takes effect only for a new sequence of a
/// live session.
/// </summary>
public sealed class SessionModel(int capacity)
{
    private readonly Dictionary<int, (int Seq, int LastUse)> sessions = new();

    /// <summary>Opens session <paramref name="index"/>; returns the client evicted to make room, or 0.</summary>
    public int Register(int index)
    {
        int evicted = 0;
        if (sessions.Count == capacity)
        {
            evicted = sessions.MinBy(kv => kv.Value.LastUse).Key;
            sessions.Remove(evicted);
        }

        sessions[index] = (0, index);
        return evicted;
    }

    /// <summary>What the write (<paramref name="client"/>, <paramref name="seq"/>) at <paramref name="index"/> does; records it when it applies.</summary>
    public SessionVerdict Write(int index, int client, int seq, out int lastSeq)
    {
        lastSeq = 0;
        if (client == 0) return SessionVerdict.Applied;
        if (!sessions.TryGetValue(client, out var session)) return SessionVerdict.Expired;
        lastSeq = session.Seq;
        if (seq == session.Seq) return SessionVerdict.Duplicate;
        if (seq < session.Seq) return SessionVerdict.Stale;
        sessions[client] = (seq, index);
        return SessionVerdict.Applied;
    }
}
