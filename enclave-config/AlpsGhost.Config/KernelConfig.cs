namespace AlpsGhost.Config;

/// <summary>The <c>kernel</c> section.</summary>
public sealed record KernelConfig
{
    /// <summary>The ghOSt ABI to speak; null = "auto" (newest the kernel lists in /sys/fs/ghost/version).</summary>
    public int? Abi { get; init; }

    /// <summary>Write 1 to the enclave's deliver_ticks (MSG_CPU_TICK).</summary>
    public bool DeliverTicks { get; init; }
}
