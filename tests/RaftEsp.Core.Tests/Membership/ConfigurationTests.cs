namespace RaftEsp.Core.Tests.Membership;

/// <summary>
/// <see cref="Configuration"/>: the voters and learners a node acts on (dissertation §4.1, §4.2.1). Check says whether
/// one single-server change may be appended, Apply makes it (and nothing when Check refuses), Write/Measure/Read carry a
/// configuration in a snapshot's head (docs/wire-format.md, "Snapshot: configuration head, then the database").
/// </summary>
public class ConfigurationTests
{
    private const int Capacity = 5;

    private static Configuration Of(int[] voters, int[]? learners = null)
    {
        var c = new Configuration();
        Assert.True(c.Read(HeadBytes(voters, learners), 0, 2 + voters.Length + (learners?.Length ?? 0)));
        return c;
    }

    // The head bytes by hand (SnapshotBlob), independent of Configuration.Write.
    private static byte[] HeadBytes(int[] voters, int[]? learners) => RaftEsp.Core.Tests.Raft.Harness.SnapshotBlob.Head(voters, learners);

    private static int[] Ids(NodeSet set) => Enumerable.Range(0, set.Count).Select(set.IdAt).ToArray();

    [Fact]
    public void A_new_configuration_is_empty_and_only_an_added_learner_applies_to_it()
    {
        // A joiner's configuration before the leader's log reaches it (Config.Join).
        var c = new Configuration();
        Assert.Equal(0, c.Count);
        Assert.Equal(ErrorCode.NotMember, c.Check(EntryKind.RemoveNode, 1, Capacity));
        Assert.Equal(ErrorCode.NotMember, c.Check(EntryKind.PromoteLearner, 1, Capacity));
        Assert.Equal(ErrorCode.None, c.Check(EntryKind.AddLearner, 1, Capacity));
    }

    [Fact]
    public void The_founding_configuration_holds_the_founders_as_voters_except_a_joiner_under_a_founders_id()
    {
        var c = new Configuration();
        c.Found([1, 2, 3], NodeId.None);
        Assert.Equal([1, 2, 3], Ids(c.Voters));
        Assert.Equal(0, c.Learners.Count);
        c.Found([1, 2, 3], 2);
        Assert.Equal([1, 3], Ids(c.Voters));
    }

    [Theory]
    [InlineData(EntryKind.AddLearner, 4, ErrorCode.None)]
    [InlineData(EntryKind.AddLearner, 2, ErrorCode.AlreadyMember)] // a voter
    [InlineData(EntryKind.AddLearner, 9, ErrorCode.AlreadyMember)] // a learner
    [InlineData(EntryKind.PromoteLearner, 9, ErrorCode.None)]
    [InlineData(EntryKind.PromoteLearner, 2, ErrorCode.AlreadyMember)]
    [InlineData(EntryKind.PromoteLearner, 4, ErrorCode.NotMember)]
    [InlineData(EntryKind.RemoveNode, 2, ErrorCode.None)]
    [InlineData(EntryKind.RemoveNode, 9, ErrorCode.None)] // a learner
    [InlineData(EntryKind.RemoveNode, 4, ErrorCode.NotMember)]
    [InlineData(EntryKind.AddLearner, -1, ErrorCode.InvalidCommand)]
    [InlineData(EntryKind.AddLearner, NodeId.Broadcast, ErrorCode.InvalidCommand)]
    [InlineData(EntryKind.RemoveNode, 300, ErrorCode.InvalidCommand)]
    [InlineData(EntryKind.Set, 4, ErrorCode.InvalidCommand)] // not a membership kind
    [InlineData(EntryKind.Noop, 4, ErrorCode.InvalidCommand)]
    [InlineData(EntryKind.Register, 4, ErrorCode.InvalidCommand)]
    [InlineData(EntryKind.Remove, 4, ErrorCode.InvalidCommand)]
    public void Check_answers_the_typed_reason_for_each_change(EntryKind kind, int nodeId, ErrorCode expected)
    {
        Configuration c = Of([1, 2, 3], [9]);
        Assert.Equal(expected, c.Check(kind, nodeId, Capacity));
    }

