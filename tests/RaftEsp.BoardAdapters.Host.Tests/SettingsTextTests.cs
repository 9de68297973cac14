namespace RaftEsp.BoardAdapters.Host.Tests;

public class SettingsTextTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("42", 42)]
    [InlineData("999999999", 999999999)]
    [InlineData("", -1)]
    [InlineData("-3", -1)]
    [InlineData("4x", -1)]
    [InlineData("1234567890", -1)]
    public void ParseNatural_reads_plain_decimal_numbers_only(string text, int expected)
    {
        Assert.Equal(expected, SettingsText.ParseNatural(text));
    }

    [Theory]
    [InlineData("255.255.255.255", true)]
    [InlineData("192.168.1.255", true)]
    [InlineData("10.0.0.1", true)]
    [InlineData("256.1.1.1", false)]
    [InlineData("1.2.3", false)]
    [InlineData("1.2.3.4.5", false)]
    [InlineData("1..3.4", false)]
    [InlineData("a.b.c.d", false)]
    [InlineData("0001.2.3.4", false)]
    public void IsIPv4_accepts_dotted_quads_only(string text, bool expected)
    {
        Assert.Equal(expected, SettingsText.IsIPv4(text));
    }

    [Theory]
    [InlineData("true", 1)]
    [InlineData("YES", 1)]
    [InlineData("1", 1)]
    [InlineData("False", 0)]
    [InlineData("no", 0)]
    [InlineData("0", 0)]
    [InlineData("maybe", -1)]
    public void ParseBoolean_reads_the_usual_spellings(string text, int expected)
    {
        Assert.Equal(expected, SettingsText.ParseBoolean(text));
    }

    [Fact]
    public void Trimmed_drops_spaces_tabs_and_carriage_returns_at_both_ends()
    {
        string line = "x= \ta b \r";
        Assert.Equal("a b", SettingsText.Trimmed(line, 2, line.Length));
        Assert.Equal(string.Empty, SettingsText.Trimmed(line, 2, 4));
    }
}
