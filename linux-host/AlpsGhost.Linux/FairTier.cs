namespace AlpsGhost.Linux;

/// <summary>How a task that left its band (slice used, or never raised) is weighted in the kernel's fair class.</summary>
public enum FairTierMode
{
    /// <summary>By ALPS's order: its nice follows its order key (<see cref="FairTier.NiceForKey"/>), so the fair class
    /// shares the CPUs in proportion to 1 / key². The default for alps and alps-io.</summary>
    Order,

    /// <summary>Nice 0 for every task: plain fair sharing (SFS's design; the only mode of fifo, sfs and srpt).</summary>
    Equal,
}

/// <summary>
/// The nice value of a task in the fair tier, from its ALPS order key (Gittins index, ns): the second level of ALPS's
/// two-level design mapped onto the kernel's fair class.
/// </summary>
/// <remarks>
/// <para>Why: the original ALPS orders CFS's tree by function priority after a task's slice; stock Linux cannot
/// reorder the fair class, but it weights it. The kernel's nice weights step by a factor of 1.25 per level
/// (sched_prio_to_weight), so a weight proportional to 1 / key² is 2 log(2) / log(1.25) = 6.2 nice levels per
/// halving of the key: a task expected to need half as much more CPU gets four times the share, closer to ALPS's
/// strict order than 1 / key while sharing stays proportional, so no fair-tier task starves.</para>
/// <para>The exponent was chosen on the simulated twin (alps-bench run --host linux --fair-class eevdf, 2 CPUs,
/// U = 0.85, 60 s, seeds 1-3), alps's mean against cfs on fib-groups, azure2019, mixed-io-cpu, auth-video,
/// faas-mix, wide-lognormal and azure-synthetic: weight 1 / key: -26.7, -32.3, -18.0, +3.3, -30.3, -2.9, -7.4 %;
/// 1 / key²: -32.5, -34.9, -23.5, +1.2, -33.9, -7.0, -4.6 %; 1 / key³: -28.9, -34.0, -25.0, +6.9, -32.4, -4.0,
/// -4.7 %.</para>
/// <para><see cref="ReferenceKeyNs"/> (100 ms) gets nice 0, the weight of every task the agent does not manage;
/// keys are clamped to the kernel's range -20..19. Children never inherit a negative nice (the agent sets it with
/// SCHED_FLAG_RESET_ON_FORK).</para>
/// </remarks>
public static class FairTier
{
    /// <summary>The key (ns) that maps to nice 0.</summary>
    public const long ReferenceKeyNs = 100_000_000;

    /// <summary>Nice levels per halving of the key: 2 log(2) / log(1.25) (weight proportional to 1 / key²).</summary>
    public const double LevelsPerHalving = 6.213;

    /// <summary>The kernel's nice range.</summary>
    public const int MinNice = -20, MaxNice = 19;

    /// <summary>The nice of a fair-tier task whose order key is <paramref name="keyNs"/>.</summary>
    public static int NiceForKey(long keyNs)
    {
        double ratio = Math.Max(1, keyNs) / (double)ReferenceKeyNs;
        return (int)Math.Clamp(Math.Round(LevelsPerHalving * Math.Log2(ratio)), MinNice, MaxNice);
    }
}
