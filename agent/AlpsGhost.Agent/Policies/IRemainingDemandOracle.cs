namespace AlpsGhost.Agent.Policies;

/// <summary>
/// Knows how much CPU each task still needs: knowledge no real kernel has. Only the simulated kernel
/// provides it, for <see cref="SrptPolicy"/> (an upper bound on what any non-clairvoyant policy can do).
/// </summary>
public interface IRemainingDemandOracle
{
    /// <summary>Remaining CPU demand (ns) of task <paramref name="gtid"/>'s whole invocation: every CPU phase
    /// left, the current one included. Called on the agent thread: must not allocate or block.</summary>
    /// <returns>False when the task is unknown (e.g. not a simulated invocation).</returns>
    bool TryGetRemainingNs(long gtid, out long remainingNs);
}
