namespace AlpsGhost.Ghost.Host;

/// <summary>How <see cref="RealEnclave"/> creates or attaches to an enclave.</summary>
public sealed record RealEnclaveOptions
{
    /// <summary>ghostfs mount point.</summary>
    public string GhostfsRoot { get; init; } = "/sys/fs/ghost";

    /// <summary>ABI to create the enclave with (84, 90 or 91); must be listed in <c>version</c>.</summary>
    public int AbiVersion { get; init; } = 91;

    /// <summary>CPUs of a created enclave (ignored when attaching: the enclave's cpulist is used).</summary>
    public IReadOnlyList<int> Cpus { get; init; } = [];

    /// <summary>The global agent's CPU; -1 = the first enclave CPU.</summary>
    public int AgentCpu { get; init; } = -1;

    /// <summary>How the global agent waits for work.</summary>
    public AgentMode AgentMode { get; init; } = AgentModes.Default;

    /// <summary>Slots of the default queue (power of two, at most 65536).</summary>
    public int QueueElements { get; init; } = 65536;

    /// <summary>NUMA node of the queue and the status-word region.</summary>
    public int NumaNode { get; init; }

    /// <summary>runnable_timeout in ms written at setup (null = leave the kernel's value; 0 disables the watchdog).</summary>
    public long? RunnableTimeoutMs { get; init; }

    /// <summary>deliver_ticks written at setup (null = leave as is).</summary>
    public bool? DeliverTicks { get; init; }

    /// <summary>How long agent threads wait for an old agent to go (attach / in-place upgrade).</summary>
    public TimeSpan AgentHandoverTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
