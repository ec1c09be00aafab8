namespace AlpsGhost.Workloads.Sampling;

/// <summary>Exponential with the given mean (coefficient of variation 1).</summary>
internal sealed class ExponentialDistribution(double mean) : Distribution
{
    /// <inheritdoc/>
    public override double Mean => mean;

    /// <inheritdoc/>
    public override double Min => 0;

    /// <inheritdoc/>
    public override double Max => double.PositiveInfinity;

    /// <inheritdoc/>
    public override double Sample(Prng rng) => mean * rng.NextExponential();
}
