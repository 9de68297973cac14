using RaftEsp.Core;

namespace RaftEsp.Simulator;

/// <summary>
/// The commits per second the model's channel allows if every frame carried as many commands as the setting permits
/// and nothing collided or was lost (docs/performance.md, "channel bound"). Per batch of commands: one Propose from
/// the server node when another board leads (unicast), the AppendEntries (one broadcast, or one unicast per follower
/// in the naive setting) and one AppendResponse per follower (unicast); each frame pays DIFS, the mean backoff, its
/// airtime and, for unicast, SIFS and the ACK (<see cref="RadioConfig.ChannelBoundFramesPerSecond"/>). The frame
/// sizes come from encoding real frames with the core's codec, so they cannot drift from docs/wire-format.md.
/// </summary>
public static class ChannelBound
{
    /// <summary>Bytes on the air of a frame of <paramref name="type"/> carrying <paramref name="sets"/> set commands.</summary>
    public static int FrameBytes(MessageType type, int sets)
    {
        var codec = new FrameCodec(1, new byte[16]);
        var m = new Message { Type = type, From = 1, To = 2, Term = 1, EntriesTerm = 1, EntryCount = sets };
        for (int i = 0; i < sets; i++) m.SetEntry(i, EntryKind.Set, 0, 1, i, 1);
        int length = codec.Encode(m, new byte[FrameLimits.MaxFrameBytes]);
        if (length == 0) throw new ArgumentException($"a {MessageTypes.Name(type)} frame of {sets} set commands cannot be encoded");
        return length;
    }

    /// <summary>
    /// The bound for <paramref name="nodes"/> boards: batches of <see cref="FrameLimits.MaxEntriesPerAppend"/>
    /// commands, broadcast appends; or, <paramref name="naive"/>, one command per frame and no broadcast.
    /// </summary>
    public static double CommitsPerSecond(RadioConfig radio, int nodes, bool naive, bool serverLeads)
    {
        int batch = naive ? 1 : FrameLimits.MaxEntriesPerAppend;
        int followers = nodes - 1;
        double micros = followers * FrameMicros(radio, FrameBytes(MessageType.AppendResponse, 0), unicast: true);
        int append = FrameBytes(MessageType.AppendEntries, batch);
        micros += naive ? followers * FrameMicros(radio, append, unicast: true) : FrameMicros(radio, append, unicast: false);
        if (!serverLeads) micros += FrameMicros(radio, FrameBytes(MessageType.Propose, batch), unicast: true);
        return batch * 1_000_000 / micros;
    }

    private static double FrameMicros(RadioConfig radio, int payloadBytes, bool unicast) =>
        1_000_000 / radio.ChannelBoundFramesPerSecond(payloadBytes, unicast);
}
