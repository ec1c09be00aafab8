using AlpsGhost.Agent.Policy;

namespace AlpsGhost.Agent.Policies;

/// <summary>Creates the built-in policies by name (the <c>--policy</c> values).</summary>
public static class SchedulingPolicies
{
    /// <summary>Names accepted by <see cref="Create"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["fifo", "alps"];

    /// <summary>Creates policy <paramref name="name"/>.</summary>
    /// <param name="name"><c>fifo</c> or <c>alps</c> (case-insensitive).</param>
    /// <param name="publisher">Snapshots for <c>alps</c> (ignored by <c>fifo</c>).</param>
    /// <param name="fifoPreemptionSliceNs">Time slice for <c>fifo</c>; default infinite.</param>
    /// <param name="alpsOptions">Knobs for <c>alps</c>.</param>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static ISchedulingPolicy Create(string name, PolicyPublisher publisher, long fifoPreemptionSliceNs = FifoPolicy.InfiniteSlice, AlpsPolicyOptions? alpsOptions = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(publisher);
        return name.ToLowerInvariant() switch
        {
            "fifo" => new FifoPolicy(fifoPreemptionSliceNs),
            "alps" => new AlpsPolicy(publisher, alpsOptions),
            _ => throw new ArgumentException($"unknown scheduling policy '{name}'; expected one of: {string.Join(", ", Names)}", nameof(name)),
        };
    }
}
