namespace AlpsGhost.Config;

/// <summary>The <c>policy</c> section.</summary>
public sealed record PolicyConfig
{
    /// <summary>Which policy schedules the enclave.</summary>
    public PolicyName Name { get; init; } = PolicyName.Alps;

    /// <summary>FIFO parameters (used when <see cref="Name"/> is fifo).</summary>
    public FifoConfig Fifo { get; init; } = new();

    /// <summary>ALPS parameters (used when <see cref="Name"/> is alps).</summary>
    public AlpsConfig Alps { get; init; } = new();
}
