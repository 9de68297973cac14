using RaftEsp.Apps;
using RaftEsp.Core;

namespace RaftEsp.Simulator;

/// <summary>
/// A board's storage as the shared <see cref="ReadyHandler"/> sees it: the boards' own <see cref="BoardStore"/> on a
/// simulated flash. A Ready's write stays pending on the flash for <see cref="WriteMicros"/> (the board completes it
/// then; a crash before loses or tears it). A compaction snapshot is written to a new file and renamed over the old
/// one, so it completes at once.
/// </summary>
internal sealed class TimedFlash(Simulation sim, SimFlashFiles flash, BoardStore store) : IRaftStorage
{
    /// <summary>How long the last Ready's write takes.</summary>
    public long WriteMicros { get; private set; }

    public void Save(Ready ready, RaftLog log)
    {
        store.Save(ready, log);
        BoardCosts costs = sim.Options.Costs;
        WriteMicros = costs.FlashWriteFixedMicros + costs.FlashPerEntryMicros * ready.PersistCount + sim.StorageRandom.Between(0, costs.FlashJitterMicros);
    }

    public void SaveSnapshot(int index, int term, byte[] data, int offset, int length)
    {
        store.SaveSnapshot(index, term, data, offset, length);
        flash.Complete();
    }
}
