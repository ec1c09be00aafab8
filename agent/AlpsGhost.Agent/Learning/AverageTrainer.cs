namespace AlpsGhost.Agent.Learning;

/// <summary><c>avg</c>: basis = mean segment length, std = population std (the original's default, docs/algorithm.md §2.1).</summary>
public sealed class AverageTrainer : ITrainer
{
    /// <inheritdoc/>
    public string Name => "avg";

    /// <inheritdoc/>
    public TrainerResult Train(FunctionProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        SegmentStatistics s = SegmentStatistics.Of(profile.Segments);
        return new TrainerResult(s.Mean, s.Std);
    }
}
