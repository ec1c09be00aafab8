using AlpsGhost.Workloads.Sampling;

namespace AlpsGhost.Workloads.Arrivals;

/// <summary>Trace replay: <c>counts[m]</c> invocations in minute m, placed uniformly at random inside the
/// minute. Scaling keeps the per-minute shape: minute m gets <c>scale * counts[m]</c> invocations, rounded
/// stochastically (floor, plus one with probability equal to the fraction), which thins when scale &lt; 1
/// and duplicates when scale &gt; 1 while keeping every minute's expected count exactly proportional.</summary>
internal sealed class MinuteCountArrivals(int[] counts) : ArrivalProcess
{
    private const double MinuteNs = 60e9;

    /// <summary>Invocations per minute as in the trace.</summary>
    public IReadOnlyList<int> Counts => counts;

    /// <inheritdoc/>
    public override bool IsScaled => true;

    /// <inheritdoc/>
    public override double BaseRatePerS(long durationNs)
    {
        // A minute cut by the duration contributes the share of its (uniform) arrivals that fall inside.
        double expected = 0;
        for (int m = 0; m < counts.Length; m++)
        {
            double start = m * MinuteNs;
            double inside = Math.Clamp((durationNs - start) / MinuteNs, 0, 1);
            expected += counts[m] * inside;
        }
        return expected / (durationNs / 1e9);
    }

    /// <inheritdoc/>
    /// <remarks>Per-minute sorted blocks of disjoint, ascending minutes: the whole list sorted.</remarks>
    public override void Generate(double scale, long durationNs, Prng rng, List<long> times) =>
        times.AddRange(Times(scale, durationNs, rng));

    /// <inheritdoc/>
    /// <remarks>One minute at a time: per minute the stochastically rounded count, then that many uniform
    /// times inside it, sorted. Minutes are disjoint and ascending, so that is the whole list sorted; memory is one
    /// minute's arrivals.</remarks>
    public override IEnumerable<long> Times(double scale, long durationNs, Prng rng)
    {
        var minute = new List<long>();
        for (int m = 0; m < counts.Length && m * MinuteNs < durationNs; m++)
        {
            double target = scale * counts[m];
            long n = (long)Math.Floor(target);
            if (rng.NextOpenUnit() < target - n)
            {
                n++;
            }
            double start = m * MinuteNs;
            minute.Clear();
            for (long i = 0; i < n; i++)
            {
                long t = (long)(start + (rng.NextOpenUnit() * MinuteNs));
                if (t < durationNs)
                {
                    minute.Add(t);
                }
            }
            minute.Sort();
            foreach (long t in minute)
            {
                yield return t;
            }
        }
    }
}
