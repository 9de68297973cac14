using RaftEsp.Core;

namespace RaftEsp.Simulator;

/// <summary>
/// One shared ESP-NOW channel (docs/radio-model.md). A sender waits for the channel to be idle for DIFS, then a
/// random backoff of 0..CW slots; two senders that start within one slot of each other collide and both frames are
/// lost. Broadcast frames get no ACK and no retry. A unicast frame is ACKed by its receiver; without an ACK the
/// sender doubles CW and retries, up to <see cref="RadioConfig.MaxAttempts"/> transmissions. The MAC filters
/// retransmissions it already received, so ACK loss does not duplicate frames; <see cref="LinkFaults.Duplication"/>
/// models duplicates that get through anyway.
/// </summary>
public sealed class Channel
{
    private sealed class Frame
    {
        public required int From;
        public required int To;
        public required byte[] Bytes;
        public int Attempts;
        public bool Delivered;
    }

    private sealed class Sender
    {
        public readonly Queue<Frame> Queue = new();
        public Frame? Current;
        public int Cw;
        public int Generation;

        /// <summary>Backoff slots still to count down (802.11 DCF: frozen while the channel is busy).</summary>
        public int Remaining;

        /// <summary>When the countdown of <see cref="Remaining"/> (re)started: the end of DIFS after the channel went idle.</summary>
        public long CountFrom;

        /// <summary>When the sender transmits if the channel stays idle; valid while <see cref="Counting"/>.</summary>
        public long WakeAt;

        /// <summary>A transmission is scheduled at <see cref="WakeAt"/>.</summary>
        public bool Counting;

        /// <summary>The countdown is frozen by a busy channel and resumes once it is idle again.</summary>
        public bool Frozen;

        /// <summary>Bumped to cancel the scheduled transmission.</summary>
        public int Token;
    }

    private sealed class OnAir
    {
        public required int Sender;
        public required long Start;
        public required long End;
        public bool Collided;
    }

    private readonly EventQueue events;
    private readonly RadioConfig config;
    private readonly LinkFaults faults;
    private readonly SplitMix64 random;
    private readonly Sender[] senders;
    private readonly List<OnAir> onAir = new();
    private readonly Func<int, bool> isUp;
    private readonly Action<int, byte[]> deliver;
    private long busyUntil;

    /// <summary>Per receiver: the last index of the AppendEntries copies meant for it that never arrived, until it
    /// acknowledges that index (0: none missing). A refusal it sends meanwhile is the gap those copies left
    /// (<see cref="RadioStats.AppendRejectsAfterLostCopy"/>).</summary>
    private readonly long[] missedUpTo;

    /// <summary>The highest last index of any AppendEntries handed to the radio so far.</summary>
    private long appendedUpTo;

    public Channel(EventQueue events, RadioConfig config, LinkFaults faults, ulong seed, int boards, Func<int, bool> isUp, Action<int, byte[]> deliver)
    {
        this.events = events;
        this.config = config;
        this.faults = faults;
        this.isUp = isUp;
        this.deliver = deliver;
        random = new SplitMix64(seed);
        senders = new Sender[boards];
        missedUpTo = new long[boards];
        for (int i = 0; i < boards; i++) senders[i] = new Sender { Cw = config.CwMin };
    }

    public RadioStats Stats { get; } = new();

    /// <summary>Every frame a board puts on the air, as an eavesdropper hears it (the replay adversary records them).</summary>
    public Action<byte[]>? Heard { get; set; }

    /// <summary>
    /// Called when a transmission leaves the air: sender, addressee, bytes, and the receivers whose copy arrived and
    /// whose was lost (a collision loses every copy). The simulator's --record writes it as a frame.
    /// </summary>
    public Action<int, int, byte[], int[], int[]>? Aired { get; set; }

    /// <summary>
    /// Called with the sender's id when the radio is done with one of its frames (sent, acknowledged, or given up
    /// after the last retry): ESP-NOW's send callback.
    /// </summary>
    public Action<int>? FrameDone { get; set; }

    /// <summary>
    /// Queues a frame for the air; false when the transmit queue is full and the frame is dropped (esp_now_send
    /// refuses it). A frame over 250 bytes is a bug in the sender and fails the run.
    /// </summary>
    public bool Send(int from, int to, byte[] bytes)
    {
        if (bytes.Length > FrameLimits.MaxFrameBytes)
            throw new SimulationFailure($"node {from} sent a {bytes.Length}-byte frame (type {bytes[3]}): ESP-NOW carries at most {FrameLimits.MaxFrameBytes}");
        Sender s = senders[from];
        if (s.Queue.Count >= config.TxQueueFrames)
        {
            Stats.TxQueueDrops++;
            return false;
        }

        Heard?.Invoke(bytes);
        Stats.Frames++;
        Stats.Bytes += bytes.Length;
        Stats.ByType[bytes[3]]++;
        if (to == NodeId.Broadcast) Stats.BroadcastFrames++;
        if (bytes[3] == (byte)MessageType.AppendEntries) appendedUpTo = Math.Max(appendedUpTo, LastIndexOfAppend(bytes));
        if (bytes[3] == (byte)MessageType.AppendResponse) CountAppendResponse(from, bytes);
        s.Queue.Enqueue(new Frame { From = from, To = to, Bytes = bytes });
        if (s.Current == null) Next(from);
        return true;
    }

