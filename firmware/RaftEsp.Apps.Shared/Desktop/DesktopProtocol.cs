using RaftEsp.Core;

namespace RaftEsp.Apps
{
    /// <summary>
    /// The collector-desktop UDP protocol (docs/protocol.md gives every byte). A datagram is: magic 0xD1 (protocol
    /// and version; a radio frame starts with 0x01, so neither passes for the other), cluster id u16, type u8, a body,
    /// and a SipHash-2-4 tag over everything before it keyed with the cluster key. Decoders never throw: they answer
    /// a <see cref="DatagramError"/>, and on an error the object they fill holds nothing useful. Replays are harmless:
    /// a command carries the client's session id and sequence number, and the database applies each (client, seq)
    /// once and answers a retry with the first result.
    /// </summary>
    public static class DesktopProtocol
    {
        /// <summary>First byte of every datagram: desktop protocol, version 1.</summary>
        public const byte Magic = 0xD1;

        /// <summary>Magic, cluster id, type.</summary>
        public const int HeaderBytes = 4;

        /// <summary>SipHash-2-4 tag at the end.</summary>
        public const int TagBytes = 8;

        /// <summary>Largest datagram either side accepts (well under a 1500-byte Ethernet MTU, no IP fragmentation).</summary>
        public const int MaxDatagramBytes = 1400;

        /// <summary>Desktop to collector: "send status here" (the virtual collector answers the last hello's address).</summary>
        public const int HelloType = 1;

        /// <summary>Desktop to collector: a client command for the server node.</summary>
        public const int CommandRequestType = 2;

        /// <summary>Collector to desktop: one board's status.</summary>
        public const int BoardStatusType = 3;

        /// <summary>Collector to desktop: a command's result.</summary>
        public const int CommandResultType = 4;

        /// <summary>Collector to desktop: the collector's counters.</summary>
        public const int CollectorStatsType = 5;

        /// <summary>Hello body: nonce u32.</summary>
        public const int HelloBody = 4;

        /// <summary>Board status body without a report: node, flags, age, frames heard, polls unanswered.</summary>
        public const int BoardStatusFixedBody = 14;

        /// <summary>Collector stats body before the per-reason counts.</summary>
        public const int CollectorStatsFixedBody = 46;

        /// <summary>Largest datagram this version produces: a board status with a full report (262 bytes).</summary>
        public const int LargestDatagram = HeaderBytes + BoardStatusFixedBody + 4 + AppFrames.MaxReportBody + TagBytes;

        private const int FlagOnline = 1;
        private const int FlagReport = 2;
        private const int FlagPolled = 4;

        /// <summary>The type byte of a datagram that starts like one of ours, or -1 (cheap: no tag check).</summary>
        public static int TypeOf(byte[] datagram, int length)
        {
            if (datagram == null || length < HeaderBytes + TagBytes || length > datagram.Length || datagram[0] != Magic) return -1;
            return datagram[3];
        }

        /// <summary>Checks size, magic, cluster, tag and type; the type is returned in <paramref name="type"/>.</summary>
        public static DatagramError Open(LinkKey key, byte[] datagram, int length, out int type)
        {
            type = -1;
            if (datagram == null || length < HeaderBytes + TagBytes || length > datagram.Length) return DatagramError.TooShort;
            if (length > MaxDatagramBytes) return DatagramError.TooLong;
            if (datagram[0] != Magic) return DatagramError.BadMagic;
            if (Bytes.ReadU16(datagram, 1) != key.ClusterId) return DatagramError.WrongCluster;
            int body = length - TagBytes;
            if (SipHash24.Compute(key.K0, key.K1, datagram, 0, body) != Bytes.ReadU64(datagram, body)) return DatagramError.BadTag;
            type = datagram[3];
            if (type < HelloType || type > CollectorStatsType) return DatagramError.UnknownType;
            return DatagramError.None;
        }

        /// <summary>Seals a hello into <paramref name="datagram"/>; returns its length.</summary>
        public static int EncodeHello(LinkKey key, byte[] datagram, int nonce)
        {
            if (!Room(datagram, HelloBody)) return 0;
            int o = WriteHeader(key, datagram, HelloType);
            Bytes.WriteI32(datagram, o, nonce);
            return Seal(key, datagram, o + HelloBody);
        }

        /// <summary>Checks and reads a hello.</summary>
        public static DatagramError DecodeHello(LinkKey key, byte[] datagram, int length, out int nonce)
        {
            nonce = 0;
            DatagramError error = Check(key, datagram, length, HelloType, HelloBody);
            if (error != DatagramError.None) return error;
            nonce = Bytes.ReadI32(datagram, HeaderBytes);
            return DatagramError.None;
        }

        /// <summary>Seals a command request; returns its length, or 0 for a field out of range.</summary>
        public static int EncodeCommandRequest(LinkKey key, byte[] datagram, ClientCommand command)
        {
            if (!Room(datagram, AppFrames.ClientCommandBody)) return 0;
            int o = WriteHeader(key, datagram, CommandRequestType);
            if (AppFrames.WriteCommandBody(datagram, o, command) < 0) return 0;
            return Seal(key, datagram, o + AppFrames.ClientCommandBody);
        }

