namespace RaftEsp.Recording;

/// <summary>
/// CRC-32 as zip, PNG and Ethernet compute it (reflected polynomial 0xEDB88320, start 0xFFFFFFFF, final xor): the
/// check value of "123456789" is 0xCBF43926. Written here because System.IO.Hashing is not among the packages.
/// </summary>
public static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>The CRC of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Append(Start, data));

    /// <summary>The running value before any byte.</summary>
    public const uint Start = 0xFFFFFFFFu;

    /// <summary>Feeds <paramref name="data"/> into a running value (from <see cref="Start"/>).</summary>
    public static uint Append(uint running, ReadOnlySpan<byte> data)
    {
        uint crc = running;
        foreach (byte b in data) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    /// <summary>The CRC of everything fed into <paramref name="running"/>.</summary>
    public static uint Finish(uint running) => running ^ 0xFFFFFFFFu;

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }

        return table;
    }
}
