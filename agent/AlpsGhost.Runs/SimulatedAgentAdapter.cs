using AlpsGhost.Agent.Core;
using AlpsGhost.Ghost;
using AlpsGhost.Kernel;

namespace AlpsGhost.Runs;

/// <summary>
/// Lets the simulated kernel run the very loop a real host runs: one <see cref="AgentLoop.Iterate"/> per agent
/// wakeup, whose <see cref="AgentWait"/> the kernel models in virtual time.
/// </summary>
public sealed class SimulatedAgentAdapter(AgentLoop loop) : ISimulatedAgent
{
    /// <summary>The loop the kernel runs.</summary>
    public AgentLoop Loop => loop;

    /// <inheritdoc/>
    public long RunOnce() => loop.Iterate().DeadlineNs;

    /// <inheritdoc/>
    public AgentWait Iterate() => loop.Iterate();
}
