using RaftEsp.Core;

namespace RaftEsp.Apps
{
    /// <summary>
    /// The collector-desktop UDP protocol, version 2 (docs/protocol.md gives every byte). A datagram is: magic 0xD2
    /// (protocol and version; a radio frame starts with its version byte, 1 or 2, so neither passes for the other),
    /// cluster id u16, type u8, for session types the session id u64 and the sender's counter u32, a body, and a
    /// SipHash-2-4 tag over everything before it keyed with the cluster key. A handshake (Hello, Challenge, Attach) with
    /// fresh nonces from both sides opens a session; every later datagram carries it, and <see cref="LinkSession"/>
    /// drops one of another session or one already seen. Decoders never throw and keep no state: they answer a
    /// <see cref="DatagramError"/>, and on an error the object they fill holds nothing useful.
    /// </summary>
    public static class DesktopProtocol
    {
        /// <summary>First byte of every datagram: desktop protocol, version 2.</summary>
        public const byte Magic = 0xD2;

        /// <summary>Magic, cluster id, type.</summary>
        public const int HeaderBytes = 4;

        /// <summary>Session id u64 and counter u32, after the header of every session datagram.</summary>
        public const int StampBytes = 12;

        /// <summary>SipHash-2-4 tag at the end.</summary>
        public const int TagBytes = 8;

        /// <summary>Largest datagram either side accepts (well under a 1500-byte Ethernet MTU, no IP fragmentation).</summary>
        public const int MaxDatagramBytes = 1400;

        /// <summary>What <see cref="IDesktopLink.Receive"/> answers for a datagram too long for the link's buffer (its bytes are gone).</summary>
        public const int TooLongForLink = -1;

        /// <summary>Desktop to collector: opens a handshake with the desktop's nonce.</summary>
        public const int HelloType = 1;

        /// <summary>Collector to desktop: echoes the hello's nonce and adds the collector's.</summary>
        public const int ChallengeType = 2;

        /// <summary>Desktop to collector: echoes both nonces; the collector opens the session and streams to the sender.</summary>
        public const int AttachType = 3;

        /// <summary>Desktop to collector (session): a client command for the server node.</summary>
        public const int CommandRequestType = 4;

        /// <summary>Collector to desktop (session): one board's status.</summary>
        public const int BoardStatusType = 5;

        /// <summary>Collector to desktop (session): a command's result.</summary>
        public const int CommandResultType = 6;

        /// <summary>Collector to desktop (session): the collector's counters.</summary>
        public const int CollectorStatsType = 7;

        /// <summary>Collector to desktop (session): the radio frames it overheard (<see cref="FramesHeard"/>).</summary>
        public const int FramesHeardType = 8;

        /// <summary>The highest type of this version.</summary>
        public const int LastType = FramesHeardType;

        /// <summary>Hello body: desktop nonce u64.</summary>
        public const int HelloBody = 8;

        /// <summary>Challenge and Attach bodies: two nonces.</summary>
        public const int NoncePairBody = 16;

        /// <summary>Board status body without a report: node, flags, age, frames heard, polls unanswered.</summary>
        public const int BoardStatusFixedBody = 14;

        /// <summary>Collector stats body before the per-reason counts.</summary>
        public const int CollectorStatsFixedBody = 50;

        /// <summary>Largest board status: one with a full report (a full FramesHeard, 1,386 bytes, is larger still).</summary>
        public const int LargestDatagram = HeaderBytes + StampBytes + BoardStatusFixedBody + 4 + AppFrames.MaxReportBody + TagBytes;

        private const int FlagOnline = 1;
        private const int FlagReport = 2;
        private const int FlagPolled = 4;

        /// <summary>True for the types that carry a session stamp (command request, board status, command result, stats).</summary>
        public static bool IsSessionType(int type) => type >= CommandRequestType && type <= LastType;

        /// <summary>True for the types a collector accepts (hello, attach, command request); the others are Unexpected there.</summary>
        public static bool IsForCollector(int type) => type == HelloType || type == AttachType || type == CommandRequestType;

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
            if (length > MaxDatagramBytes || length == TooLongForLink) return DatagramError.TooLong;
            if (datagram == null || length < HeaderBytes + TagBytes || length > datagram.Length) return DatagramError.TooShort;
            if (datagram[0] != Magic) return DatagramError.BadMagic;
            if (Bytes.ReadU16(datagram, 1) != key.ClusterId) return DatagramError.WrongCluster;
            int body = length - TagBytes;
            if (SipHash24.Compute(key.K0, key.K1, datagram, 0, body) != Bytes.ReadU64(datagram, body)) return DatagramError.BadTag;
            type = datagram[3];
            if (type < HelloType || type > LastType) return DatagramError.UnknownType;
            return DatagramError.None;
        }

