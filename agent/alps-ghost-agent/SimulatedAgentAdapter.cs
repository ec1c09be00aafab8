using AlpsGhost.Agent.Core;
using AlpsGhost.Kernel;

namespace AlpsGhost.Cli;

/// <summary>Lets the simulated kernel run the very agent a real host runs: one <c>RunOnce</c> per agent wakeup.</summary>
internal sealed class SimulatedAgentAdapter(CentralizedAgent agent) : ISimulatedAgent
{
    public long RunOnce() => agent.RunOnce();
}
