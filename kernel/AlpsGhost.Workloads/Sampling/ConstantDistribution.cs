namespace AlpsGhost.Workloads.Sampling;

/// <summary>Always the same value.</summary>
internal sealed class ConstantDistribution(double value) : Distribution
{
    /// <inheritdoc/>
    public override double Mean => value;

    /// <inheritdoc/>
    public override double Min => value;

    /// <inheritdoc/>
    public override double Max => value;

    /// <inheritdoc/>
    public override double Sample(Prng rng) => value;
}