        /// <summary>Seals a hello into <paramref name="datagram"/>; returns its length.</summary>
        public static int EncodeHello(LinkKey key, byte[] datagram, ulong desktopNonce)
        {
            if (!Room(datagram, HelloBody)) return 0;
            int o = WriteHeader(key, datagram, HelloType);
            Bytes.WriteU64(datagram, o, desktopNonce);
            return Seal(key, datagram, o + HelloBody);
        }

        /// <summary>Checks and reads a hello.</summary>
        public static DatagramError DecodeHello(LinkKey key, byte[] datagram, int length, out ulong desktopNonce)
        {
            desktopNonce = 0;
            DatagramError error = Check(key, datagram, length, HelloType, HelloBody, null);
            if (error != DatagramError.None) return error;
            desktopNonce = Bytes.ReadU64(datagram, HeaderBytes);
            return DatagramError.None;
        }

        /// <summary>Seals a challenge: the hello's nonce echoed, then the collector's.</summary>
        public static int EncodeChallenge(LinkKey key, byte[] datagram, ulong desktopNonce, ulong collectorNonce) =>
            EncodeNoncePair(key, datagram, ChallengeType, desktopNonce, collectorNonce);

        /// <summary>Checks and reads a challenge.</summary>
        public static DatagramError DecodeChallenge(LinkKey key, byte[] datagram, int length, out ulong desktopNonce, out ulong collectorNonce) =>
            DecodeNoncePair(key, datagram, length, ChallengeType, out desktopNonce, out collectorNonce);

        /// <summary>Seals an attach: the challenge's collector nonce echoed, then the desktop's own.</summary>
        public static int EncodeAttach(LinkKey key, byte[] datagram, ulong collectorNonce, ulong desktopNonce) =>
            EncodeNoncePair(key, datagram, AttachType, collectorNonce, desktopNonce);

        /// <summary>Checks and reads an attach.</summary>
        public static DatagramError DecodeAttach(LinkKey key, byte[] datagram, int length, out ulong collectorNonce, out ulong desktopNonce) =>
            DecodeNoncePair(key, datagram, length, AttachType, out collectorNonce, out desktopNonce);

        /// <summary>Seals a command request of session <paramref name="session"/>; returns its length, or 0 for a field out of range.</summary>
        public static int EncodeCommandRequest(LinkKey key, byte[] datagram, ulong session, int counter, ClientCommand command)
        {
            if (!Room(datagram, StampBytes + AppFrames.ClientCommandBody) || counter <= 0) return 0;
            int o = WriteStamped(key, datagram, CommandRequestType, session, counter);
            if (AppFrames.WriteCommandBody(datagram, o, command) < 0) return 0;
            return Seal(key, datagram, o + AppFrames.ClientCommandBody);
        }

        /// <summary>Checks and reads a command request and its stamp.</summary>
        public static DatagramError DecodeCommandRequest(LinkKey key, byte[] datagram, int length, SessionStamp stamp, ClientCommand into)
        {
            DatagramError error = Check(key, datagram, length, CommandRequestType, AppFrames.ClientCommandBody, stamp);
            if (error != DatagramError.None) return error;
            return AppFrames.ReadCommandBody(datagram, HeaderBytes + StampBytes, into) == FrameError.None ? DatagramError.None : DatagramError.BadField;
        }

        /// <summary>Seals a command result; returns its length, or 0 for a field out of range.</summary>
        public static int EncodeCommandResult(LinkKey key, byte[] datagram, ulong session, int counter, ClientResult result)
        {
            if (!Room(datagram, StampBytes + AppFrames.ClientResultBody) || counter <= 0) return 0;
            int o = WriteStamped(key, datagram, CommandResultType, session, counter);
            if (AppFrames.WriteResultBody(datagram, o, result) < 0) return 0;
            return Seal(key, datagram, o + AppFrames.ClientResultBody);
        }

        /// <summary>Checks and reads a command result and its stamp.</summary>
        public static DatagramError DecodeCommandResult(LinkKey key, byte[] datagram, int length, SessionStamp stamp, ClientResult into)
        {
            DatagramError error = Check(key, datagram, length, CommandResultType, AppFrames.ClientResultBody, stamp);
            if (error != DatagramError.None) return error;
            return AppFrames.ReadResultBody(datagram, HeaderBytes + StampBytes, into) == FrameError.None ? DatagramError.None : DatagramError.BadField;
        }

