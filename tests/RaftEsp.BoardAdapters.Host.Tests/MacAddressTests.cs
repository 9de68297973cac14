namespace RaftEsp.BoardAdapters.Host.Tests;

public class MacAddressTests
{
    [Theory]
    [InlineData("24:6F:28:AA:BB:01")]
    [InlineData("24-6f-28-aa-bb-01")]
    [InlineData("24:6f:28:AA:bb:01")]
    public void Parses_colon_or_dash_separated_hex_in_either_case(string text)
    {
        byte[] mac = new byte[6];
        Assert.True(MacAddress.TryParse(text, 0, mac));
        Assert.Equal(new byte[] { 0x24, 0x6F, 0x28, 0xAA, 0xBB, 0x01 }, mac);
    }

    [Theory]
    [InlineData("24:6F:28:AA:BB")]
    [InlineData("24:6F:28:AA:BB:0G")]
    [InlineData("24.6F.28.AA.BB.01")]
    [InlineData("246F28AABB01")]
    [InlineData("")]
    public void Refuses_text_that_is_not_an_address(string text)
    {
        Assert.False(MacAddress.TryParse(text, 0, new byte[6]));
    }

    [Fact]
    public void Parses_an_address_in_the_middle_of_a_line()
    {
        byte[] mac = new byte[6];
        Assert.True(MacAddress.TryParse("mac-3=A0:B1:C2:D3:E4:F5", 6, mac));
        Assert.Equal("A0:B1:C2:D3:E4:F5", MacAddress.Format(mac));
    }

    [Fact]
    public void Format_writes_upper_case_colon_separated_and_round_trips()
    {
        byte[] mac = { 0x00, 0x0A, 0xFF, 0x10, 0x9B, 0xC4 };
        string text = MacAddress.Format(mac);
        Assert.Equal("00:0A:FF:10:9B:C4", text);
        byte[] back = new byte[6];
        Assert.True(MacAddress.TryParse(text, 0, back));
        Assert.Equal(mac, back);
    }

    [Fact]
    public void Broadcast_is_all_ones_and_recognised()
    {
        byte[] broadcast = MacAddress.NewBroadcast();
        Assert.Equal("FF:FF:FF:FF:FF:FF", MacAddress.Format(broadcast));
        Assert.True(MacAddress.IsBroadcast(broadcast));
        Assert.False(MacAddress.IsBroadcast(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE }));
    }

    [Fact]
    public void Same_compares_all_six_bytes()
    {
        Assert.True(MacAddress.Same(new byte[] { 1, 2, 3, 4, 5, 6 }, new byte[] { 1, 2, 3, 4, 5, 6 }));
        Assert.False(MacAddress.Same(new byte[] { 1, 2, 3, 4, 5, 6 }, new byte[] { 1, 2, 3, 4, 5, 7 }));
        Assert.False(MacAddress.Same(new byte[] { 1, 2, 3 }, new byte[] { 1, 2, 3 }));
    }
}
