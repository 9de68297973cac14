using RaftEsp.Apps;
using RaftEsp.Core;

namespace RaftEsp.DeviceTests.Harness
{
    /// <summary>A radio on an <see cref="Ether"/>: sends reach the other radios at once; receives drain a bounded queue.</summary>
    public sealed class FakeRadio : IRadio
    {
        private readonly Ether ether;
        private readonly FrameQueue inbox = new FrameQueue(64, FrameLimits.MaxFrameBytes);

        internal FakeRadio(Ether ether, int nodeId)
        {
            this.ether = ether;
            NodeId = nodeId;
        }

        /// <summary>The node this radio belongs to.</summary>
        public int NodeId { get; }

        /// <summary>Frames this radio sent.</summary>
        public int Sent { get; private set; }

        /// <summary>Frames waiting to be received.</summary>
        public int Waiting => inbox.Count;

        public bool Send(int to, byte[] frame, int length)
        {
            if (frame == null || length <= 0 || length > FrameLimits.MaxFrameBytes || length > frame.Length) return false;
            Sent++;
            ether.Carry(NodeId, to, frame, length);
            return true;
        }

        public int Receive(byte[] buffer) => inbox.Read(buffer);

        /// <summary>The ether carries a frame within <see cref="Send"/>: nothing is ever left unsent.</summary>
        public int Unsent => 0;
        /// <summary>Always 0: this ether has no clock, so the app holds no acknowledgement for a slot.</summary>
        public long LastReceivedMicros => 0;

        internal void Deliver(byte[] frame, int length) => inbox.Write(frame, 0, length);
    }
}
