namespace RaftEsp.Simulator;

/// <summary>A bug the simulator caught that stops the run at once (a frame over 250 bytes, a board refusing its own flash).</summary>
public sealed class SimulationFailure(string message) : Exception(message)
{
    private const int FramesShown = 3;

    /// <summary>
    /// How an exception that stopped a run is reported as a violation: a <see cref="SimulationFailure"/> by its
    /// message; anything else (the core refusing an illegal role change, an index out of range) as an unexpected
    /// exception with its type, message and top stack frames, so the run still ends with its seed and replay command.
    /// </summary>
    public static string Describe(Exception e)
    {
        if (e is SimulationFailure) return e.Message;
        string[] frames = (e.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string where = frames.Length == 0 ? "" : " " + string.Join(" | ", frames.Take(FramesShown));
        return $"unexpected exception: {e.GetType().FullName}: {e.Message}{where}";
    }
}
