namespace RaftEsp.Core.Tests.Interaction;

/// <summary>The scripted radio: frames wait on the air until a command delivers or drops them.</summary>
public sealed partial class InteractionEnv
{
    /// <summary>A frame on its way to one receiver (a broadcast waits once per receiver), with its printed form.</summary>
    private sealed record InFlight(int From, int To, byte[] Bytes, string Text);

    private const int MaxStabilizeRounds = 500;

    private readonly List<InFlight> air = new();
    private readonly List<InFlight> recorded = new();
    private readonly HashSet<(int From, int To)> cut = new();
    private FrameCodec? codec;

    private FrameCodec Codec => codec ?? throw new InvalidOperationException("add-nodes first");

    /// <summary>Puts a sent frame on the air and prints it.</summary>
    private void Transmit(Peer sender, byte[] buffer, int length, int destination, string note)
    {
        byte[] bytes = buffer.AsSpan(0, length).ToArray();
        string text = FrameText.Describe(Codec, bytes, length, sender.Id, destination);
        Line("  send " + text + note);
        recorded.Add(new InFlight(sender.Id, destination, bytes, text));
        foreach (int to in peers.Keys)
        {
            if (to == sender.Id || (destination != NodeId.Broadcast && destination != to)) continue;
            air.Add(new InFlight(sender.Id, to, bytes, text));
        }
    }

    private void ProcessReady(ScriptArgs args)
    {
        foreach (int id in args.IdsOr(peers.Keys))
        {
            Peer peer = Peer(id);
            if (!peer.Down && HasWork(peer)) HandleReady(peer);
        }
    }

    /// <summary>deliver-msgs [ID...|all] [from=X] [drop=true]: hands waiting frames to their receivers, or loses them.</summary>
    private void DeliverMessages(ScriptArgs args)
    {
        var to = args.IdsOr(peers.Keys).ToHashSet();
        int from = args.Int("from", NodeId.None);
        bool drop = args.Bool("drop", false);
        Deliver(f => to.Contains(f.To) && (from == NodeId.None || f.From == from), drop);
    }

    /// <summary>duplicate-msgs [ID...|all] [from=X]: a second copy of each waiting frame goes on the air (a retransmission or a replay).</summary>
    private void DuplicateMessages(ScriptArgs args)
    {
        var to = args.IdsOr(peers.Keys).ToHashSet();
        int from = args.Int("from", NodeId.None);
        List<InFlight> copies = air.Where(f => to.Contains(f.To) && (from == NodeId.None || f.From == from)).ToList();
        air.AddRange(copies.Select(f => f with { Bytes = (byte[])f.Bytes.Clone() }));
        Line("duplicated " + copies.Count);
    }

    private void Deliver(Func<InFlight, bool> selected, bool drop)
    {
        List<InFlight> batch = air.Where(selected).ToList();
        air.RemoveAll(f => selected(f));
        foreach (IGrouping<int, InFlight> group in batch.GroupBy(f => f.To).OrderBy(g => g.Key))
        {
            Peer receiver = Peer(group.Key);
            Line(drop ? "> " + receiver.Id + " loses messages" : "> " + receiver.Id + " receiving messages");
            foreach (InFlight frame in group)
            {
                string? lost = drop ? "dropped" : receiver.Down ? "lost: node down" : cut.Contains((frame.From, frame.To)) ? "lost: link cut" : null;
                if (lost != null)
                {
                    Line("  " + frame.Text + " (" + lost + ")");
                    continue;
                }

                FrameError error = receiver.Node.Step(frame.Bytes, frame.Bytes.Length);
                Line("  " + frame.Text + (error == FrameError.None ? "" : " (refused: " + error + ")"));
            }
        }
    }

    /// <summary>
    /// replay from=X to=Y type=NAME: an adversary feeds node Y the last frame of that type node X sent (recorded off
    /// the air, authentic tag), and the output shows whether Y refused it and whether any state moved.
    /// </summary>
    private void Replay(ScriptArgs args)
    {
        int from = args.Int("from", NodeId.None);
        Peer receiver = Peer(args.Int("to", NodeId.None));
        string type = args.Has("type") ? args.Named("type") : "Append";
        InFlight frame = recorded.Last(f => f.From == from && f.Text.Split(' ')[1] == type);
        byte[] before = Raft.Harness.StateCapture.Core(receiver.Node, receiver.Board.Database);
        FrameError error = receiver.Node.Step(frame.Bytes, frame.Bytes.Length);
        bool same = before.AsSpan().SequenceEqual(Raft.Harness.StateCapture.Core(receiver.Node, receiver.Board.Database));
        Line("> " + receiver.Id + " fed a recording of " + frame.Text);
        Line("  " + (error == FrameError.None ? "accepted" : "refused: " + error) + (same ? ", state unchanged" : ", STATE CHANGED"));
    }

    /// <summary>Handles Ready on every live node and delivers every frame, until nothing is left to do.</summary>
    private void Stabilize()
    {
        for (int round = 0; round < MaxStabilizeRounds; round++)
        {
            bool busy = false;
            foreach (Peer peer in Live)
            {
                if (!HasWork(peer)) continue;
                HandleReady(peer);
                busy = true;
            }

            if (air.Count > 0)
            {
                Deliver(_ => true, drop: false);
                busy = true;
            }

            if (!busy) return;
        }

        throw new InvalidOperationException("the cluster did not quiesce within " + MaxStabilizeRounds + " rounds");
    }

    private void Isolate(int id)
    {
        foreach (int other in peers.Keys)
        {
            if (other == id) continue;
            cut.Add((id, other));
            cut.Add((other, id));
        }
    }

    /// <summary>partition 1,2 3,4,5: only nodes in the same group hear each other.</summary>
    private void Partition(ScriptArgs args)
    {
        var groupOf = new Dictionary<int, int>();
        for (int g = 0; g < args.Count; g++)
            foreach (string id in args.Word(g).Split(','))
                groupOf[int.Parse(id, System.Globalization.CultureInfo.InvariantCulture)] = g;
        cut.Clear();
        foreach (int a in peers.Keys)
            foreach (int b in peers.Keys)
                if (a != b && groupOf.GetValueOrDefault(a, -1 - a) != groupOf.GetValueOrDefault(b, -1 - b)) cut.Add((a, b));
    }
}