        /// <summary>Seals a board status (with its report when <see cref="BoardStatus.HasReport"/>); returns its length, or 0.</summary>
        public static int EncodeBoardStatus(LinkKey key, byte[] datagram, ulong session, int counter, BoardStatus status)
        {
            if (!Room(datagram, StampBytes + BoardStatusFixedBody + 4 + AppFrames.MaxReportBody) || counter <= 0) return 0;
            if (!NodeId.IsValid(status.NodeId) || status.LastHeardAgeMillis < -1 || status.FramesHeard < 0 || status.PollsUnanswered < 0) return 0;
            int o = WriteStamped(key, datagram, BoardStatusType, session, counter);
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

        /// <summary>Checks and reads a board status and its stamp.</summary>
        public static DatagramError DecodeBoardStatus(LinkKey key, byte[] datagram, int length, SessionStamp stamp, BoardStatus into)
        {
            DatagramError error = Check(key, datagram, length, BoardStatusType, -1, stamp);
            if (error != DatagramError.None) return error;
            int o = HeaderBytes + StampBytes;
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
        public static int EncodeCollectorStats(LinkKey key, byte[] datagram, ulong session, int counter, CollectorStats stats)
        {
            int reasons = DatagramErrors.Count - 1;
            if (!Room(datagram, StampBytes + CollectorStatsFixedBody + 4 * reasons) || counter <= 0 || !NodeId.IsValid(stats.CollectorId)) return 0;
            int o = WriteStamped(key, datagram, CollectorStatsType, session, counter);
            datagram[o] = (byte)stats.CollectorId;
            int p = o + 1;
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
            p = WriteCounter(datagram, p, stats.ChallengesSent);
            p = WriteCounter(datagram, p, stats.SessionsOpened);
            datagram[p++] = (byte)reasons;
            for (int i = 1; i <= reasons; i++) p = WriteCounter(datagram, p, stats.DatagramDrops[i]);
            return Seal(key, datagram, p);
        }

        /// <summary>Checks and reads the collector's counters (a later version may list more drop reasons; extra ones are ignored).</summary>
        public static DatagramError DecodeCollectorStats(LinkKey key, byte[] datagram, int length, SessionStamp stamp, CollectorStats into)
        {
            DatagramError error = Check(key, datagram, length, CollectorStatsType, -1, stamp);
            if (error != DatagramError.None) return error;
            int o = HeaderBytes + StampBytes;
            int end = length - TagBytes;
            if (end - o < CollectorStatsFixedBody) return DatagramError.BadLength;
            int reasons = datagram[o + CollectorStatsFixedBody - 1];
            if (end - o != CollectorStatsFixedBody + 4 * reasons) return DatagramError.BadLength;
            if (!NodeId.IsValid(datagram[o])) return DatagramError.BadField;
            for (int p = o + 1; p < end; p += 4)
            {
                if (p == o + CollectorStatsFixedBody - 1) p++;
                if (p >= end) break;
                if (Bytes.ReadI32(datagram, p) < 0) return DatagramError.BadField;
            }

            into.CollectorId = datagram[o];
            int q = o + 1;
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
            into.ChallengesSent = Bytes.ReadI32(datagram, q + 40);
            into.SessionsOpened = Bytes.ReadI32(datagram, q + 44);
            System.Array.Clear(into.DatagramDrops, 0, into.DatagramDrops.Length);
            q = o + CollectorStatsFixedBody;
            for (int i = 1; i <= reasons; i++, q += 4)
            {
                if (i < into.DatagramDrops.Length) into.DatagramDrops[i] = Bytes.ReadI32(datagram, q);
            }

            return DatagramError.None;
        }

        /// <summary>Seals the frames overheard since the last digest; returns its length, or 0 for a field out of range.</summary>
        public static int EncodeFramesHeard(LinkKey key, byte[] datagram, ulong session, int counter, FramesHeard frames)
        {
            if (!Room(datagram, StampBytes + FramesHeard.FixedBody + frames.RecordBytes) || counter <= 0) return 0;
            if (frames.BaseMillis < 0 || frames.Unreported < 0 || frames.Count > FramesHeard.MaxFrames) return 0;
            int o = WriteStamped(key, datagram, FramesHeardType, session, counter);
            Bytes.WriteI32(datagram, o, frames.BaseMillis);
            Bytes.WriteI32(datagram, o + 4, frames.Unreported);
            datagram[o + 8] = (byte)frames.Count;
            System.Array.Copy(frames.Records, 0, datagram, o + FramesHeard.FixedBody, frames.RecordBytes);
            return Seal(key, datagram, o + FramesHeard.FixedBody + frames.RecordBytes);
        }

        /// <summary>
        /// Checks and reads a frames-heard digest and its stamp: base and unreported 0..2^31−1, count 0..MaxFrames,
        /// each record's length 1–250 and prefix length min(length, 37) (else BadField), the records filling the body
        /// exactly (else BadLength).
        /// </summary>
        public static DatagramError DecodeFramesHeard(LinkKey key, byte[] datagram, int length, SessionStamp stamp, FramesHeard into)
        {
            DatagramError error = Check(key, datagram, length, FramesHeardType, -1, stamp);
            if (error != DatagramError.None) return error;
            int o = HeaderBytes + StampBytes;
            int end = length - TagBytes;
            if (end - o < FramesHeard.FixedBody) return DatagramError.BadLength;
            int baseMillis = Bytes.ReadI32(datagram, o);
            int unreported = Bytes.ReadI32(datagram, o + 4);
            int count = datagram[o + 8];
            if (baseMillis < 0 || unreported < 0 || count > FramesHeard.MaxFrames) return DatagramError.BadField;
            int first = o + FramesHeard.FixedBody;
            int p = first;
            for (int i = 0; i < count; i++)
            {
                if (end - p < FramesHeard.RecordFixedBytes) return DatagramError.BadLength;
                int frameLength = datagram[p + 2];
                int prefix = datagram[p + 3];
                if (frameLength < 1 || frameLength > FrameLimits.MaxFrameBytes) return DatagramError.BadField;
                if (prefix != (frameLength < FramesHeard.PrefixBytes ? frameLength : FramesHeard.PrefixBytes)) return DatagramError.BadField;
                p += FramesHeard.RecordFixedBytes + prefix;
                if (p > end) return DatagramError.BadLength;
            }

            if (p != end) return DatagramError.BadLength;
            into.Load(baseMillis, unreported, count, datagram, first, end - first);
            return DatagramError.None;
        }

        private static int EncodeNoncePair(LinkKey key, byte[] datagram, int type, ulong first, ulong second)
        {
            if (!Room(datagram, NoncePairBody)) return 0;
            int o = WriteHeader(key, datagram, type);
            Bytes.WriteU64(datagram, o, first);
            Bytes.WriteU64(datagram, o + 8, second);
            return Seal(key, datagram, o + NoncePairBody);
        }

        private static DatagramError DecodeNoncePair(LinkKey key, byte[] datagram, int length, int type, out ulong first, out ulong second)
        {
            first = 0;
            second = 0;
            DatagramError error = Check(key, datagram, length, type, NoncePairBody, null);
            if (error != DatagramError.None) return error;
            first = Bytes.ReadU64(datagram, HeaderBytes);
            second = Bytes.ReadU64(datagram, HeaderBytes + 8);
            return DatagramError.None;
        }

        /// <summary>
        /// Envelope checks, then the type, then the length (<paramref name="body"/> bytes after the stamp; -1: checked
        /// by the caller), then the stamp's counter (1..2^31-1, else BadField), read into <paramref name="stamp"/>.
        /// </summary>
        private static DatagramError Check(LinkKey key, byte[] datagram, int length, int type, int body, SessionStamp stamp)
        {
            DatagramError error = Open(key, datagram, length, out int actual);
            if (error != DatagramError.None) return error;
            if (actual != type) return DatagramError.Unexpected;
            int stampBytes = IsSessionType(type) ? StampBytes : 0;
            if (length < HeaderBytes + stampBytes + TagBytes || (body >= 0 && length != HeaderBytes + stampBytes + body + TagBytes)) return DatagramError.BadLength;
            if (stampBytes == 0) return DatagramError.None;
            int counter = Bytes.ReadI32(datagram, HeaderBytes + 8);
            if (counter <= 0) return DatagramError.BadField;
            stamp.Session = Bytes.ReadU64(datagram, HeaderBytes);
            stamp.Counter = counter;
            return DatagramError.None;
        }

        private static int WriteHeader(LinkKey key, byte[] datagram, int type)
        {
            datagram[0] = Magic;
            Bytes.WriteU16(datagram, 1, key.ClusterId);
            datagram[3] = (byte)type;
            return HeaderBytes;
        }

        private static int WriteStamped(LinkKey key, byte[] datagram, int type, ulong session, int counter)
        {
            int o = WriteHeader(key, datagram, type);
            Bytes.WriteU64(datagram, o, session);
            Bytes.WriteI32(datagram, o + 8, counter);
            return o + StampBytes;
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
