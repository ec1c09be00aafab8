namespace AlpsGhost.Agent.Policies;

/// <summary>
/// SFS's adaptive global slice T (SC'22): after every <see cref="SfsPolicyOptions.Period"/> inter-arrival times,
/// T = mean inter-arrival time x CPUs, in whole milliseconds; a new job's credit is max(T,
/// <see cref="SfsPolicyOptions.MinimumCreditNs"/>). One place for this rule, used by the ghOSt policy
/// (<see cref="SfsPolicy"/>) and by the stock-Linux backend's <c>sfs</c>.
/// </summary>
/// <remarks>Arrival times need not be sorted: a time before the latest one counts as an inter-arrival time of 0.
/// Not thread-safe: one instance per scheduling thread; no allocation.</remarks>
public sealed class SfsSliceAdapter
{
    private readonly SfsPolicyOptions _options;
    private readonly int _cpuCount;
    private long _lastArrivalNs = long.MinValue, _iatSumNs;
    private int _iatCount;

    /// <summary>Creates the adapter for <paramref name="cpuCount"/> CPUs.</summary>
    public SfsSliceAdapter(int cpuCount, SfsPolicyOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cpuCount);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _cpuCount = cpuCount;
        _options = options;
        SliceNs = options.InitialSliceNs;
    }

    /// <summary>The current global slice T (ns).</summary>
    public long SliceNs { get; private set; }

    /// <summary>Records a job arriving at <paramref name="arrivalNs"/> and returns its credit (ns), computed
    /// from T before this arrival.</summary>
    public long Arrive(long arrivalNs)
    {
        long credit = Math.Max(SliceNs, _options.MinimumCreditNs);
        if (_lastArrivalNs != long.MinValue)
        {
            _iatSumNs += Math.Max(0, arrivalNs - _lastArrivalNs);
            if (++_iatCount == _options.Period)
            {
                // T = mean IAT (ms) x CPUs, in whole milliseconds (SFS stores it as an integer).
                SliceNs = _iatSumNs / _options.Period * _cpuCount / 1_000_000 * 1_000_000;
                _iatSumNs = 0;
                _iatCount = 0;
            }
        }
        _lastArrivalNs = Math.Max(_lastArrivalNs, arrivalNs);
        return credit;
    }
}
