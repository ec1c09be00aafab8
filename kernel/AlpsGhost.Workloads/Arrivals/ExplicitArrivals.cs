using AlpsGhost.Workloads.Sampling;

namespace AlpsGhost.Workloads.Arrivals;

/// <summary>Arrivals at given times (sorted, non-negative nanoseconds); times at or after the duration are dropped.</summary>
internal sealed class ExplicitArrivals(long[] timesNs) : ArrivalProcess
{
    /// <inheritdoc/>
    public override bool IsScaled => false;

    /// <inheritdoc/>
    public override double BaseRatePerS(long durationNs) => CountBefore(durationNs) / (durationNs / 1e9);

    /// <inheritdoc/>
    public override void Generate(double scale, long durationNs, Prng rng, List<long> times)
    {
        foreach (long t in timesNs)
        {
            if (t < durationNs)
            {
                times.Add(t);
            }
        }
    }

    private int CountBefore(long durationNs)
    {
        int n = 0;
        foreach (long t in timesNs)
        {
            if (t < durationNs)
            {
                n++;
            }
        }
        return n;
    }
}
