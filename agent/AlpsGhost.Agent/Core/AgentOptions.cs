namespace AlpsGhost.Agent.Core;

/// <summary>Sizing and pacing of a <see cref="CentralizedAgent"/>.</summary>
public sealed record AgentOptions
{
    /// <summary>Most tasks tracked at once; the table, its index and the run queue are preallocated to it.</summary>
    /// <remarks>ghOSt's status-word region holds 65534 words, so the default covers a whole region.</remarks>
    public int TaskCapacity { get; init; } = 65536;

    /// <summary>
    /// Most messages handled in one <see cref="CentralizedAgent.RunOnce"/> before scheduling, so a message
    /// storm cannot starve decisions; the rest are read next round.
    /// </summary>
    public int MaxMessagesPerRound { get; init; } = 4096;

    /// <summary>Minimum agent-clock interval between two log lines of the same kind (rate limit).</summary>
    public long LogIntervalNs { get; init; } = 1_000_000_000;

    /// <summary>
    /// While tasks wait and a CPU is taken by a higher class (no <c>CPU_AVAIL</c>), how soon
    /// <see cref="CentralizedAgent.RunOnce"/> asks to run again to look for the CPU coming back; default 1 ms.
    /// </summary>
    public long UnavailableCpuPollNs { get; init; } = 1_000_000;

    /// <summary>
    /// <see cref="AgentMode.Adaptive"/>: how long the global agent keeps polling its queue after the last round
    /// that found work before it sleeps. Default 20 us: on the order of the cost of one sleep-and-wake cycle
    /// of the agent (message delivery to a woken agent plus a context switch, docs/ghost-abi.md §7) times ten,
    /// so a burst of messages is served without a wakeup each, and an idle agent stops burning its CPU soon.
    /// </summary>
    public long SpinBudgetNs { get; init; } = 20_000;

    internal void Validate()
    {
        if (SpinBudgetNs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(SpinBudgetNs), SpinBudgetNs, "AgentOptions.SpinBudgetNs must not be negative");
        }
        if (UnavailableCpuPollNs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(UnavailableCpuPollNs), UnavailableCpuPollNs, "AgentOptions.UnavailableCpuPollNs must be at least 1 ns");
        }
        if (TaskCapacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(TaskCapacity), TaskCapacity, "AgentOptions.TaskCapacity must be at least 1");
        }
        if (MaxMessagesPerRound < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxMessagesPerRound), MaxMessagesPerRound, "AgentOptions.MaxMessagesPerRound must be at least 1");
        }
        if (LogIntervalNs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(LogIntervalNs), LogIntervalNs, "AgentOptions.LogIntervalNs must not be negative");
        }
    }
}
