using BenchmarkDotNet.Attributes;

namespace RaftEsp.Core.Benchmarks;

/// <summary>The frame path: what a board pays per radio frame, before any Raft logic.</summary>
[MemoryDiagnoser]
public class FrameBenchmarks
{
    private readonly byte[] key = new byte[16];
    private readonly byte[] frame = new byte[FrameLimits.MaxFrameBytes];
    private readonly Message message = new();
    private readonly Message decoded = new();
    private FrameCodec codec = null!;
    private int length;

    [GlobalSetup]
    public void Setup()
    {
        for (int i = 0; i < key.Length; i++) key[i] = (byte)i;
        codec = new FrameCodec(1, key);
        message.Reset();
        message.Type = MessageType.AppendEntries;
        message.From = 1;
        message.To = NodeId.Broadcast;
        message.Term = 7;
        message.Index = 1000;
        message.LogTerm = 7;
        message.Commit = 990;
        message.Round = 55;
        message.EntriesTerm = 7;
        message.EntryCount = FrameLimits.MaxEntriesPerAppend;
        for (int i = 0; i < message.EntryCount; i++) message.SetEntry(i, EntryKind.Set, i % 5, 1, i, 1_000_000 + i);
        length = codec.Encode(message, frame);
    }

    /// <summary>Encode and tag a full AppendEntries frame (<see cref="FrameLimits.MaxEntriesPerAppend"/> set entries).</summary>
    [Benchmark]
    public int EncodeAndTagFullAppend() => codec.Encode(message, frame);

    /// <summary>Verify the tag of and decode a full AppendEntries frame.</summary>
    [Benchmark]
    public FrameError VerifyAndDecodeFullAppend() => codec.Decode(frame, length, 2, decoded);

    /// <summary>SipHash-2-4 over the body of a largest frame (<see cref="FrameLimits.MaxFrameBytes"/> less the tag).</summary>
    [Benchmark]
    public ulong SipHashFullFrame() => SipHash24.Compute(0x0706050403020100UL, 0x0F0E0D0C0B0A0908UL, frame, 0, FrameLimits.MaxFrameBytes - FrameLimits.TagBytes);
}
