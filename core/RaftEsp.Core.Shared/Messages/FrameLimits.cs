namespace RaftEsp.Core
{
    /// <summary>Sizes that follow from the 250-byte ESP-NOW payload. docs/wire-format.md derives each one.</summary>
    public static class FrameLimits
    {
        /// <summary>Largest radio frame (ESP-NOW payload limit).</summary>
        public const int MaxFrameBytes = 250;

        /// <summary>Common header: version, cluster id, type, from, to, term, epoch, counter.</summary>
        public const int HeaderBytes = 16;

        /// <summary>Offset of the frame type (one byte) in the header.</summary>
        public const int TypeOffset = 3;

        /// <summary>Offset of the sender's node id in the header.</summary>
        public const int FromOffset = 4;

        /// <summary>Offset of the destination's node id (or <see cref="NodeId.Broadcast"/>) in the header.</summary>
        public const int ToOffset = 5;

        /// <summary>Offset of an AppendEntries frame's entry count: after previous index, previous term, commit, round and the entries' term.</summary>
        public const int AppendEntryCountOffset = HeaderBytes + 20;

        /// <summary>Offset of an AppendResponse frame's flags (bit 0: refused), the first byte of its body.</summary>
        public const int AppendResponseFlagsOffset = HeaderBytes;

        /// <summary>Offset of the sender's boot epoch (u16) in the header.</summary>
        public const int EpochOffset = 10;

        /// <summary>Offset of the sender's frame counter (u32) in the header.</summary>
        public const int CounterOffset = 12;

        /// <summary>Last boot epoch a sender may use (a u16; epoch 0 is invalid).</summary>
        public const int MaxEpoch = 0xFFFF;

        /// <summary>Last frame counter of an epoch (the 2^31-1 rule of every u32 field; counter 0 is invalid).</summary>
        public const int MaxCounter = int.MaxValue;

        /// <summary>SipHash-2-4 tag at the end of every frame.</summary>
        public const int TagBytes = 8;

        /// <summary>AppendEntries fields before the entries: prevIndex, prevTerm, commit, round, entriesTerm, count.</summary>
        public const int AppendFixedBytes = 21;

        /// <summary>Largest encoded entry (set, add-node, remove-node): kind byte, client u32, seq u32, value i32.</summary>
        public const int MaxEntryBytes = 13;

        /// <summary>Entries one AppendEntries frame can carry whatever their kind: (MaxFrameBytes - HeaderBytes -
        /// AppendFixedBytes - TagBytes) / MaxEntryBytes, derived in docs/wire-format.md.</summary>
        public const int MaxEntriesPerAppend = AppendEntryBudget / MaxEntryBytes;

        /// <summary>Bytes for entries in one AppendEntries frame.</summary>
        public const int AppendEntryBudget = MaxFrameBytes - HeaderBytes - AppendFixedBytes - TagBytes;

        /// <summary>Snapshot chunk fields before the data: index, term, total length, offset, round.</summary>
        public const int SnapshotChunkFixedBytes = 16;

        /// <summary>Snapshot bytes one chunk frame carries: 250 - header - 16 - 8.</summary>
        public const int MaxSnapshotChunkData = MaxFrameBytes - HeaderBytes - SnapshotChunkFixedBytes - TagBytes;

        /// <summary>Largest snapshot the wire can describe (16-bit length and offset).</summary>
        public const int MaxSnapshotBytes = 65535;

        /// <summary>The current protocol version, first byte of every frame.</summary>
        public const byte ProtocolVersion = 2;
    }
}
