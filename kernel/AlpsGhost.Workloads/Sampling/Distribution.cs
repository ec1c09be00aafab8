namespace AlpsGhost.Workloads.Sampling;

/// <summary>A distribution of positive values (milliseconds in workload files).</summary>
internal abstract class Distribution
{
    /// <summary>The exact mean of what <see cref="Sample"/> returns (used to scale arrival rates).</summary>
    public abstract double Mean { get; }

    /// <summary>The smallest value <see cref="Sample"/> can return (0 when unbounded below).</summary>
    public abstract double Min { get; }

    /// <summary>The largest value <see cref="Sample"/> can return (infinity when unbounded).</summary>
    public abstract double Max { get; }

    /// <summary>Draws one value.</summary>
    public abstract double Sample(Prng rng);
}
