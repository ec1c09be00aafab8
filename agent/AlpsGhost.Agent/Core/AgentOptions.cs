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

    internal void Validate()
    {
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
