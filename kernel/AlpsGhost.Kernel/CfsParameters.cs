namespace AlpsGhost.Kernel;

/// <summary>Tunables of the simulated fair class, modelled on Linux 5.11 CFS (kernel/sched/fair.c).</summary>
/// <remarks>See docs/simulator.md for the source of every default.</remarks>
public sealed record CfsParameters
{
    /// <summary><c>sysctl_sched_latency</c>: target period in which every runnable task runs once.</summary>
    public long LatencyNs { get; init; }

    /// <summary><c>sysctl_sched_min_granularity</c>: the shortest slice.</summary>
    public long MinGranularityNs { get; init; }

    /// <summary><c>sysctl_sched_wakeup_granularity</c>: vruntime lead a waking task needs to preempt.</summary>
    public long WakeupGranularityNs { get; init; }

    /// <summary>Interval of the periodic load balancer (Linux: <c>sd->balance_interval</c>, a few ms).</summary>
    public long BalanceIntervalNs { get; init; } = 4_000_000;

    /// <summary>
    /// Linux 5.11 defaults for <paramref name="cpuCount"/> CPUs: 6 ms, 0.75 ms and 1 ms, each multiplied by
    /// <c>1 + ilog2(min(ncpus, 8))</c> (<c>SCHED_TUNABLESCALING_LOG</c>, <c>get_update_sysctl_factor</c>).
    /// </summary>
    public static CfsParameters ForCpuCount(int cpuCount)
    {
        int factor = TunableScalingFactor(cpuCount);
        return new CfsParameters
        {
            LatencyNs = 6_000_000L * factor,
            MinGranularityNs = 750_000L * factor,
            WakeupGranularityNs = 1_000_000L * factor,
        };
    }

    /// <summary>
    /// <c>get_update_sysctl_factor</c> under <c>SCHED_TUNABLESCALING_LOG</c> (the default in 5.11 and 6.x):
    /// <c>1 + ilog2(min(ncpus, 8))</c>, scaling the latency, granularity and base-slice tunables.
    /// </summary>
    public static int TunableScalingFactor(int cpuCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cpuCount);
        return 1 + (int)Math.Log2(Math.Min(cpuCount, 8));
    }

    /// <summary>Linux's <c>sched_prio_to_weight</c>: load weight of nice -20..19 (nice 0 = 1024).</summary>
    public static ReadOnlySpan<int> NiceWeights =>
    [
        88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916,
        9548, 7620, 6100, 4904, 3906, 3121, 2501, 1991, 1586, 1277,
        1024, 820, 655, 526, 423, 335, 272, 215, 172, 137,
        110, 87, 70, 56, 45, 36, 29, 23, 18, 15,
    ];

    /// <summary>Load weight of <paramref name="nice"/> (-20..19).</summary>
    public static int WeightOfNice(int nice)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nice, -20);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nice, 19);
        return NiceWeights[nice + 20];
    }

    internal void Validate()
    {
        if (LatencyNs <= 0 || MinGranularityNs <= 0 || WakeupGranularityNs < 0 || BalanceIntervalNs <= 0)
        {
            throw new ArgumentException($"CfsParameters need positive latency, min granularity and balance interval, got {this}", "options.Cfs");
        }
    }
}
