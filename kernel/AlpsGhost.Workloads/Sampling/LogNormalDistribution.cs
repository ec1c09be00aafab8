namespace AlpsGhost.Workloads.Sampling;

/// <summary>Log-normal given by its mean and coefficient of variation (std / mean), the two numbers a
/// workload author knows; the underlying normal has sigma^2 = ln(1 + cv^2) and mu = ln(mean) - sigma^2 / 2.</summary>
internal sealed class LogNormalDistribution : Distribution
{
    private readonly double _mu;
    private readonly double _sigma;

    public LogNormalDistribution(double mean, double cv)
    {
        Mean = mean;
        _sigma = Math.Sqrt(Math.Log(1 + (cv * cv)));
        _mu = Math.Log(mean) - (_sigma * _sigma / 2);
    }

    /// <inheritdoc/>
    public override double Mean { get; }

    /// <inheritdoc/>
    public override double Min => 0;

    /// <inheritdoc/>
    public override double Max => double.PositiveInfinity;

    /// <inheritdoc/>
    public override double Sample(Prng rng) => Math.Exp(_mu + (_sigma * rng.NextStandardNormal()));
}
