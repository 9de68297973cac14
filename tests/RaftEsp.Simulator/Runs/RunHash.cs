using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RaftEsp.Simulator;

/// <summary>
/// A hash of everything a run did: events processed, what the radio carried, every client operation with its
/// timing and answer, every applied entry, and each board's final state. Two runs with the same hash are the same
/// run; a replay that drifted by one event or one frame gets another hash.
/// </summary>
public static class RunHash
{
    public static string Of(Simulation sim)
    {
        var text = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        RadioStats radio = sim.Channel.Stats;
        text.Append(invariant, $"{sim.Now}|{sim.Events.Processed}|{radio.Frames}|{radio.Bytes}|{radio.Transmissions}|{radio.Collisions}|{radio.Retries}");
        foreach (ClientOp op in sim.History)
            text.Append(invariant, $"|{op.Id},{op.Client},{op.Seq},{op.Kind},{op.Slot},{op.Value},{op.Invoked},{op.Completed},{op.Result},{op.Attempts}");
        foreach (var (index, entry) in sim.Checker.Applied.OrderBy(kv => kv.Key))
            text.Append(invariant, $"|{index}:{entry.Term},{entry.Kind},{entry.Slot},{entry.Client},{entry.Seq},{entry.Value}");
        foreach (SimulatedBoard b in sim.Boards)
            text.Append(invariant, $"|{b.Up},{b.Node.Term},{b.Node.CommitIndex},{b.Node.Log.LastIndex},{b.Database.AppliedIndex},{b.Flash.Writes}");
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
