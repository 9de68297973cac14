using RaftEsp.DeviceTests.Wire;

namespace RaftEsp.Core.Tests.Wire;

public class SipHash24Tests
{
    private static readonly byte[] Key = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();

    public static TheoryData<int> Lengths() => new(Enumerable.Range(0, 64));

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Matches_the_published_test_vector(int length)
    {
        byte[] message = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();
        ulong tag = SipHash24.Compute(SipHash24.KeyHalf(Key, 0), SipHash24.KeyHalf(Key, 1), message, 0, length);
        byte[] bytes = BitConverter.GetBytes(tag);
        Assert.Equal(SipHashVectors.Expected[length], Convert.ToHexStringLower(bytes));
    }

    [Fact]
    public void Honours_offset_into_a_larger_buffer()
    {
        byte[] buffer = new byte[100];
        for (int i = 0; i < 20; i++) buffer[30 + i] = (byte)i;
        ulong inPlace = SipHash24.Compute(SipHash24.KeyHalf(Key, 0), SipHash24.KeyHalf(Key, 1), buffer, 30, 20);
        byte[] bytes = BitConverter.GetBytes(inPlace);
        Assert.Equal(SipHashVectors.Expected[20], Convert.ToHexStringLower(bytes));
    }

    [Fact]
    public void A_different_key_gives_a_different_tag()
    {
        byte[] message = new byte[32];
        ulong a = SipHash24.Compute(1, 2, message, 0, 32);
        ulong b = SipHash24.Compute(1, 3, message, 0, 32);
        Assert.NotEqual(a, b);
    }
}
