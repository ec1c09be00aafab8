namespace AlpsGhost.Agent.Learning;

/// <summary>Settings of the SRPT stage of a learning round.</summary>
/// <remarks>Defaults are the original's (docs/algorithm.md §1.2c, §1.3): 1/24 sample, last 100 jobs, minimum run 8 ticks.</remarks>
public sealed record SrptOptions
{
    /// <summary>Reference (one CPU, sampled) or Multi (real CPU count, whole window).</summary>
    public SimulationMode Mode { get; init; } = SimulationMode.Reference;

    /// <summary>CPUs simulated in <see cref="SimulationMode.Multi"/> (the enclave's CPU count).</summary>
    public int CpuCount { get; init; } = 1;

    /// <summary>N of the 1/N sample in reference mode (24 = "one of 24 cores").</summary>
    public int SampleDivisor { get; init; } = 24;

    /// <summary>Jobs kept (the most recent by arrival) in reference mode.</summary>
    public int KeepLast { get; init; } = 100;

    /// <summary>How the reference sample is taken.</summary>
    public ReferenceSampling Sampling { get; init; } = ReferenceSampling.FirstK;

    /// <summary>Minimum ticks a dispatched job runs before a strictly shorter job may preempt it.</summary>
    public int MinRunTicks { get; init; } = SrptSimulator.DefaultMinRunTicks;

    /// <summary>Throws when a setting is out of range, naming it.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(CpuCount, 1, nameof(CpuCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(SampleDivisor, 1, nameof(SampleDivisor));
        ArgumentOutOfRangeException.ThrowIfLessThan(KeepLast, 1, nameof(KeepLast));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinRunTicks, 1, nameof(MinRunTicks));
        if (!Enum.IsDefined(Mode))
        {
            throw new ArgumentOutOfRangeException(nameof(Mode), Mode, "expected Reference or Multi");
        }
        if (!Enum.IsDefined(Sampling))
        {
            throw new ArgumentOutOfRangeException(nameof(Sampling), Sampling, "expected FirstK or Stride");
        }
    }
}
