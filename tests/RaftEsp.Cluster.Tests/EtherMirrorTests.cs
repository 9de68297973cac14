using System.Net;
using System.Net.Sockets;
using RaftEsp.Core;
using RaftEsp.Ether;

namespace RaftEsp.Cluster.Tests;

/// <summary>The ether's mirror: every frame described to one loopback endpoint, with each copy's fate, tagged.</summary>
public sealed class EtherMirrorTests
{
    private static readonly byte[] Key = Enumerable.Range(100, 16).Select(i => (byte)i).ToArray();
    private static readonly ulong K0 = SipHash24.KeyHalf(Key, 0);
    private static readonly ulong K1 = SipHash24.KeyHalf(Key, 1);

    private static byte[] Frame(int length, byte first) => [first, .. Enumerable.Repeat((byte)0x33, length - 1)];

    /// <summary>A monitor's socket: receives mirror datagrams and decodes them with the key.</summary>
    private sealed class MirrorListener : IDisposable
    {
        private readonly Socket socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

        public MirrorListener()
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            Port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        }

        public int Port { get; }

        public List<byte[]> Datagrams { get; } = new();

        /// <summary>Receives until <paramref name="frames"/> records arrived (or 3 s passed); returns them in order.</summary>
        public List<MirrorRecord> Receive(int frames)
        {
            var records = new List<MirrorRecord>();
            byte[] buffer = new byte[2048];
            socket.ReceiveTimeout = 3000;
            while (records.Count < frames)
            {
                int n;
                try
                {
                    n = socket.Receive(buffer);
                }
                catch (SocketException)
                {
                    break;
                }

                Datagrams.Add(buffer[..n]);
                Assert.Equal(MirrorError.None, MirrorDatagram.Decode(buffer, n, K0, K1, records, out _, out _));
            }

            return records;
        }

