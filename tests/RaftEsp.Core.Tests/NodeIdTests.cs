namespace RaftEsp.Core.Tests;

public class NodeIdTests
{
    [Theory]
    [InlineData(0, true)]
    [InlineData(254, true)]
    [InlineData(255, false)]
    [InlineData(-1, false)]
    public void Valid_ids_are_0_to_254(int id, bool valid) => Assert.Equal(valid, NodeId.IsValid(id));
}
