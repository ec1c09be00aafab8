using AlpsGhost.Workloads.Sampling;

namespace AlpsGhost.Workloads.Arrivals;

/// <summary>When one function's invocations arrive.</summary>
/// <remarks>A process is either <em>scaled</em> (its rate is <c>scale * BaseRatePerS</c>, the scale chosen
/// by the loader so the workload meets its target utilization: Poisson/bursty with a <c>weight</c>, trace
/// per-minute counts) or <em>fixed</em> (absolute <c>rate_per_s</c>, explicit times: never changed).</remarks>
internal abstract class ArrivalProcess
{
    /// <summary>Whether the loader's utilization scale applies.</summary>
    public abstract bool IsScaled { get; }

    /// <summary>Whether the process cannot be materialised without a target utilization (weights are only shares).</summary>
    public virtual bool NeedsUtilization => false;

    /// <summary>Average arrivals per second over [0, duration) at scale 1.</summary>
    public abstract double BaseRatePerS(long durationNs);

    /// <summary>Appends arrival times in [0, <paramref name="durationNs"/>) in increasing order.</summary>
    public abstract void Generate(double scale, long durationNs, Prng rng, List<long> times);

    /// <summary>The same times as <see cref="Generate"/> (same draws, same order), one at a time. This default
    /// generates them all first (8 bytes per arrival); processes that can produce them incrementally override it,
    /// so a streamed workload's memory does not grow with the trace length.</summary>
    public virtual IEnumerable<long> Times(double scale, long durationNs, Prng rng)
    {
        var times = new List<long>();
        Generate(scale, durationNs, rng, times);
        return times;
    }

    /// <summary>Poisson arrivals at <paramref name="ratePerS"/> over [from, to), appended in order.</summary>
    protected static void AppendPoisson(double ratePerS, double fromNs, double toNs, Prng rng, List<long> times)
    {
        if (!(ratePerS > 0))
        {
            return;
        }
        double meanGapNs = 1e9 / ratePerS;
        double t = fromNs + (meanGapNs * rng.NextExponential());
        while (t < toNs)
        {
            times.Add((long)t);
            t += meanGapNs * rng.NextExponential();
        }
    }
}
