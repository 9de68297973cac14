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
}
