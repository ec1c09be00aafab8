namespace AlpsGhost.Kernel.Faults;

/// <summary>What the <see cref="FaultPlan"/> of a run actually did.</summary>
public sealed record FaultCounters
{
    /// <summary>Nothing injected.</summary>
    public static FaultCounters None { get; } = new();

    /// <summary>Agent runs deferred because the agent was stalled.</summary>
    public long AgentRunsDeferred { get; init; }

    /// <summary>Virtual ns the agent spent stalled (up to the end of the run).</summary>
    public long AgentStalledNs { get; init; }

    /// <summary>Transactions that would have committed but were failed on purpose.</summary>
    public long TxnFailuresInjected { get; init; }

    /// <summary>CPUs removed from the enclave.</summary>
    public int CpusRemoved { get; init; }

    /// <summary>Tasks moved to the fair class by <see cref="TaskDeparture"/> (not by enclave destruction).</summary>
    public int TasksDeparted { get; init; }

    /// <summary>Bytes of the ring overwritten.</summary>
    public long RingBytesCorrupted { get; init; }
}
