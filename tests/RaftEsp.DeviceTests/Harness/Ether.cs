namespace RaftEsp.DeviceTests.Harness
{
    /// <summary>
    /// The air between fake radios: every frame sent is queued for each addressed radio (all others for a
    /// broadcast). Links can be cut. Bounded: a radio's full receive queue drops frames, as a real one does.
    /// </summary>
    public sealed class Ether
    {
        private const int MaxRadios = 8;

        private readonly FakeRadio[] radios = new FakeRadio[MaxRadios];
        private readonly bool[] silenced = new bool[256];
        private int count;

        /// <summary>Frames put on the air.</summary>
        public int FramesSent { get; private set; }

        /// <summary>Attaches a new radio for node <paramref name="nodeId"/>.</summary>
        public FakeRadio Attach(int nodeId)
        {
            FakeRadio radio = new FakeRadio(this, nodeId);
            radios[count++] = radio;
            return radio;
        }

        /// <summary>Node <paramref name="nodeId"/> neither sends nor hears anything until <see cref="Restore"/>.</summary>
        public void Silence(int nodeId) => silenced[nodeId] = true;

        public void Restore(int nodeId) => silenced[nodeId] = false;

        internal void Carry(int from, int to, byte[] frame, int length)
        {
            FramesSent++;
            if (silenced[from]) return;
            for (int i = 0; i < count; i++)
            {
                FakeRadio radio = radios[i];
                if (radio.NodeId == from || silenced[radio.NodeId]) continue;
                if (to != RaftEsp.Core.NodeId.Broadcast && to != radio.NodeId) continue;
                radio.Deliver(frame, length);
            }
        }
    }
}