        /// <summary>Checks and reads a command request.</summary>
        public static DatagramError DecodeCommandRequest(LinkKey key, byte[] datagram, int length, ClientCommand into)
        {
            DatagramError error = Check(key, datagram, length, CommandRequestType, AppFrames.ClientCommandBody);
            if (error != DatagramError.None) return error;
            return AppFrames.ReadCommandBody(datagram, HeaderBytes, into) == FrameError.None ? DatagramError.None : DatagramError.BadField;
        }

        /// <summary>Seals a command result; returns its length, or 0 for a field out of range.</summary>
        public static int EncodeCommandResult(LinkKey key, byte[] datagram, ClientResult result)
        {
            if (!Room(datagram, AppFrames.ClientResultBody)) return 0;
            int o = WriteHeader(key, datagram, CommandResultType);
            if (AppFrames.WriteResultBody(datagram, o, result) < 0) return 0;
            return Seal(key, datagram, o + AppFrames.ClientResultBody);
        }

        /// <summary>Checks and reads a command result.</summary>
        public static DatagramError DecodeCommandResult(LinkKey key, byte[] datagram, int length, ClientResult into)
        {
            DatagramError error = Check(key, datagram, length, CommandResultType, AppFrames.ClientResultBody);
            if (error != DatagramError.None) return error;
            return AppFrames.ReadResultBody(datagram, HeaderBytes, into) == FrameError.None ? DatagramError.None : DatagramError.BadField;
        }

        /// <summary>Seals a board status (with its report when <see cref="BoardStatus.HasReport"/>); returns its length, or 0.</summary>
        public static int EncodeBoardStatus(LinkKey key, byte[] datagram, BoardStatus status)
        {
            if (!Room(datagram, BoardStatusFixedBody + 4 + AppFrames.MaxReportBody)) return 0;
            if (!NodeId.IsValid(status.NodeId) || status.LastHeardAgeMillis < -1 || status.FramesHeard < 0 || status.PollsUnanswered < 0) return 0;
            int o = WriteHeader(key, datagram, BoardStatusType);
            datagram[o] = (byte)status.NodeId;
            datagram[o + 1] = (byte)((status.Online ? FlagOnline : 0) | (status.HasReport ? FlagReport : 0) | (status.Polled ? FlagPolled : 0));
            Bytes.WriteI32(datagram, o + 2, status.LastHeardAgeMillis);
            Bytes.WriteI32(datagram, o + 6, status.FramesHeard);
            Bytes.WriteI32(datagram, o + 10, status.PollsUnanswered);
            int end = o + BoardStatusFixedBody;
            if (status.HasReport)
            {
                StatusReport r = status.Report;
                if (r.NodeId != status.NodeId || r.Term < 0) return 0;
                Bytes.WriteI32(datagram, end, r.Term);
                end = AppFrames.WriteReportBody(datagram, end + 4, end + 4 + AppFrames.MaxReportBody, r);
                if (end < 0) return 0;
            }

            return Seal(key, datagram, end);
        }

        /// <summary>Checks and reads a board status.</summary>
        public static DatagramError DecodeBoardStatus(LinkKey key, byte[] datagram, int length, BoardStatus into)
        {
            DatagramError error = Check(key, datagram, length, BoardStatusType, -1);
            if (error != DatagramError.None) return error;
            int o = HeaderBytes;
            int end = length - TagBytes;
            if (end - o < BoardStatusFixedBody) return DatagramError.BadLength;
            int node = datagram[o];
            int flags = datagram[o + 1];
            int age = Bytes.ReadI32(datagram, o + 2);
            int heard = Bytes.ReadI32(datagram, o + 6);
            int unanswered = Bytes.ReadI32(datagram, o + 10);
            if (!NodeId.IsValid(node) || (flags & ~(FlagOnline | FlagReport | FlagPolled)) != 0 || age < -1 || heard < 0 || unanswered < 0) return DatagramError.BadField;
            bool hasReport = (flags & FlagReport) != 0;
            int p = o + BoardStatusFixedBody;
            if (hasReport)
            {
                if (end - p < 4) return DatagramError.BadLength;
                int term = Bytes.ReadI32(datagram, p);
                if (term < 0) return DatagramError.BadField;
                FrameError report = AppFrames.ReadReportBody(datagram, p + 4, end, into.Report);
                if (report == FrameError.BadLength) return DatagramError.BadLength;
                if (report != FrameError.None) return DatagramError.BadField;
                into.Report.NodeId = node;
                into.Report.Term = term;
            }
            else if (p != end)
            {
                return DatagramError.BadLength;
            }

            into.NodeId = node;
            into.Online = (flags & FlagOnline) != 0;
            into.HasReport = hasReport;
            into.Polled = (flags & FlagPolled) != 0;
            into.LastHeardAgeMillis = age;
            into.FramesHeard = heard;
            into.PollsUnanswered = unanswered;
            return DatagramError.None;
        }

