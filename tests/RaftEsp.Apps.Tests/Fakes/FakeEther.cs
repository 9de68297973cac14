namespace RaftEsp.Apps.Tests;

/// <summary>
/// An in-memory radio connecting several apps: a unicast frame reaches its addressee, a broadcast every other
/// station, and a listening station (the collector) hears every frame, like ESP-NOW in promiscuous reception.
/// A station can be cut off (power off, out of range), and frames can be lost at random from a seeded generator.
/// Each frame is copied on send, as a radio would.
/// </summary>
public sealed class FakeEther
{
    private readonly Dictionary<int, Station> stations = new();
    private readonly Random random;

    public FakeEther(int seed = 1) => random = new Random(seed);

    /// <summary>The clock a receiving station stamps frames with (its microseconds); none stamps 0.</summary>
    public IClock? Clock { get; set; }

    /// <summary>Probability that a frame is lost on its way to one receiver.</summary>
    public double Loss { get; set; }

    /// <summary>When each frame of <see cref="Log"/> was sent, on <see cref="Clock"/> (0 without one).</summary>
    public List<long> SentMicros { get; } = new();

    /// <summary>Every frame sent, in order (sender, addressee, bytes).</summary>
    public List<(int From, int To, byte[] Frame)> Log { get; } = new();

    public Station Join(int id, bool hearsEverything = false)
    {
        var station = new Station(this, id, hearsEverything);
        stations[id] = station;
        return station;
    }

    /// <summary>A station's radio: send into the ether, receive what reached it.</summary>
    public sealed class Station : IRadio
    {
        private readonly FakeEther ether;
        private readonly Queue<(byte[] Frame, long At)> inbox = new();

        internal Station(FakeEther ether, int id, bool hearsEverything)
        {
            this.ether = ether;
            Id = id;
            HearsEverything = hearsEverything;
        }

        public int Id { get; }
        public bool HearsEverything { get; }

        /// <summary>False: the station neither sends nor hears (powered off or out of range).</summary>
        public bool Connected { get; set; } = true;

        public int Waiting => inbox.Count;

        /// <summary>Frames the radio reports it still holds unsent (the ether carries every frame at once; a test sets
        /// this to stand for a radio whose send callbacks have not come yet).</summary>
        public int Unsent { get; set; }

        public bool Send(int to, byte[] frame, int length)
        {
            if (length <= 0 || length > FrameLimits.MaxFrameBytes) return false;
            if (!Connected) return true; // the radio took it; nobody hears it
            byte[] copy = frame.AsSpan(0, length).ToArray();
            long at = ether.Clock?.NowMicros ?? 0;
            ether.Log.Add((Id, to, copy));
            ether.SentMicros.Add(at);
            foreach (Station s in ether.stations.Values)
            {
                if (s == this || !s.Connected) continue;
                if (to != NodeId.Broadcast && to != s.Id && !s.HearsEverything) continue;
                if (ether.Loss > 0 && ether.random.NextDouble() < ether.Loss) continue;
                if (s.inbox.Count < 64) s.inbox.Enqueue((copy, at));
            }

            return true;
        }

        public int Receive(byte[] buffer)
        {
            if (inbox.Count == 0) return 0;
            (byte[] frame, long at) = inbox.Dequeue();
            frame.CopyTo(buffer, 0);
            LastReceivedMicros = at;
            return frame.Length;
        }

        public long LastReceivedMicros { get; private set; }

        /// <summary>Drops everything waiting (a power cut loses the receive queue).</summary>
        public void Clear() => inbox.Clear();
    }
}