    /// <summary>A copy of <paramref name="bytes"/> meant for <paramref name="to"/> did not reach its Raft core (lost on
    /// the air, cut, collided, or dropped from a full receive queue).</summary>
    public void CopyMissed(int to, byte[] bytes)
    {
        if (bytes[3] == (byte)MessageType.AppendEntries) missedUpTo[to] = Math.Max(missedUpTo[to], Math.Max(1, LastIndexOfAppend(bytes)));
    }

    /// <summary>docs/wire-format.md: prevIndex at body offset 0, the entry count at 20.</summary>
    private static long LastIndexOfAppend(byte[] bytes) =>
        BitConverter.ToUInt32(bytes, FrameLimits.HeaderBytes) + bytes[FrameLimits.HeaderBytes + 20];

    /// <summary>Counts a refusal, and whether its sender had missed a copy it has not acknowledged past since.</summary>
    private void CountAppendResponse(int from, byte[] bytes)
    {
        bool refused = (bytes[FrameLimits.HeaderBytes] & 1) != 0;
        if (!refused)
        {
            // docs/wire-format.md: the index now known to match at body offset 1.
            if (BitConverter.ToUInt32(bytes, FrameLimits.HeaderBytes + 1) >= missedUpTo[from]) missedUpTo[from] = 0;
            return;
        }

        Stats.AppendRejects++;
        if (missedUpTo[from] == 0) return;
        // Inside the gap a lost copy opened: every append the leader sent before it learned of the gap is refused
        // too, so the gap lasts until the follower acknowledges everything sent so far.
        Stats.AppendRejectsAfterLostCopy++;
        missedUpTo[from] = Math.Max(missedUpTo[from], appendedUpTo);
    }

    /// <summary>The board lost power: its queue is gone, and whatever it had on the air ends unanswered.</summary>
    public void PowerOff(int board)
    {
        Sender s = senders[board];
        s.Queue.Clear();
        s.Current = null;
        s.Cw = config.CwMin;
        s.Generation++;
        s.Token++;
        s.Counting = false;
        s.Frozen = false;
    }

    private void Next(int from)
    {
        Sender s = senders[from];
        s.Current = s.Queue.Count > 0 ? s.Queue.Dequeue() : null;
        if (s.Current != null) Contend(from, (int)random.Between(0, s.Cw));
    }

    /// <summary>Starts a backoff of <paramref name="backoffSlots"/> slots for the sender's current frame.</summary>
    private void Contend(int from, int backoffSlots)
    {
        Sender s = senders[from];
        s.Remaining = backoffSlots;
        s.Frozen = false;
        CountDown(from);
    }

    /// <summary>
    /// 802.11 DCF (IEEE 802.11-2016 §10.3.4.3): the backoff counter runs only in idle slots after DIFS. The sender
    /// transmits when it reaches zero, unless another transmission it can sense starts first: then the counter freezes
    /// with the slots still left (<see cref="FreezeOthers"/>) and resumes after the channel has been idle for DIFS
    /// again (<see cref="ResumeIfIdle"/>). So waiting senders keep their order, as on a real channel.
    /// </summary>
    private void CountDown(int from)
    {
        Sender s = senders[from];
        int generation = s.Generation;
        int token = ++s.Token;
        s.CountFrom = Math.Max(events.Now, busyUntil) + config.DifsMicros;
        s.WakeAt = s.CountFrom + (long)s.Remaining * config.SlotMicros;
        s.Counting = true;
        events.At(s.WakeAt, () =>
        {
            if (s.Generation != generation || s.Token != token || s.Current == null) return;
            s.Counting = false;
            Transmit(from, s.Current);
        });
    }

    /// <summary>
    /// A transmission starts now: every other sender counting down freezes with the slots it has left, except one
    /// due within this slot, which cannot sense the carrier yet and transmits too (the two collide).
    /// </summary>
    private void FreezeOthers(int transmitter)
    {
        long now = events.Now;
        for (int i = 0; i < senders.Length; i++)
        {
            Sender s = senders[i];
            if (i == transmitter || !s.Counting || s.WakeAt - now < config.SlotMicros) continue;
            long idleSlots = now > s.CountFrom ? (now - s.CountFrom) / config.SlotMicros : 0;
            s.Remaining = (int)Math.Max(0, s.Remaining - idleSlots);
            s.Counting = false;
            s.Frozen = true;
            s.Token++;
        }
    }

