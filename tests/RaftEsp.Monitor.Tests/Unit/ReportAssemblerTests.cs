using RaftEsp.Apps;
using RaftEsp.Core;
using RaftEsp.Monitor.Link;
using RaftEsp.Monitor.State;

namespace RaftEsp.Monitor.Tests.Unit;

public sealed class ReportAssemblerTests
{
    private static BoardStatus Page(int node, int slots, int first, int[] values)
    {
        var status = new BoardStatus { NodeId = node, Online = true, HasReport = true };
        status.Report.NodeId = node;
        status.Report.Role = Role.Follower;
        status.Report.SlotCount = slots;
        status.Report.FirstSlot = first;
        status.Report.PageCount = values.Length;
        Array.Copy(values, status.Report.PageValues, values.Length);
        return status;
    }

    [Fact]
    public void Pages_of_a_large_database_fill_in_one_array_per_board()
    {
        var assembler = new ReportAssembler();
        int[] first = Enumerable.Range(100, 27).ToArray();
        int[] second = Enumerable.Range(200, 27).ToArray();
        int[] third = Enumerable.Range(300, 10).ToArray();
        BoardReport r = assembler.Assemble(Page(1, 64, 0, first));
        Assert.Equal(64, r.Database.Count);
        Assert.Equal(first, r.Database.Take(27));
        Assert.All(r.Database.Skip(27), v => Assert.Equal(0, v));
        assembler.Assemble(Page(1, 64, 27, second));
        r = assembler.Assemble(Page(1, 64, 54, third));
        Assert.Equal(first.Concat(second).Concat(third), r.Database);
        BoardReport other = assembler.Assemble(Page(2, 64, 0, new[] { 9 }));
        Assert.Equal(9, other.Database[0]);
        Assert.Equal(0, other.Database[27]);
    }

    [Fact]
    public void A_status_without_a_report_carries_the_last_known_array_and_no_state()
    {
        var assembler = new ReportAssembler();
        assembler.Assemble(Page(3, 5, 0, new[] { 1, 2, 3, 4, 5 }));
        BoardReport r = assembler.Assemble(new BoardStatus { NodeId = 3, Online = false, HasReport = false });
        Assert.False(r.HasState);
        Assert.False(r.Online);
        Assert.Equal(new[] { 1, 2, 3, 4, 5 }, r.Database);
    }

    [Fact]
    public void A_board_stopped_by_a_fault_says_why()
    {
        BoardStatus status = Page(4, 5, 0, new int[5]);
        status.Report.Fault = ErrorCode.BadPersistentState;
        Assert.Equal("bad-persistent-state", new ReportAssembler().Assemble(status).Fault);
    }
}
