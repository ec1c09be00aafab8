namespace AlpsGhost.Agent.Policies;

/// <summary>How <see cref="AlpsPolicy"/> orders runnable tasks.</summary>
public enum AlpsOrder
{
    /// <summary>
    /// The original ALPS: the function's learned rank first, then (within a rank) least CPU time used, or
    /// round robin with <see cref="AlpsPolicyOptions.RoundRobinWithinRank"/>.
    /// </summary>
    Rank,

    /// <summary>
    /// The function's learned service curve at the CPU time the invocation has used (its Gittins index,
    /// <see cref="Policy.ServiceCurve"/>), lowest first; ties in arrival order. Falls back to
    /// <see cref="Rank"/> while the snapshot has no curves (a static table).
    /// </summary>
    Gittins,
}
