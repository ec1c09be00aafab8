namespace AlpsGhost.Config;

/// <summary>The whole enclave configuration: immutable, every member has the default of <c>all.json</c>.</summary>
/// <remarks>Built by <see cref="EnclaveConfigLoader"/>, which guarantees every field is in range and the
/// cross-field rules hold; <c>new EnclaveConfig()</c> equals <see cref="EnclaveConfigLoader.Default"/>.</remarks>
public sealed record EnclaveConfig
{
    /// <summary>The enclave's CPUs.</summary>
    public CpuSelection Cpus { get; init; } = CpuSelection.AllCpus;

    /// <summary>Agent threading.</summary>
    public AgentConfig Agent { get; init; } = new();

    /// <summary>The scheduling policy and its parameters.</summary>
    public PolicyConfig Policy { get; init; } = new();

    /// <summary>Function identity.</summary>
    public IdentityConfig Identity { get; init; } = new();

    /// <summary>The kernel watchdog: destroy the enclave if a runnable task waits longer (ms); 0 = off.</summary>
    public int RunnableTimeoutMs { get; init; } = 5000;

    /// <summary>Statistics export.</summary>
    public StatsConfig Stats { get; init; } = new();

    /// <summary>Kernel ABI and tunables.</summary>
    public KernelConfig Kernel { get; init; } = new();

    /// <summary>This config with <paramref name="overrides"/> applied (command-line flags win over file values).</summary>
    /// <exception cref="ConfigException">An override value is invalid or breaks a cross-field rule.</exception>
    public EnclaveConfig With(ConfigOverrides overrides) => ConfigOverrides.Apply(this, overrides);

    /// <summary>This config as JSON in the file format, every field spelled out (see <see cref="EnclaveConfigWriter"/>).</summary>
    public string ToJson() => EnclaveConfigWriter.ToJson(this);
}
