namespace AlpsGhost.Config;

/// <summary>The <c>policy.fifo</c> section.</summary>
public sealed record FifoConfig
{
    /// <summary>A running task is preempted after this long if another waits; null = never (run to block/exit).</summary>
    public double? PreemptionSliceMs { get; init; }
}
