namespace AlpsGhost.Kernel;

/// <summary>Tunables of the simulated EEVDF fair class, modelled on Linux 6.6+ <c>kernel/sched/fair.c</c> (this host runs 6.18).</summary>
/// <remarks>See docs/simulator.md, "Fair class: eevdf", for the source of every default and rule.</remarks>
public sealed record EevdfParameters
{
    /// <summary>
    /// <c>sysctl_sched_base_slice</c>: the slice every task requests (its virtual deadline is this far ahead, in
    /// weighted time). Mainline default 0.70 ms x <c>1 + ilog2(min(ncpus, 8))</c>.
    /// </summary>
    public long BaseSliceNs { get; init; }

    /// <summary>
    /// Slice expiry is noticed at the next scheduler tick (HRTICK off, the kernel default), not at the exact
    /// deadline. Ticks are at multiples of <see cref="SimulationOptions.TickNs"/> on every CPU.
    /// </summary>
    public bool SliceEndsAtTick { get; init; } = true;

    /// <summary>
    /// DELAY_DEQUEUE + DELAY_ZERO (6.12+): a task that sleeps with negative lag stays queued until it would be
    /// picked (its lag then reset to 0), so sleeping does not erase a debt; false = 6.6's immediate dequeue.
    /// </summary>
    public bool DelayDequeue { get; init; } = true;

    /// <summary>Mainline defaults for <paramref name="cpuCount"/> CPUs: base slice 0.70 ms x <c>1 + ilog2(min(ncpus, 8))</c>.</summary>
    public static EevdfParameters ForCpuCount(int cpuCount) => new()
    {
        BaseSliceNs = 700_000L * CfsParameters.TunableScalingFactor(cpuCount),
    };

    internal void Validate()
    {
        if (BaseSliceNs <= 0)
        {
            throw new ArgumentException($"EevdfParameters need a positive base slice, got {this}", "options.Eevdf");
        }
    }
}
