namespace AlpsGhost.Config;

/// <summary>The <c>agent</c> section.</summary>
public sealed record AgentConfig
{
    /// <summary>How the global agent waits for work.</summary>
    public AgentWaitMode Mode { get; init; } = AgentWaitMode.Spinning;

    /// <summary>The global agent's CPU; null = the first CPU of the enclave ("first").</summary>
    public int? GlobalCpu { get; init; }
}
