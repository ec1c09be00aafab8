using AlpsGhost.Ghost;

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

    /// <summary>
    /// One iteration and how the agent waits afterwards (the agent library's <c>AgentLoop</c> decides). The
    /// kernel models <see cref="AgentWait.SpinUntilNs"/> in <see cref="AgentMode.Adaptive"/> mode only: a
    /// spinning agent always owns its CPU and a queue-wakeup agent always sleeps. The default never spins.
    /// </summary>
    AgentWait Iterate() => new(RunOnce(), 0, YieldToFair: false);
}
