namespace AlpsGhost.Agent.Learning;

/// <summary>
/// What a learning round costs in CPU time, so the simulated kernel can charge the learner thread as fair-class
/// work: <c>FixedNs + PerRecordNs × records in the window</c>.
/// </summary>
/// <remarks>
/// Defaults are measured on the development machine (2 cores, Release build, see Learning/README.md, "Cost
/// model"), for the <c>avg</c> trainer in multi mode, which dominates the simulated per-record work; the
/// reference mode samples 1/24 and is cheaper, and <c>forest</c> adds ML.NET training per function (use
/// <see cref="ForForest"/>).
/// </remarks>
public sealed record LearnerCostModel(long FixedNs, long PerRecordNs)
{
    /// <summary>Measured default for <c>avg</c>/<c>lr</c>.</summary>
    public static LearnerCostModel Default { get; } = new(50_000, 400);

    /// <summary>Measured default for <c>forest</c>.</summary>
    public static LearnerCostModel ForForest { get; } = new(5_000_000, 2_000);

    /// <summary>The modelled CPU time of a round over <paramref name="recordsInWindow"/> records.</summary>
    public long ModelledCpuNs(int recordsInWindow)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(recordsInWindow, nameof(recordsInWindow));
        return FixedNs + (PerRecordNs * recordsInWindow);
    }
}
