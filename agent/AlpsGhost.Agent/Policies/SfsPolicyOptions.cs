namespace AlpsGhost.Agent.Policies;

/// <summary>Knobs of <see cref="SfsPolicy"/>; defaults are SFS's as coded (docs/algorithm.md section 5).</summary>
public sealed record SfsPolicyOptions
{
    /// <summary>Global slice T before the first recomputation: 20 ms.</summary>
    public long InitialSliceNs { get; init; } = 20_000_000;

    /// <summary>T is recomputed after this many inter-arrival times: 100 (the OpenLambda port; standalone SFS uses 200).</summary>
    public int Period { get; init; } = 100;

    /// <summary>Floor of a new job's credit: 6 ms.</summary>
    public long MinimumCreditNs { get; init; } = 6_000_000;

    /// <summary>A job that waited in the FIFO level longer than this many T goes to the lower level: 3.</summary>
    public int BypassFactor { get; init; } = 3;

    /// <summary>
    /// SFS polls a FIFO job every 1 ms and demotes it when the tick counter reaches its credit, so credit is spent in
    /// 1 ms ticks: a job left with less than this is demoted. It also keeps a job from being dispatched with a few
    /// nanoseconds of credit, whose expiry would wake the agent before the job could run at all: 1 ms.
    /// </summary>
    public long PollIntervalNs { get; init; } = 1_000_000;

    /// <summary>
    /// Lower (fair) level: a dispatched task runs this long before a task with less CPU time may take its CPU
    /// (ours; CFS's minimum granularity is of this order): 3 ms.
    /// </summary>
    public long FairSliceNs { get; init; } = 3_000_000;

    /// <summary>Throws if a value is out of range, naming it.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(InitialSliceNs, nameof(InitialSliceNs));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Period, nameof(Period));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MinimumCreditNs, nameof(MinimumCreditNs));
        ArgumentOutOfRangeException.ThrowIfNegative(BypassFactor, nameof(BypassFactor));
        ArgumentOutOfRangeException.ThrowIfNegative(FairSliceNs, nameof(FairSliceNs));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(PollIntervalNs, nameof(PollIntervalNs));
    }
}
