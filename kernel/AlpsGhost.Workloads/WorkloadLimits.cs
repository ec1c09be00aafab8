namespace AlpsGhost.Workloads;

/// <summary>The upper bounds of every time in a workload (docs/workload-format.md, "Limits"): one place for the
/// readers, the <see cref="Workload"/> invariants and the error messages.</summary>
/// <remarks>They keep every sum the simulator forms (arrival + phases + costs) far below <see cref="long.MaxValue"/>
/// nanoseconds and bound the simulated work of one invocation, so no valid file can overflow a clock or keep a
/// run going for ever. A FaaS invocation of more than an hour (CPU or one wait) is outside what ALPS models.</remarks>
public static class WorkloadLimits
{
    /// <summary>Longest arrival window (<c>duration_s</c>): one week.</summary>
    public const double MaxDurationS = 7 * 86400;

    /// <summary>Longest arrival window in nanoseconds; explicit arrivals lie in [0, this).</summary>
    public const long MaxDurationNs = 7 * 86400 * 1_000_000_000L;

    /// <summary>Largest value of any distribution (CPU demand or one blocking wait), its parameters and samples: one hour.</summary>
    public const double MaxPhaseMs = 3_600_000;

    /// <summary><see cref="MaxPhaseMs"/> in nanoseconds: the longest phase of an invocation.</summary>
    public const long MaxPhaseNs = 3_600_000_000_000;

    /// <summary>How errors state the phase bound.</summary>
    public const string PhaseBound = "at most 3600000 ms (one hour)";

    /// <summary>Milliseconds sampled from a distribution as whole nanoseconds in [1, <see cref="MaxPhaseNs"/>]:
    /// a tail sample above the bound is cut to it (phases are always positive).</summary>
    public static long PhaseNs(double ms) => Math.Clamp(AlpsGhost.Ghost.Nanoseconds.FromMilliseconds(Math.Min(ms, MaxPhaseMs)), 1L, MaxPhaseNs);
}
