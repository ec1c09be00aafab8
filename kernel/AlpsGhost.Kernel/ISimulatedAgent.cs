namespace AlpsGhost.Kernel;

/// <summary>An agent driven by the simulated kernel instead of its own thread.</summary>
public interface ISimulatedAgent
{
    /// <summary>
    /// Runs one agent iteration (drain the queue, decide, commit). Called whenever the agent thread
    /// runs in virtual time. Returns the absolute virtual ns of the next wakeup it wants, or
    /// <see cref="long.MaxValue"/> to wake only when messages arrive.
    /// </summary>
    long RunOnce();
}
