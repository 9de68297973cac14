namespace RaftEsp.Monitor;

/// <summary>The monitor could not start its mode (a port in use, a child process that would not start, ...).</summary>
public sealed class MonitorStartException : Exception
{
    public MonitorStartException()
    {
    }

    public MonitorStartException(string message)
        : base(message)
    {
    }

    public MonitorStartException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>The monitor's exit code: 1, or 2 for a recording --replay refuses (like a bad option).</summary>
    public int ExitCode { get; init; } = 1;
}
