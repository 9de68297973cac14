namespace RaftEsp.Core.Tests.Log;

public class RaftLogTests
{
    private static RaftLog WithTerms(params int[] terms)
    {
        var log = new RaftLog(16);
        foreach (int t in terms) Assert.True(log.Append(t, EntryKind.Set, 0, 0, 0, t));
        return log;
    }

    [Fact]
    public void Terms_are_known_only_for_held_entries_and_the_snapshot_point()
    {
        RaftLog log = WithTerms(1, 1, 2);
        Assert.Equal(0, log.TermAt(0));
        Assert.Equal(2, log.TermAt(3));
        Assert.Equal(-1, log.TermAt(4));
        log.CompactTo(2);
        Assert.Equal(1, log.TermAt(2));
        Assert.Equal(-1, log.TermAt(1));
        Assert.Equal(3, log.FirstIndex);
    }

    [Fact]
    public void A_full_ring_refuses_appends_until_compacted()
    {
        var log = new RaftLog(16);
        for (int i = 0; i < 16; i++) Assert.True(log.Append(1, EntryKind.Noop, 0, 0, 0, 0));
        Assert.False(log.Append(1, EntryKind.Noop, 0, 0, 0, 0));
        log.CompactTo(4);
        Assert.True(log.Append(1, EntryKind.Set, 3, 1, 9, 42));
        Assert.Equal(17, log.LastIndex);
        Assert.Equal(42, log.ValueAt(17));
        Assert.Equal(9, log.SeqAt(17));
    }

    [Fact]
    public void Section_5_4_1_up_to_date_compares_last_term_then_length()
    {
        RaftLog log = WithTerms(1, 2, 2);
        Assert.True(log.IsUpToDate(1, 3));
        Assert.True(log.IsUpToDate(3, 2));
        Assert.False(log.IsUpToDate(2, 2));
        Assert.False(log.IsUpToDate(9, 1));
    }

    [Fact]
    public void Section_5_3_truncation_drops_the_suffix_and_its_durability()
    {
        RaftLog log = WithTerms(1, 1, 1, 1);
        log.StableTo(4);
        log.TruncateAfter(2);
        Assert.Equal(2, log.LastIndex);
        Assert.Equal(2, log.StableIndex);
    }

    [Fact]
    public void FindConflictByTerm_skips_a_whole_term()
    {
        RaftLog log = WithTerms(1, 1, 4, 4, 4, 6, 6);
        Assert.Equal(5, log.FindConflictByTerm(7, 5));
        Assert.Equal(2, log.FindConflictByTerm(7, 3));
        Assert.Equal(0, log.FindConflictByTerm(7, 0));
        Assert.Equal(7, log.FindConflictByTerm(9, 6));
    }
}
