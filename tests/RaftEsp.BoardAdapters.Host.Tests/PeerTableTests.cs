namespace RaftEsp.BoardAdapters.Host.Tests;

public class PeerTableTests
{
    private static byte[] Mac(byte last) => new byte[] { 0x24, 0x6F, 0x28, 0, 0, last };

    [Fact]
    public void Looks_up_addresses_by_node_and_nodes_by_address()
    {
        PeerTable table = new();
        Assert.Equal(AdapterSettingsError.None, table.Add(0, Mac(1)));
        Assert.Equal(AdapterSettingsError.None, table.Add(7, Mac(2)));

        Assert.Equal(Mac(2), table.MacOf(7));
        Assert.Null(table.MacOf(3));
        Assert.Equal(0, table.NodeOf(Mac(1)));
        Assert.Equal(NodeId.None, table.NodeOf(Mac(9)));
        Assert.Equal(2, table.Count);
    }

    [Fact]
    public void Keeps_its_own_copy_of_an_added_address()
    {
        PeerTable table = new();
        byte[] mac = Mac(1);
        table.Add(1, mac);
        mac[5] = 99;
        Assert.Equal(Mac(1), table.MacOf(1));
    }

    [Fact]
    public void Refuses_bad_entries_and_changes_nothing()
    {
        PeerTable table = new();
        table.Add(1, Mac(1));

        Assert.Equal(AdapterSettingsError.DuplicatePeer, table.Add(1, Mac(2)));
        Assert.Equal(AdapterSettingsError.DuplicatePeer, table.Add(2, Mac(1)));
        Assert.Equal(AdapterSettingsError.BadPeerId, table.Add(255, Mac(3)));
        Assert.Equal(AdapterSettingsError.BadPeerId, table.Add(-1, Mac(3)));
        Assert.Equal(AdapterSettingsError.BadPeerMac, table.Add(3, MacAddress.NewBroadcast()));
        Assert.Equal(AdapterSettingsError.BadPeerMac, table.Add(3, new byte[] { 1, 2, 3 }));

        Assert.Equal(1, table.Count);
        Assert.Equal(Mac(1), table.MacOf(1));
    }

    [Fact]
    public void Holds_as_many_peers_as_ESP_NOW_registers_besides_the_broadcast_address()
    {
        PeerTable table = new();
        Assert.Equal(19, PeerTable.MaxPeers);
        for (int i = 0; i < PeerTable.MaxPeers; i++) Assert.Equal(AdapterSettingsError.None, table.Add(i, Mac((byte)i)));
        Assert.Equal(AdapterSettingsError.TooManyPeers, table.Add(100, Mac(100)));
        Assert.Equal(PeerTable.MaxPeers, table.Count);
        Assert.Null(table.MacOf(100));
    }
}
