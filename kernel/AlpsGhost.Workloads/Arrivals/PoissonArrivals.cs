using AlpsGhost.Workloads.Sampling;

namespace AlpsGhost.Workloads.Arrivals;

/// <summary>Poisson arrivals: exponential gaps. <paramref name="rate"/> is a weight (scaled) or an absolute rate per second.</summary>
internal sealed class PoissonArrivals(double rate, bool isScaled) : ArrivalProcess
{
    /// <inheritdoc/>
    public override bool IsScaled => isScaled;

    /// <inheritdoc/>
    public override bool NeedsUtilization => isScaled;

    /// <inheritdoc/>
    public override double BaseRatePerS(long durationNs) => rate;

    /// <inheritdoc/>
    public override void Generate(double scale, long durationNs, Prng rng, List<long> times)
        => AppendPoisson(isScaled ? rate * scale : rate, 0, durationNs, rng, times);

    /// <inheritdoc/>
    /// <remarks>Incremental: the same exponential gaps as <see cref="ArrivalProcess.AppendPoisson"/>, drawn on demand.</remarks>
    public override IEnumerable<long> Times(double scale, long durationNs, Prng rng)
    {
        double ratePerS = isScaled ? rate * scale : rate;
        if (!(ratePerS > 0))
        {
            yield break;
        }
        double meanGapNs = 1e9 / ratePerS;
        double t = meanGapNs * rng.NextExponential();
        while (t < durationNs)
        {
            yield return (long)t;
            t += meanGapNs * rng.NextExponential();
        }
    }
}
