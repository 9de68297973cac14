namespace RaftEsp.Simulator;

/// <summary>A bug the simulator caught that stops the run at once (a frame over 250 bytes, a board refusing its own flash).</summary>
public sealed class SimulationFailure(string message) : Exception(message);
