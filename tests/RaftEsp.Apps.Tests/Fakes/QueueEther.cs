namespace RaftEsp.Apps.Tests;

/// <summary>
/// An allocation-free ether for the steady-state allocation test: each station's receive queue is the seams'
/// <see cref="FrameQueue"/> (storage allocated once), and a frame is copied straight into its receivers' queues.
/// </summary>
public sealed class QueueEther
{
    private readonly Station[] stations = new Station[256];
    private int count;

    public Station Join(int id)
    {
        var s = new Station(this, id);
        stations[count++] = s;
        return s;
    }

    public sealed class Station(QueueEther ether, int id) : IRadio
    {
        private readonly FrameQueue inbox = new(64, FrameLimits.MaxFrameBytes);

        public int Id { get; } = id;

        public bool Send(int to, byte[] frame, int length)
        {
            for (int i = 0; i < ether.count; i++)
            {
                Station s = ether.stations[i];
                if (s != this && (to == NodeId.Broadcast || to == s.Id)) s.inbox.Write(frame, 0, length);
            }

            return true;
        }

        public int Receive(byte[] buffer) => inbox.Read(buffer);

        /// <summary>The ether carries a frame within Send: nothing is ever left unsent.</summary>
        public int Unsent => 0;
        /// <summary>Always 0: this ether has no clock, so the app holds no acknowledgement for a slot.</summary>
        public long LastReceivedMicros => 0;
    }
}

/// <summary>Flash files in fixed buffers allocated once (raft.log, raft.snap, raft.epoch), for the allocation test.</summary>
public sealed class FixedFlash : IFlashFiles
{
    private readonly byte[][] buffers = [new byte[65536], new byte[8192], new byte[16]];
    private readonly int[] lengths = [-1, -1, -1];

    public int Length(string name) => lengths[Slot(name)];

    public int Read(string name, int position, byte[] buffer, int offset, int count)
    {
        int length = Length(name);
        if (length < 0 || position >= length) return 0;
        int n = Math.Min(count, length - position);
        Array.Copy(buffers[Slot(name)], position, buffer, offset, n);
        return n;
    }

    public void Append(string name, byte[] data, int offset, int count)
    {
        int at = Math.Max(Length(name), 0);
        Array.Copy(data, offset, buffers[Slot(name)], at, count);
        lengths[Slot(name)] = at + count;
    }

    public void Replace(string name, byte[] data, int offset, int count)
    {
        Array.Copy(data, offset, buffers[Slot(name)], 0, count);
        lengths[Slot(name)] = count;
    }

    private static int Slot(string name) => name == BoardStore.LogFile ? 0 : name == BoardStore.SnapshotFile ? 1 : 2;
}
