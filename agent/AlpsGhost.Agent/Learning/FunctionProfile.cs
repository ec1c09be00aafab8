namespace AlpsGhost.Agent.Learning;

/// <summary>What SRPT made of one function's jobs in a window, plus what the agent observed of them.</summary>
/// <remarks>
/// The SRPT lists are in job completion order, each job's segments in dispatch order: the same sequence as the
/// original's per-class <c>ts</c> column (docs/algorithm.md §2.1), which the <c>lr</c> and <c>forest</c>
/// trainers treat as a time series. The observed means cover every record of the function in the window
/// (not only the simulated sample), for I/O-aware variants.
/// </remarks>
public sealed class FunctionProfile
{
    /// <summary>Creates a profile.</summary>
    public FunctionProfile(int functionId, int[] segments, int[] waits, int[] durations, int[] cpuTimes, int contextSwitches,
        int invocations, double meanBlockedMs, double meanBursts, double meanWallMs)
    {
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(waits);
        ArgumentNullException.ThrowIfNull(durations);
        ArgumentNullException.ThrowIfNull(cpuTimes);
        FunctionId = functionId;
        Segments = segments;
        Waits = waits;
        Durations = durations;
        CpuTimes = cpuTimes;
        ContextSwitches = contextSwitches;
        Invocations = invocations;
        MeanBlockedMs = meanBlockedMs;
        MeanBursts = meanBursts;
        MeanWallMs = meanWallMs;
    }

    /// <summary>Function id.</summary>
    public int FunctionId { get; }

    /// <summary>Segment lengths (ticks run per dispatch) of all simulated jobs, final segments included.</summary>
    public IReadOnlyList<int> Segments { get; }

    /// <summary>First-dispatch waits (ticks) per simulated job.</summary>
    public IReadOnlyList<int> Waits { get; }

    /// <summary>Execution times (end - arrival, ticks) per simulated job.</summary>
    public IReadOnlyList<int> Durations { get; }

    /// <summary>CPU times (bursts, ms) per simulated job.</summary>
    public IReadOnlyList<int> CpuTimes { get; }

    /// <summary>Preemptions in the simulation, all jobs.</summary>
    public int ContextSwitches { get; }

    /// <summary>Records of this function in the window (observed, not only simulated).</summary>
    public int Invocations { get; }

    /// <summary>Mean observed blocked time per invocation (ms).</summary>
    public double MeanBlockedMs { get; }

    /// <summary>Mean observed CPU bursts per invocation.</summary>
    public double MeanBursts { get; }

    /// <summary>Mean observed wall time (end - arrival) per invocation (ms).</summary>
    public double MeanWallMs { get; }
}
