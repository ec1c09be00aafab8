namespace AlpsGhost.Bench.Output;

/// <summary>A statistic averaged over seeds, with its spread.</summary>
/// <param name="Mean">Average over the seeds that have a value.</param>
/// <param name="Min">Smallest seed's value.</param>
/// <param name="Max">Largest seed's value.</param>
internal readonly record struct SeedAggregate(double Mean, double Min, double Max)
{
    /// <summary>Aggregates <paramref name="values"/>, skipping NaN (a seed where nothing completed); all NaN gives NaN.</summary>
    public static SeedAggregate Of(IEnumerable<double> values)
    {
        double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        int n = 0;
        foreach (double v in values)
        {
            if (double.IsFinite(v))
            {
                sum += v;
                min = Math.Min(min, v);
                max = Math.Max(max, v);
                n++;
            }
        }
        return n == 0 ? new SeedAggregate(double.NaN, double.NaN, double.NaN) : new SeedAggregate(sum / n, min, max);
    }
}
