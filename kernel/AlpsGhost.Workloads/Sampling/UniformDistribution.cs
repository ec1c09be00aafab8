namespace AlpsGhost.Workloads.Sampling;

/// <summary>Uniform on [min, max].</summary>
internal sealed class UniformDistribution(double min, double max) : Distribution
{
    /// <inheritdoc/>
    public override double Mean => (min + max) / 2;

    /// <inheritdoc/>
    public override double Min => min;

    /// <inheritdoc/>
    public override double Max => max;

    /// <inheritdoc/>
    public override double Sample(Prng rng) => min + ((max - min) * rng.NextOpenUnit());
}
