namespace AlpsGhost.Config;

/// <summary>The <c>agent</c> section.</summary>
public sealed record AgentConfig
{
    /// <summary>How the global agent waits for work; the default is the mode measured best at 2, 16 and 56 CPUs
    /// (docs/alps-evaluation.md, "Agent modes"), and equals <c>AlpsGhost.Ghost.AgentModes.Default</c>.</summary>
    public AgentWaitMode Mode { get; init; } = AgentWaitMode.QueueWakeup;

    /// <summary>The global agent's CPU; null = the first CPU of the enclave ("first").</summary>
    public int? GlobalCpu { get; init; }
}
