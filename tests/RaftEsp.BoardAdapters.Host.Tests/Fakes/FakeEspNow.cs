#nullable enable
// A stand-in for the unreleased nanoFramework.EspNow library, with the members EspNowRadio uses and the same
// signatures (EspNowController, AddPeer(byte[], byte), Send(byte[], byte[], int), DataReceived/DataSent), so the
// radio's own logic runs on the host. It records what the radio asks of it and lets a test deliver frames.
namespace nanoFramework.EspNow
{
    public enum EspNowSendStatus
    {
        Success = 0,
        Fail = 1,
    }

    public class DataReceivedEventArgs : EventArgs
    {
        public DataReceivedEventArgs(byte[] peerMac, byte[] data, int dataLen)
        {
            PeerMac = peerMac;
            Data = data;
            DataLen = dataLen;
        }

        public byte[] PeerMac { get; }

        public byte[] Data { get; }

        public int DataLen { get; }
    }

    public class DataSentEventArgs : EventArgs
    {
        public DataSentEventArgs(byte[] peerMac, EspNowSendStatus status)
        {
            PeerMac = peerMac;
            Status = status;
        }

        public byte[] PeerMac { get; }

        public EspNowSendStatus Status { get; }
    }

    public delegate void DataReceivedEventHandler(object sender, DataReceivedEventArgs e);

    public delegate void DataSentEventHandler(object sender, DataSentEventArgs e);

#pragma warning disable CA1711, CA1003 // the real library's names and delegate types
    public sealed class EspNowController : IDisposable
    {
        [ThreadStatic]
        private static EspNowController? last;

        public EspNowController()
        {
            if (FailNextInit)
            {
                FailNextInit = false;
                throw new InvalidOperationException("ESP-NOW init failed");
            }

            last = this;
        }

        public event DataReceivedEventHandler? DataReceived;

        public event DataSentEventHandler? DataSent;

        [ThreadStatic]
        public static bool FailNextInit;

        public static EspNowController? Last => last;

        public List<(byte[] Mac, byte Channel)> Peers { get; } = new();

        public List<(byte[] Mac, byte[] Data)> Sent { get; } = new();

        public bool QueueFull { get; set; }

        public bool Disposed { get; private set; }

        public void AddPeer(byte[] peerMac, byte channel) => Peers.Add(((byte[])peerMac.Clone(), channel));

        public void Send(byte[] peerMac, byte[] data, int dataLen)
        {
            if (QueueFull) throw new InvalidOperationException("ESP_ERR_ESPNOW_NO_MEM");
            Sent.Add(((byte[])peerMac.Clone(), data.AsSpan(0, dataLen).ToArray()));
        }

        public void Receive(byte[] from, byte[] data) => DataReceived?.Invoke(this, new DataReceivedEventArgs(from, data, data.Length));

        public void Report(byte[] to, EspNowSendStatus status) => DataSent?.Invoke(this, new DataSentEventArgs(to, status));

        public void Dispose() => Disposed = true;
    }
#pragma warning restore CA1711, CA1003
}