    [Fact]
    public void The_only_voter_cannot_be_removed_even_with_learners_beside_it()
    {
        // A configuration with no voter could never commit again (§4.1: a majority of zero voters is no one).
        Configuration c = Of([1], [2]);
        Assert.Equal(ErrorCode.LastVoter, c.Check(EntryKind.RemoveNode, 1, Capacity));
        Assert.False(c.Apply(EntryKind.RemoveNode, 1, Capacity));
        Assert.Equal([1], Ids(c.Voters));
        Assert.Equal(ErrorCode.None, c.Check(EntryKind.RemoveNode, 2, Capacity));
    }

    [Fact]
    public void A_full_cluster_refuses_a_learner_counting_voters_and_learners()
    {
        Configuration c = Of([1, 2, 3], [4]);
        Assert.Equal(ErrorCode.None, c.Check(EntryKind.AddLearner, 5, 5));
        Assert.Equal(ErrorCode.ClusterFull, c.Check(EntryKind.AddLearner, 5, 4));
        // Full is about adding: promoting or removing still works.
        Assert.Equal(ErrorCode.None, c.Check(EntryKind.PromoteLearner, 4, 4));
        Assert.Equal(ErrorCode.None, c.Check(EntryKind.RemoveNode, 1, 4));
    }

    [Fact]
    public void Apply_adds_promotes_and_removes_keeping_the_order_of_the_others()
    {
        Configuration c = Of([1, 2, 3]);
        Assert.True(c.Apply(EntryKind.AddLearner, 7, Capacity));
        Assert.True(c.Apply(EntryKind.AddLearner, 5, Capacity));
        Assert.Equal([7, 5], Ids(c.Learners));
        Assert.True(c.Apply(EntryKind.PromoteLearner, 5, Capacity));
        Assert.Equal([1, 2, 3, 5], Ids(c.Voters)); // a promoted learner votes last, in the order it joined the voters
        Assert.Equal([7], Ids(c.Learners));
        Assert.True(c.Apply(EntryKind.RemoveNode, 2, Capacity));
        Assert.Equal([1, 3, 5], Ids(c.Voters));
        Assert.True(c.Apply(EntryKind.RemoveNode, 7, Capacity));
        Assert.Equal(0, c.Learners.Count);
        Assert.Equal(3, c.Count);
    }

    [Theory]
    [InlineData(EntryKind.AddLearner, 2)]
    [InlineData(EntryKind.PromoteLearner, 8)]
    [InlineData(EntryKind.RemoveNode, 8)]
    [InlineData(EntryKind.Set, 4)]
    [InlineData(EntryKind.AddLearner, 6)] // full at capacity 4
    public void Apply_of_a_change_Check_refuses_returns_false_and_changes_nothing(EntryKind kind, int nodeId)
    {
        Configuration c = Of([1, 2, 3], [4]);
        Configuration before = Of([1, 2, 3], [4]);
        Assert.False(c.Apply(kind, nodeId, 4));
        Assert.True(c.SameAs(before));
    }

    [Fact]
    public void SameAs_compares_members_and_their_order()
    {
        Assert.True(Of([1, 2], [3]).SameAs(Of([1, 2], [3])));
        Assert.False(Of([1, 2], [3]).SameAs(Of([2, 1], [3])));
        Assert.False(Of([1, 2], [3]).SameAs(Of([1, 2, 3])));
        Assert.False(Of([1, 2]).SameAs(Of([1, 2], [3])));
    }

    [Fact]
    public void Write_puts_the_counts_then_the_voters_then_the_learners()
    {
        Configuration c = Of([3, 1], [200, 0]);
        var buffer = new byte[10];
        buffer[0] = 0xEE;
        Assert.Equal(7, c.Write(buffer, 1));
        Assert.Equal(6, c.EncodedSize);
        Assert.Equal(new byte[] { 0xEE, 2, 2, 3, 1, 200, 0, 0, 0, 0 }, buffer);
    }

