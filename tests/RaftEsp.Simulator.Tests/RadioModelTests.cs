namespace RaftEsp.Simulator.Tests;

public class RadioModelTests
{
    private sealed class Air
    {
        public readonly EventQueue Events = new();
        public readonly LinkFaults Faults;
        public readonly Channel Channel;
        public readonly List<(long Time, int To, int Length)> Received = new();
        public readonly bool[] Up;

        public Air(int boards, RadioConfig? config = null)
        {
            Up = Enumerable.Repeat(true, boards).ToArray();
            Faults = new LinkFaults(boards) { DelayMicros = 0 };
            Channel = new Channel(Events, config ?? new RadioConfig(), Faults, 7, boards, id => Up[id], (to, bytes) => Received.Add((Events.Now, to, bytes.Length)));
        }
    }

    private static byte[] Frame(int length, MessageType type = MessageType.AppendEntries)
    {
        var f = new byte[length];
        f[3] = (byte)type;
        return f;
    }

    /// <summary>An AppendEntries of <paramref name="count"/> entries after <paramref name="prevIndex"/> (only the
    /// fields the channel's accounting reads: docs/wire-format.md).</summary>
    private static byte[] Append(int prevIndex, int count)
    {
        byte[] f = Frame(FrameLimits.HeaderBytes + 21 + count);
        BitConverter.TryWriteBytes(f.AsSpan(FrameLimits.HeaderBytes), (uint)prevIndex);
        f[FrameLimits.HeaderBytes + 20] = (byte)count;
        return f;
    }

    private static byte[] AppendResponse(bool refused, int index)
    {
        byte[] f = Frame(FrameLimits.HeaderBytes + 17, MessageType.AppendResponse);
        f[FrameLimits.HeaderBytes] = (byte)(refused ? 1 : 0);
        BitConverter.TryWriteBytes(f.AsSpan(FrameLimits.HeaderBytes + 1), (uint)index);
        return f;
    }

    [Fact]
    public void A_refusal_from_a_follower_that_lost_an_append_copy_counts_as_after_a_lost_copy_until_it_catches_up()
    {
        var air = new Air(3);
        air.Faults.Loss = 1;
        air.Channel.Send(0, NodeId.Broadcast, Append(10, 5)); // lost to 1 and 2: they miss 11..15
        air.Events.RunUntil(1_000_000);
        air.Faults.Loss = 0;
        air.Channel.Send(0, NodeId.Broadcast, Append(15, 3)); // sent before the leader learns of the gap: 16..18
        air.Channel.Send(1, 0, AppendResponse(refused: true, index: 15));
        air.Channel.Send(1, 0, AppendResponse(refused: false, index: 15)); // caught up to 15, not yet to 18
        air.Channel.Send(1, 0, AppendResponse(refused: true, index: 18)); // still the same gap: 16..18 were refused
        air.Channel.Send(1, 0, AppendResponse(refused: false, index: 18)); // the gap is closed
        air.Channel.Send(1, 0, AppendResponse(refused: true, index: 20)); // a refusal with no copy lost
        air.Events.RunUntil(2_000_000);
        Assert.Equal(3, air.Channel.Stats.AppendRejects);
        Assert.Equal(2, air.Channel.Stats.AppendRejectsAfterLostCopy);
    }

    [Fact]
    public void A_copy_dropped_from_a_full_receive_queue_opens_a_gap_and_other_lost_frames_do_not()
    {
        var air = new Air(3);
        air.Channel.CopyMissed(2, Append(40, 2)); // as a board does when its receive queue is full
        air.Channel.Send(2, 0, AppendResponse(refused: true, index: 42));
        air.Events.RunUntil(1_000_000);
        Assert.Equal(1, air.Channel.Stats.AppendRejectsAfterLostCopy);
        air.Channel.CopyMissed(1, Frame(30, MessageType.VoteRequest)); // only appends open a gap in the log
        air.Channel.Send(1, 0, AppendResponse(refused: true, index: 42));
        air.Events.RunUntil(2_000_000);
        Assert.Equal(2, air.Channel.Stats.AppendRejects);
        Assert.Equal(1, air.Channel.Stats.AppendRejectsAfterLostCopy);
    }

    [Fact]
    public void A_full_frame_takes_about_2_5_ms_at_1_Mbps()
    {
        var config = new RadioConfig();
        Assert.Equal(192 + (43 + 250) * 8, config.AirtimeMicros(250)); // 2,536 µs
        Assert.Equal(192 + (43 + 39) * 8, config.AirtimeMicros(39)); // a heartbeat: 848 µs
        Assert.Equal(192 + 14 * 8, config.AckMicros);
        Assert.Equal(192 + (int)Math.Ceiling((43 + 250) * 8 / 2.0), new RadioConfig { PhyRateMbps = 2 }.AirtimeMicros(250));
    }

    [Fact]
    public void A_frame_over_250_bytes_fails_the_run()
    {
        var air = new Air(3);
        var e = Assert.Throws<SimulationFailure>(() => air.Channel.Send(0, 1, Frame(251)));
        Assert.Contains("251-byte frame", e.Message);
    }

    [Fact]
    public void A_broadcast_reaches_every_other_board_once_with_no_ack_and_no_retry()
    {
        var air = new Air(4);
        air.Channel.Send(0, NodeId.Broadcast, Frame(100));
        air.Events.RunUntil(1_000_000);
        Assert.Equal([1, 2, 3], air.Received.Select(r => r.To).Order());
        Assert.Equal(1, air.Channel.Stats.Transmissions);
        var config = new RadioConfig();
        long earliest = config.DifsMicros + config.AirtimeMicros(100);
        Assert.All(air.Received, r => Assert.InRange(r.Time, earliest, earliest + config.CwMin * config.SlotMicros));
    }

