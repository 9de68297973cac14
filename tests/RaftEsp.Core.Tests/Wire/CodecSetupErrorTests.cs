namespace RaftEsp.Core.Tests.Wire;

/// <summary>
/// A codec is set up once per board from its configuration; a wrong key or cluster id is the user's mistake, so the
/// exception must say which of the two is wrong and what it must be.
/// </summary>
public class CodecSetupErrorTests
{
    [Fact]
    public void A_key_of_the_wrong_length_is_named_in_the_error()
    {
        var error = Assert.Throws<ArgumentException>(() => new FrameCodec(1, new byte[17]));
        Assert.Equal("the cluster key must be 16 bytes", error.Message);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0x10000)]
    public void A_cluster_id_beyond_16_bits_is_named_in_the_error(int clusterId)
    {
        var error = Assert.Throws<ArgumentException>(() => new FrameCodec(clusterId, new byte[16]));
        Assert.Equal("the cluster id must fit 16 bits", error.Message);
    }
}
