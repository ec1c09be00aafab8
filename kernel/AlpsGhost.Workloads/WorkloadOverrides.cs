namespace AlpsGhost.Workloads;

/// <summary>What the caller decides at load time, on top of the workload file.</summary>
public sealed record WorkloadOverrides
{
    /// <summary>CPUs of the machine the workload is sized for (rates are scaled to <c>utilization * CpuCount</c>).</summary>
    public int CpuCount { get; init; } = 2;

    /// <summary>Seed of every random draw; the same seed gives the same invocations, byte for byte.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Target average utilization in (0, 1.5]; replaces the file's <c>utilization</c> when set.</summary>
    public double? Utilization { get; init; }

    /// <summary>Arrival window in nanoseconds; replaces the file's <c>duration_s</c> when set (a trace replay
    /// is cut to it, never extended past its minutes).</summary>
    public long? DurationNs { get; init; }
}