    [Fact]
    public void A_lost_broadcast_is_not_retried()
    {
        var air = new Air(3);
        air.Faults.Loss = 1;
        air.Channel.Send(0, NodeId.Broadcast, Frame(100));
        air.Events.RunUntil(1_000_000);
        Assert.Empty(air.Received);
        Assert.Equal(1, air.Channel.Stats.Transmissions);
        Assert.Equal(2, air.Channel.Stats.CopiesLost);
    }

    [Fact]
    public void An_unacknowledged_unicast_is_retried_up_to_the_attempt_limit_then_dropped()
    {
        var air = new Air(2);
        air.Faults.Cut(0, 1);
        air.Channel.Send(0, 1, Frame(60));
        air.Events.RunUntil(1_000_000);
        Assert.Empty(air.Received);
        Assert.Equal(7, air.Channel.Stats.Transmissions);
        Assert.Equal(1, air.Channel.Stats.UnicastFailures);
    }

    [Fact]
    public void A_lost_ack_causes_a_retry_but_the_receiver_gets_the_frame_once()
    {
        var air = new Air(2);
        air.Faults.SetExtraLoss(1, 0, 0.7); // ACKs from 1 to 0 mostly lost
        for (int i = 0; i < 20; i++) air.Channel.Send(0, 1, Frame(60));
        air.Events.RunUntil(10_000_000);
        Assert.True(air.Channel.Stats.Retries > 0);
        Assert.True(air.Received.Count <= 20);
        Assert.Equal(air.Received.Count, air.Channel.Stats.CopiesDelivered);
    }

    [Fact]
    public void Frames_share_one_channel_so_frames_that_arrive_never_overlapped_on_the_air()
    {
        var air = new Air(5);
        for (int s = 0; s < 5; s++)
            for (int k = 0; k < 10; k++) air.Channel.Send(s, NodeId.Broadcast, Frame(200));
        air.Events.RunUntil(10_000_000);
        long airtime = new RadioConfig().AirtimeMicros(200);
        Assert.Equal(50, air.Channel.Stats.Transmissions);
        long[] ends = air.Received.Select(r => r.Time).Distinct().Order().ToArray();
        for (int i = 1; i < ends.Length; i++) Assert.True(ends[i] - ends[i - 1] >= airtime, $"frames ending at {ends[i - 1]} and {ends[i]} µs overlapped");
        // Every frame that did not collide reached the 4 other boards; collided frames reached nobody.
        Assert.Equal(ends.Length * 4, air.Received.Count);
        Assert.True(ends.Length >= 50 - 3 * air.Channel.Stats.Collisions, $"{ends.Length} frames arrived, {air.Channel.Stats.Collisions} collisions");
        Assert.True(ends.Length < 50 || air.Channel.Stats.Collisions == 0);
    }

    [Fact]
    public void The_channel_bound_counts_access_airtime_and_ack()
    {
        var config = new RadioConfig();
        double broadcast = config.ChannelBoundFramesPerSecond(247, unicast: false);
        double unicast = config.ChannelBoundFramesPerSecond(247, unicast: true);
        Assert.InRange(broadcast, 300, 400); // 1e6 / (50 + 310 + 2,512) µs
        Assert.True(unicast < broadcast);
    }

    [Fact]
    public void The_cluster_channel_bound_uses_the_codecs_frame_sizes()
    {
        // Sizes from the wire format's constants (docs/wire-format.md), not from the codec under test.
        const int header = FrameLimits.HeaderBytes, tag = FrameLimits.TagBytes, entry = FrameLimits.MaxEntryBytes, full = FrameLimits.MaxEntriesPerAppend;
        int append1 = header + FrameLimits.AppendFixedBytes + entry + tag;
        int appendFull = header + FrameLimits.AppendFixedBytes + full * entry + tag;
        int propose1 = header + 1 + entry + tag; // a count byte, then the entries
        const int response = header + 17 + tag;
        Assert.Equal(append1, ChannelBound.FrameBytes(MessageType.AppendEntries, 1));
        Assert.Equal(appendFull, ChannelBound.FrameBytes(MessageType.AppendEntries, full));
        Assert.InRange(appendFull, FrameLimits.MaxFrameBytes - entry + 1, FrameLimits.MaxFrameBytes);
        Assert.Equal(propose1, ChannelBound.FrameBytes(MessageType.Propose, 1));
        Assert.Equal(propose1 + (full - 1) * entry, ChannelBound.FrameBytes(MessageType.Propose, full));
        Assert.Equal(response, ChannelBound.FrameBytes(MessageType.AppendResponse, 0));

        var radio = new RadioConfig();
        // Per frame: DIFS 50 + mean backoff 310 + airtime, and for unicast SIFS 10 + ACK 304 (docs/radio-model.md).
        double ack = 552 + (43 + response) * 8 + 314;
        Assert.Equal(full * 1e6 / (552 + (43 + appendFull) * 8 + 2 * ack), ChannelBound.CommitsPerSecond(radio, 3, naive: false, serverLeads: true), 6);
        double propose = 552 + (43 + propose1) * 8 + 314, append = 552 + (43 + append1) * 8 + 314;
        Assert.Equal(1e6 / (propose + 4 * (append + ack)), ChannelBound.CommitsPerSecond(radio, 5, naive: true, serverLeads: false), 6);
    }

    [Fact]
    public void A_partition_cuts_exactly_the_links_between_groups()
    {
        var faults = new LinkFaults(5);
        faults.Partition([[0, 1], [2, 3, 4]]);
        Assert.False(faults.IsCut(0, 1));
        Assert.True(faults.IsCut(1, 2));
        Assert.False(faults.IsCut(3, 4));
        faults.HealAll();
        Assert.False(faults.IsCut(1, 2));
    }
}
