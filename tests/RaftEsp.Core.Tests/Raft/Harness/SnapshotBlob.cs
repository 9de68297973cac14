namespace RaftEsp.Core.Tests.Raft.Harness;

/// <summary>
/// Snapshot bytes built by hand for tests: a well-formed configuration head (voter count, learner count, the ids;
/// docs/wire-format.md, "Snapshots") in front of the state machine's part, which tests fill as they like.
/// </summary>
public static class SnapshotBlob
{
    /// <summary>The encoded configuration head of <paramref name="voters"/> (and optionally learners).</summary>
    public static byte[] Head(int[] voters, int[]? learners = null)
    {
        learners ??= [];
        var head = new byte[2 + voters.Length + learners.Length];
        head[0] = (byte)voters.Length;
        head[1] = (byte)learners.Length;
        for (int i = 0; i < voters.Length; i++) head[2 + i] = (byte)voters[i];
        for (int i = 0; i < learners.Length; i++) head[2 + voters.Length + i] = (byte)learners[i];
        return head;
    }

    /// <summary>
    /// A blob of exactly <paramref name="totalLength"/> bytes starting at <paramref name="offset"/> of a buffer with
    /// <paramref name="slack"/> spare bytes after it: the head of <paramref name="voters"/>, then zero bytes.
    /// </summary>
    public static byte[] OfLength(int totalLength, int[] voters, int offset = 0, int slack = 0)
    {
        byte[] head = Head(voters);
        if (totalLength < head.Length) throw new ArgumentOutOfRangeException(nameof(totalLength), "shorter than its head");
        var data = new byte[offset + totalLength + slack];
        head.CopyTo(data, offset);
        return data;
    }

    /// <summary>The head of <paramref name="voters"/> followed by <paramref name="state"/>.</summary>
    public static byte[] With(int[] voters, byte[] state)
    {
        byte[] head = Head(voters);
        var data = new byte[head.Length + state.Length];
        head.CopyTo(data, 0);
        state.CopyTo(data, head.Length);
        return data;
    }

    /// <summary>The head of the founders 1..<paramref name="clusterSize"/>: what a snapshot of a cluster that never changed carries.</summary>
    public static int[] Founders(int clusterSize) => Enumerable.Range(1, clusterSize).ToArray();
}
