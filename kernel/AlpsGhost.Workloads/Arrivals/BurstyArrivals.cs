using AlpsGhost.Workloads.Sampling;

namespace AlpsGhost.Workloads.Arrivals;

/// <summary>An on/off Markov-modulated Poisson process (MMPP-2): exponential ON periods (mean
/// <c>meanOnMs</c>) with a high Poisson rate, exponential OFF periods (mean <c>meanOffMs</c>) with
/// <c>offRateRatio</c> times that rate (0 = silent). <paramref name="averageRate"/> (a weight when scaled,
/// else arrivals per second) is the long-run average; the ON rate is derived from it.</summary>
internal sealed class BurstyArrivals(double averageRate, bool isScaled, double meanOnMs, double meanOffMs, double offRateRatio) : ArrivalProcess
{
    /// <inheritdoc/>
    public override bool IsScaled => isScaled;

    /// <inheritdoc/>
    public override bool NeedsUtilization => isScaled;

    /// <inheritdoc/>
    public override double BaseRatePerS(long durationNs) => averageRate;

    /// <inheritdoc/>
    public override void Generate(double scale, long durationNs, Prng rng, List<long> times)
    {
        double average = isScaled ? averageRate * scale : averageRate;
        double pOn = meanOnMs / (meanOnMs + meanOffMs);
        double onRate = average / (pOn + (offRateRatio * (1 - pOn)));
        // Start in the stationary state distribution so the first seconds are not biased.
        bool on = rng.NextOpenUnit() < pOn;
        double t = 0;
        while (t < durationNs)
        {
            double end = Math.Min(durationNs, t + ((on ? meanOnMs : meanOffMs) * 1e6 * rng.NextExponential()));
            AppendPoisson(on ? onRate : onRate * offRateRatio, t, end, rng, times);
            t = end;
            on = !on;
        }
    }
}
