using AlpsGhost.Agent.Policy;

namespace AlpsGhost.Agent.Policies;

/// <summary>Creates the built-in policies by name (the <c>--policy</c> values).</summary>
public static class SchedulingPolicies
{
    /// <summary>Names accepted by <see cref="Create"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["fifo", "alps", "sfs", "srpt", "alps-io"];

    private static AlpsPolicyOptions AlpsIoOptions(AlpsPolicyOptions options) => options with
    {
        Name = "alps-io",
        RoundRobinWithinRank = true,
    };

    /// <summary>Creates policy <paramref name="name"/>.</summary>
    /// <param name="name"><c>fifo</c>, <c>alps</c>, <c>sfs</c>, <c>srpt</c> or <c>alps-io</c> (case-insensitive).</param>
    /// <param name="publisher">Snapshots for <c>alps</c> (ignored by the others).</param>
    /// <param name="fifoPreemptionSliceNs">Time slice for <c>fifo</c>; default infinite.</param>
    /// <param name="alpsOptions">Knobs for <c>alps</c> and <c>alps-io</c> (<c>alps-io</c> turns on
    /// <see cref="AlpsPolicyOptions.RoundRobinWithinRank"/>).</param>
    /// <param name="cpuCount">Enclave CPUs (<c>sfs</c> scales its slice by it).</param>
    /// <param name="oracle">Remaining demand per task: required by <c>srpt</c> (simulation only).</param>
    /// <param name="sfsOptions">Knobs for <c>sfs</c>.</param>
    /// <param name="srptMinimumRunNs">Minimum run per dispatch for <c>srpt</c>.</param>
    /// <exception cref="ArgumentException">Unknown name, or <c>srpt</c> without an oracle.</exception>
    public static ISchedulingPolicy Create(string name, PolicyPublisher publisher, long fifoPreemptionSliceNs = FifoPolicy.InfiniteSlice,
        AlpsPolicyOptions? alpsOptions = null, int cpuCount = 1, IRemainingDemandOracle? oracle = null,
        SfsPolicyOptions? sfsOptions = null, long srptMinimumRunNs = SrptPolicy.DefaultMinimumRunNs)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(publisher);
        return name.ToLowerInvariant() switch
        {
            "fifo" => new FifoPolicy(fifoPreemptionSliceNs),
            "alps" => new AlpsPolicy(publisher, alpsOptions),
            "alps-io" => new AlpsPolicy(publisher, AlpsIoOptions(alpsOptions ?? new AlpsPolicyOptions())),
            "sfs" => new SfsPolicy(cpuCount, sfsOptions),
            "srpt" => new SrptPolicy(
                oracle ?? throw new ArgumentException("policy 'srpt' knows each task's remaining CPU demand: it needs an oracle, which only the simulated kernel provides", nameof(oracle)),
                srptMinimumRunNs),
            _ => throw new ArgumentException($"unknown scheduling policy '{name}'; expected one of: {string.Join(", ", Names)}", nameof(name)),
        };
    }
}