    /// <summary>The channel may have gone idle: frozen senders resume their countdown after DIFS.</summary>
    private void ResumeIfIdle()
    {
        if (events.Now < busyUntil) return;
        for (int i = 0; i < senders.Length; i++)
        {
            Sender s = senders[i];
            if (!s.Frozen) continue;
            s.Frozen = false;
            if (s.Current != null) CountDown(i);
        }
    }

    private void Transmit(int from, Frame frame)
    {
        Sender s = senders[from];
        int generation = s.Generation;
        frame.Attempts++;
        Stats.Transmissions++;
        if (frame.Attempts > 1) Stats.Retries++;
        long now = events.Now;
        long end = now + config.AirtimeMicros(frame.Bytes.Length);
        var air = new OnAir { Sender = from, Start = now, End = end };
        foreach (OnAir other in onAir)
        {
            if (other.End <= now) continue;
            other.Collided = true;
            air.Collided = true;
        }

        if (air.Collided) Stats.Collisions++;
        onAir.Add(air);
        bool unicast = frame.To != NodeId.Broadcast;
        long busy = end + (unicast ? config.SifsMicros + config.AckMicros : 0);
        Stats.BusyMicros += Math.Max(0, busy - Math.Max(now, busyUntil));
        busyUntil = Math.Max(busyUntil, busy);
        FreezeOthers(from);
        events.At(busy, ResumeIfIdle);
        events.At(end, () =>
        {
            onAir.Remove(air);
            List<int>? delivered = Aired == null ? null : new List<int>();
            List<int>? lost = Aired == null ? null : new List<int>();
            if (air.Collided)
            {
                for (int to = 0; to < senders.Length; to++)
                {
                    if (to == from || (unicast && to != frame.To)) continue;
                    CopyMissed(to, frame.Bytes);
                    lost?.Add(to);
                }

                Aired?.Invoke(from, frame.To, frame.Bytes, delivered!.ToArray(), lost!.ToArray());
                FinishAttempt(from, generation, frame, acked: false);
                return;
            }

            if (!unicast)
            {
                for (int to = 0; to < senders.Length; to++)
                {
                    if (to == from) continue;
                    bool got = DeliverCopy(from, to, frame.Bytes);
                    (got ? delivered : lost)?.Add(to);
                }

                Aired?.Invoke(from, frame.To, frame.Bytes, delivered!.ToArray(), lost!.ToArray());
                FinishAttempt(from, generation, frame, acked: true);
                return;
            }

            bool received = DeliverCopy(from, frame.To, frame.Bytes, alreadyDelivered: frame.Delivered);
            Aired?.Invoke(from, frame.To, frame.Bytes, received ? [frame.To] : [], received ? [] : [frame.To]);
            frame.Delivered |= received;
            bool acked = received && !faults.IsCut(frame.To, from) && !random.Chance(faults.LossOn(frame.To, from));
            FinishAttempt(from, generation, frame, acked);
        });
    }

    private void FinishAttempt(int from, int generation, Frame frame, bool acked)
    {
        Sender s = senders[from];
        bool unicast = frame.To != NodeId.Broadcast;
        long wait = !unicast ? 0 : acked ? config.SifsMicros + config.AckMicros : config.AckTimeoutMicros;
        events.After(wait, () =>
        {
            if (s.Generation != generation) return;
            if (!unicast || acked)
            {
                s.Cw = config.CwMin;
                Done(from);
                return;
            }

            if (frame.Attempts >= config.MaxAttempts)
            {
                Stats.UnicastFailures++;
                s.Cw = config.CwMin;
                Done(from);
                return;
            }

            s.Cw = Math.Min(2 * s.Cw + 1, config.CwMax);
            Contend(from, (int)random.Between(0, s.Cw));
        });
    }

    /// <summary>The sender's current frame is finished with: its next one contends, then the board hears of it.</summary>
    private void Done(int from)
    {
        Next(from);
        FrameDone?.Invoke(from);
    }

    /// <summary>One copy of a frame to one receiver; true when the receiver's radio got it (so it ACKs).</summary>
    private bool DeliverCopy(int from, int to, byte[] bytes, bool alreadyDelivered = false)
    {
        if (!isUp(to)) return false;
        if (faults.IsCut(from, to))
        {
            Stats.CopiesCut++;
            CopyMissed(to, bytes);
            return false;
        }

        if (random.Chance(faults.LossOn(from, to)))
        {
            Stats.CopiesLost++;
            CopyMissed(to, bytes);
            return false;
        }

        if (alreadyDelivered) return true; // a retransmission the MAC recognises: ACKed, not passed up again
        Stats.CopiesDelivered++;
        long arrival = events.Now + faults.DelayMicros + random.Between(0, faults.ReorderMicros);
        events.At(arrival, () => deliver(to, bytes));
        if (random.Chance(faults.Duplication))
        {
            Stats.Duplicates++;
            events.At(arrival + random.Between(0, faults.ReorderMicros + 1000), () => deliver(to, bytes));
        }

        return true;
    }
}