        public void Dispose() => socket.Dispose();
    }

    [Fact]
    public void Every_frame_is_described_with_its_first_bytes_and_each_receivers_fate()
    {
        using var h = new EtherHarness(mirrorKey: Key);
        using var monitor = new MirrorListener();
        RawBoard a = h.Board(0), b = h.Board(1), c = h.Board(2);
        Assert.StartsWith("ok mirror=127.0.0.1:" + monitor.Port, h.Server.Execute("mirror " + monitor.Port), StringComparison.Ordinal);
        h.Server.Execute("isolate 2");
        long before = h.Server.Mirror.NowMicros;
        a.Send(255, Frame(100, 2)); // to b (delivered) and c (isolated)
        b.Send(0, Frame(20, 2));    // unicast: delivered
        a.Send(7, Frame(30, 2));    // to nobody registered
        h.Settle();
        List<MirrorRecord> got = monitor.Receive(3);
        long after = h.Server.Mirror.NowMicros;

        Assert.Equal(3, got.Count);
        Assert.Equal((0, 255, 100), (got[0].From, got[0].To, got[0].Length));
        Assert.Equal(MirrorDatagram.PrefixBytes, got[0].Prefix.Length);
        Assert.Equal(Frame(100, 2)[..MirrorDatagram.PrefixBytes], got[0].Prefix);
        Assert.Equal([new MirrorCopy(1, MirrorOutcome.Delivered), new MirrorCopy(2, MirrorOutcome.Isolated)], got[0].Copies);
        Assert.Equal((1, 0, 20, 20), (got[1].From, got[1].To, got[1].Length, got[1].Prefix.Length));
        Assert.Equal([new MirrorCopy(0, MirrorOutcome.Delivered)], got[1].Copies);
        Assert.Equal([new MirrorCopy(7, MirrorOutcome.UnknownDestination)], got[2].Copies);
        Assert.All(got, r => Assert.InRange(r.TimeMicros, before, after));
        Assert.True(got[0].TimeMicros <= got[1].TimeMicros && got[1].TimeMicros <= got[2].TimeMicros);
    }

    [Fact]
    public void Lost_and_partitioned_copies_are_marked_with_the_ethers_reason()
    {
        using var h = new EtherHarness(mirrorKey: Key);
        using var monitor = new MirrorListener();
        RawBoard[] boards = Enumerable.Range(0, 4).Select(n => h.Board(n)).ToArray();
        h.Server.Execute("mirror 127.0.0.1:" + monitor.Port);
        h.Server.Execute("partition 0,1-2,3");
        h.Server.Execute("loss 0 1 100");
        boards[0].Send(255, Frame(45, 2));
        h.Settle();
        MirrorRecord r = Assert.Single(monitor.Receive(1));
        Assert.Equal(
            [new MirrorCopy(1, MirrorOutcome.Loss), new MirrorCopy(2, MirrorOutcome.Partition), new MirrorCopy(3, MirrorOutcome.Partition)],
            r.Copies);
        Assert.Empty(boards[1].Drain(50));
    }

    [Fact]
    public void A_sniffer_hears_unicast_but_the_mirror_lists_only_the_addressee()
    {
        using var h = new EtherHarness(mirrorKey: Key);
        using var monitor = new MirrorListener();
        RawBoard a = h.Board(0), b = h.Board(1);
        h.Board(200, sniffer: true);
        h.Server.Execute("mirror " + monitor.Port);
        a.Send(1, Frame(60, 2));
        h.Settle();
        Assert.Equal([new MirrorCopy(1, MirrorOutcome.Delivered)], Assert.Single(monitor.Receive(1)).Copies);
    }

    [Fact]
    public void A_burst_is_batched_into_datagrams_of_at_most_1400_bytes()
    {
        using var h = new EtherHarness(mirrorKey: Key);
        using var monitor = new MirrorListener();
        RawBoard[] boards = Enumerable.Range(0, 9).Select(n => h.Board(n)).ToArray();
        h.Server.Execute("mirror " + monitor.Port);
        for (int i = 0; i < 300; i++) boards[i % 9].Send(255, Frame(45 + i % 200, 2));
        h.Settle();
        List<MirrorRecord> got = monitor.Receive(300);
        Assert.Equal(300, got.Count);
        Assert.All(monitor.Datagrams, d => Assert.InRange(d.Length, 1, MirrorDatagram.MaxBytes));
        Assert.True(monitor.Datagrams.Count < 300 / 5, $"{monitor.Datagrams.Count} datagrams for 300 frames: not batched");
        Assert.Equal(Enumerable.Range(0, 300).Select(i => 45 + i % 200), got.Select(r => r.Length));
        Assert.Equal(300, h.Server.Mirror.Frames);
    }

    [Fact]
    public void Mirror_off_stops_it_and_bad_mirror_commands_change_nothing()
    {
        using var h = new EtherHarness(mirrorKey: Key);
        using var monitor = new MirrorListener();
        RawBoard a = h.Board(0);
        h.Board(1);
        Assert.StartsWith("ok mirror=off", h.Server.Execute("mirror"), StringComparison.Ordinal);
        foreach (string bad in new[] { "mirror 10.0.0.1:5000", "mirror 0", "mirror 70000", "mirror nowhere", "mirror 1 2", "mirror 192.168.1.5:80" })
        {
            Assert.StartsWith("error:", h.Server.Execute(bad), StringComparison.Ordinal);
            Assert.Null(h.Server.Mirror.Target);
        }

        h.Server.Execute("mirror " + monitor.Port);
        Assert.StartsWith("error:", h.Server.Execute("mirror 8.8.8.8:53"), StringComparison.Ordinal);
        Assert.Equal(monitor.Port, h.Server.Mirror.Target!.Port); // a refused command keeps the mirror as it was
        Assert.StartsWith("ok mirror=off", h.Server.Execute("mirror off"), StringComparison.Ordinal);
        a.Send(1, Frame(45, 2));
        h.Settle();
        Assert.Empty(monitor.Receive(1));
        Assert.Equal(0, h.Server.Mirror.Frames);
    }

    [Fact]
    public void Without_a_key_the_ether_refuses_to_mirror()
    {
        using var h = new EtherHarness();
        Assert.Contains("no mirror key", h.Server.Execute("mirror 5000"), StringComparison.Ordinal);
        Assert.Null(h.Server.Mirror.Target);
    }

    [Fact]
    public void A_datagram_with_another_key_or_altered_or_cut_is_refused_by_reason()
    {
        using var h = new EtherHarness(mirrorKey: Key);
        using var monitor = new MirrorListener();
        RawBoard a = h.Board(0);
        h.Board(1);
        h.Server.Execute("mirror " + monitor.Port);
        a.Send(1, Frame(45, 2));
        h.Settle();
        monitor.Receive(1);
        byte[] good = monitor.Datagrams[0];
        var into = new List<MirrorRecord>();
        Assert.Equal(MirrorError.BadTag, MirrorDatagram.Decode(good, good.Length, K0 + 1, K1, into, out _, out _));
        byte[] altered = (byte[])good.Clone();
        altered[20] ^= 1;
        Assert.Equal(MirrorError.BadTag, MirrorDatagram.Decode(altered, altered.Length, K0, K1, into, out _, out _));
        Assert.Equal(MirrorError.TooShort, MirrorDatagram.Decode(good, 10, K0, K1, into, out _, out _));
        byte[] magic = (byte[])good.Clone();
        magic[0] = 0x01;
        Assert.Equal(MirrorError.BadMagic, MirrorDatagram.Decode(magic, magic.Length, K0, K1, into, out _, out _));
        Assert.Equal(MirrorError.TooLong, MirrorDatagram.Decode(new byte[1500], 1500, K0, K1, into, out _, out _));

        // Well tagged but inconsistent inside: each field out of range, resealed with the right key.
        Assert.Equal(MirrorError.BadLength, MirrorDatagram.Decode(Resealed(good, d => d[14] = 2), good.Length, K0, K1, into, out _, out _)); // count 2, one record
        Assert.Equal(MirrorError.BadField, MirrorDatagram.Decode(Resealed(good, d => d[15 + 6] = 0), good.Length, K0, K1, into, out _, out _)); // frame length 0
        Assert.Equal(MirrorError.BadField, MirrorDatagram.Decode(Resealed(good, d => d[15 + 4] = 255), good.Length, K0, K1, into, out _, out _)); // from 255
        Assert.Equal(MirrorError.BadField, MirrorDatagram.Decode(Resealed(good, d => d[15 + 7] = 3), good.Length, K0, K1, into, out _, out _)); // prefix not min(length, 37)
        int outcome = 15 + MirrorDatagram.RecordFixedBytes + 37 + 1;
        Assert.Equal(MirrorError.BadField, MirrorDatagram.Decode(Resealed(good, d => d[outcome] = 7), good.Length, K0, K1, into, out _, out _)); // no such outcome
        Assert.Empty(into);
    }

    private static byte[] Resealed(byte[] good, Action<byte[]> change)
    {
        byte[] copy = (byte[])good.Clone();
        change(copy);
        MirrorDatagram.Seal(copy, copy.Length - MirrorDatagram.TagBytes, K0, K1);
        return copy;
    }
}
