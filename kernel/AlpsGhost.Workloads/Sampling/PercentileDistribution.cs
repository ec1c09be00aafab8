namespace AlpsGhost.Workloads.Sampling;

/// <summary>A distribution given by a percentile table (the Azure 2019 layout: p0, p1, p25, p50, p75, p99,
/// p100), sampled by inverse transform with log-linear interpolation between neighbouring percentiles:
/// for a uniform u in segment [q_a, q_b], value = v_a * (v_b / v_a)^((u - q_a) / (q_b - q_a)).</summary>
/// <remarks>Log-linear because execution times span orders of magnitude inside one function; linear
/// interpolation would put most of the top 1 % near p100. Values must be positive and non-decreasing.</remarks>
internal sealed class PercentileDistribution : Distribution
{
    /// <summary>The quantiles (as fractions) the table gives values for, in order.</summary>
    public static readonly double[] Quantiles = [0.0, 0.01, 0.25, 0.50, 0.75, 0.99, 1.0];

    /// <summary>The field names of <see cref="Quantiles"/> in workload files.</summary>
    public static readonly string[] Names = ["p0", "p1", "p25", "p50", "p75", "p99", "p100"];

    private readonly double[] _values;

    public PercentileDistribution(double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != Quantiles.Length)
        {
            throw new ArgumentException($"expected {Quantiles.Length} values, got {values.Length}", nameof(values));
        }
        for (int i = 0; i < values.Length; i++)
        {
            if (!(values[i] > 0) || double.IsInfinity(values[i]) || (i > 0 && values[i] < values[i - 1]))
            {
                throw new ArgumentException($"value {values[i]} at {Names[i]} must be positive, finite and not below the previous one", nameof(values));
            }
        }
        _values = (double[])values.Clone();
        double mean = 0;
        for (int i = 1; i < _values.Length; i++)
        {
            double a = _values[i - 1];
            double b = _values[i];
            // Mean of a * (b/a)^t for t uniform in [0,1] is (b - a) / ln(b / a).
            double segmentMean = b == a ? a : (b - a) / Math.Log(b / a);
            mean += (Quantiles[i] - Quantiles[i - 1]) * segmentMean;
        }
        Mean = mean;
    }

    /// <inheritdoc/>
    public override double Mean { get; }

    /// <inheritdoc/>
    public override double Min => _values[0];

    /// <inheritdoc/>
    public override double Max => _values[^1];

    /// <inheritdoc/>
    public override double Sample(Prng rng)
    {
        double u = rng.NextOpenUnit();
        int i = 1;
        while (i < Quantiles.Length - 1 && u > Quantiles[i])
        {
            i++;
        }
        double a = _values[i - 1];
        double b = _values[i];
        double t = (u - Quantiles[i - 1]) / (Quantiles[i] - Quantiles[i - 1]);
        double v = a * Math.Pow(b / a, t);
        // Rounding in Pow must not leave the table's range.
        return Math.Clamp(v, a, b);
    }
}