    [Theory]
    [InlineData(new int[] { 1 }, new int[0])]
    [InlineData(new int[] { 1, 2, 3 }, new int[] { 4, 5 })]
    [InlineData(new int[] { 0, 254 }, new int[] { 17 })] // the extreme ids
    public void Write_then_Read_gives_the_same_configuration_and_Measure_its_size(int[] voters, int[] learners)
    {
        Configuration c = Of(voters, learners);
        var buffer = new byte[3 + Configuration.MaxEncodedBytes];
        int end = c.Write(buffer, 3);
        Assert.Equal(c.EncodedSize, Configuration.Measure(buffer, 3, buffer.Length));
        Assert.Equal(3 + c.EncodedSize, end);
        var back = new Configuration();
        Assert.True(back.Read(buffer, 3, end));
        Assert.True(back.SameAs(c));
        Assert.Equal(voters, Ids(back.Voters));
        Assert.Equal(learners, Ids(back.Learners));
    }

    [Fact]
    public void The_largest_configuration_is_16_members_in_18_bytes_and_one_more_is_malformed()
    {
        int[] sixteen = Enumerable.Range(1, Config.MaxClusterSize).ToArray();
        Configuration c = Of(sixteen[..10], sixteen[10..]);
        Assert.Equal(Configuration.MaxEncodedBytes, c.EncodedSize);
        Assert.Equal(18, Configuration.MaxEncodedBytes);
        Assert.Equal(Configuration.MaxEncodedBytes, c.Write(new byte[Configuration.MaxEncodedBytes], 0));

        byte[] seventeen = HeadBytes(Enumerable.Range(1, 11).ToArray(), Enumerable.Range(12, 6).ToArray());
        Assert.Equal(-1, Configuration.Measure(seventeen, 0, seventeen.Length));
    }

    public static TheoryData<string, byte[], int, int> MalformedHeads() => new()
    {
        { "no voter", [0, 1, 4], 0, 3 },
        { "no voter, nothing after", [0, 0], 0, 2 },
        { "one byte", [1], 0, 1 },
        { "ids cut short", [3, 0, 1, 2], 0, 4 },
        { "end stops inside the ids", [2, 0, 1, 2], 0, 3 },
        { "a duplicate voter", [2, 0, 1, 1], 0, 4 },
        { "a learner who is a voter", [2, 1, 1, 2, 1], 0, 5 },
        { "the broadcast id", [1, 0, 255], 0, 3 },
        { "more than 16 members", [17, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17], 0, 19 },
        { "learner count overflow", [1, 255, 1], 0, 3 },
        { "end past the buffer", [1, 0, 1], 0, 4 },
        { "negative offset", [1, 0, 1], -1, 3 },
    };

    [Theory]
    [MemberData(nameof(MalformedHeads))]
    public void A_malformed_head_is_measured_minus_1_and_Read_refuses_it_changing_nothing(string what, byte[] bytes, int offset, int end)
    {
        Assert.True(Configuration.Measure(bytes, offset, end) == -1, what);
        Configuration c = Of([5, 6], [7]);
        Assert.False(c.Read(bytes, offset, end), what);
        Assert.True(c.SameAs(Of([5, 6], [7])), what);
    }

    [Fact]
    public void Measure_refuses_no_buffer()
    {
        Assert.Equal(-1, Configuration.Measure(null!, 0, 0));
    }

    [Fact]
    public void Measure_reads_only_the_head_whatever_follows_it()
    {
        // The database's bytes follow the head in a snapshot: they are not part of it.
        byte[] blob = [1, 1, 4, 5, 0xFF, 0xFF, 0xFF];
        Assert.Equal(4, Configuration.Measure(blob, 0, blob.Length));
        Assert.Equal(4, RaftNode.SnapshotStateOffset(blob, 0, blob.Length));
        Assert.Equal(-1, RaftNode.SnapshotStateOffset(blob, 4, 3));
    }
}