        /// <summary>Seals the collector's counters; returns its length, or 0 for a field out of range.</summary>
        public static int EncodeCollectorStats(LinkKey key, byte[] datagram, CollectorStats stats)
        {
            int reasons = DatagramErrors.Count - 1;
            if (!Room(datagram, CollectorStatsFixedBody + 4 * reasons) || !NodeId.IsValid(stats.CollectorId)) return 0;
            int o = WriteHeader(key, datagram, CollectorStatsType);
            Bytes.WriteI32(datagram, o, stats.HelloNonce);
            datagram[o + 4] = (byte)stats.CollectorId;
            int p = o + 5;
            p = WriteCounter(datagram, p, stats.UptimeSeconds);
            p = WriteCounter(datagram, p, stats.PollsSent);
            p = WriteCounter(datagram, p, stats.ReportsReceived);
            p = WriteCounter(datagram, p, stats.PollTimeouts);
            p = WriteCounter(datagram, p, stats.CommandsRelayed);
            p = WriteCounter(datagram, p, stats.ResultsRelayed);
            p = WriteCounter(datagram, p, stats.RadioFramesHeard);
            p = WriteCounter(datagram, p, stats.RadioFramesDropped);
            p = WriteCounter(datagram, p, stats.DatagramsReceived);
            p = WriteCounter(datagram, p, stats.DatagramsDropped);
            datagram[p++] = (byte)reasons;
            for (int i = 1; i <= reasons; i++) p = WriteCounter(datagram, p, stats.DatagramDrops[i]);
            return Seal(key, datagram, p);
        }

        /// <summary>Checks and reads the collector's counters (a later version may list more drop reasons; extra ones are ignored).</summary>
        public static DatagramError DecodeCollectorStats(LinkKey key, byte[] datagram, int length, CollectorStats into)
        {
            DatagramError error = Check(key, datagram, length, CollectorStatsType, -1);
            if (error != DatagramError.None) return error;
            int o = HeaderBytes;
            int end = length - TagBytes;
            if (end - o < CollectorStatsFixedBody) return DatagramError.BadLength;
            int reasons = datagram[o + CollectorStatsFixedBody - 1];
            if (end - o != CollectorStatsFixedBody + 4 * reasons) return DatagramError.BadLength;
            if (!NodeId.IsValid(datagram[o + 4])) return DatagramError.BadField;
            for (int p = o + 5; p < end; p += 4)
            {
                if (p == o + CollectorStatsFixedBody - 1) p++;
                if (p >= end) break;
                if (Bytes.ReadI32(datagram, p) < 0) return DatagramError.BadField;
            }

            into.HelloNonce = Bytes.ReadI32(datagram, o);
            into.CollectorId = datagram[o + 4];
            int q = o + 5;
            into.UptimeSeconds = Bytes.ReadI32(datagram, q);
            into.PollsSent = Bytes.ReadI32(datagram, q + 4);
            into.ReportsReceived = Bytes.ReadI32(datagram, q + 8);
            into.PollTimeouts = Bytes.ReadI32(datagram, q + 12);
            into.CommandsRelayed = Bytes.ReadI32(datagram, q + 16);
            into.ResultsRelayed = Bytes.ReadI32(datagram, q + 20);
            into.RadioFramesHeard = Bytes.ReadI32(datagram, q + 24);
            into.RadioFramesDropped = Bytes.ReadI32(datagram, q + 28);
            into.DatagramsReceived = Bytes.ReadI32(datagram, q + 32);
            into.DatagramsDropped = Bytes.ReadI32(datagram, q + 36);
            System.Array.Clear(into.DatagramDrops, 0, into.DatagramDrops.Length);
            q = o + CollectorStatsFixedBody;
            for (int i = 1; i <= reasons; i++, q += 4)
            {
                if (i < into.DatagramDrops.Length) into.DatagramDrops[i] = Bytes.ReadI32(datagram, q);
            }

            return DatagramError.None;
        }

        private static DatagramError Check(LinkKey key, byte[] datagram, int length, int type, int body)
        {
            DatagramError error = Open(key, datagram, length, out int actual);
            if (error != DatagramError.None) return error;
            if (actual != type) return DatagramError.Unexpected;
            if (body >= 0 && length != HeaderBytes + body + TagBytes) return DatagramError.BadLength;
            return DatagramError.None;
        }

        private static int WriteHeader(LinkKey key, byte[] datagram, int type)
        {
            datagram[0] = Magic;
            Bytes.WriteU16(datagram, 1, key.ClusterId);
            datagram[3] = (byte)type;
            return HeaderBytes;
        }

        private static int Seal(LinkKey key, byte[] datagram, int length)
        {
            Bytes.WriteU64(datagram, length, SipHash24.Compute(key.K0, key.K1, datagram, 0, length));
            return length + TagBytes;
        }

        private static bool Room(byte[] datagram, int body) => datagram != null && datagram.Length >= HeaderBytes + body + TagBytes;

        private static int WriteCounter(byte[] datagram, int p, int value)
        {
            Bytes.WriteI32(datagram, p, value < 0 ? 0 : value);
            return p + 4;
        }
    }
}
