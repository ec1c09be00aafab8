using AlpsGhost.Agent.Policies;
using AlpsGhost.Kernel;

namespace AlpsGhost.Runs;

/// <summary>The simulated kernel's knowledge of each task's remaining CPU demand, for the <c>srpt</c> bound.</summary>
public sealed class SimulatedDemandOracle(SimulatedKernel kernel) : IRemainingDemandOracle
{
    private readonly SimulatedKernel _kernel = kernel ?? throw new ArgumentNullException(nameof(kernel));

    /// <inheritdoc/>
    public bool TryGetRemainingNs(long gtid, out long remainingNs) => _kernel.TryGetRemainingCpuNs(gtid, out remainingNs);
}
