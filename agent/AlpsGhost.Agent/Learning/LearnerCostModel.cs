namespace AlpsGhost.Agent.Learning;

/// <summary>
/// What a learning round costs in CPU time, so the simulated kernel can charge the learner thread as fair-class
/// work: <c>FixedNs + PerRecordNs × records in the window</c>.
/// </summary>
/// <remarks>
/// Constants are measured on the development machine (2 cores shared with parallel builds, Release, synthetic
/// 60 s windows of 8 functions; command and table in Learning/README.md, "Cost model"), rounded up:
/// reference mode simulates a 1/24 sample so its cost is nearly flat, multi mode simulates every record
/// (≈3-6 µs per record), and <c>forest</c> adds ML.NET training, ≈30-60 ms per function.
/// </remarks>
public sealed record LearnerCostModel(long FixedNs, long PerRecordNs)
{
    /// <summary>Reference mode, <c>avg</c>/<c>lr</c>.</summary>
    public static LearnerCostModel Reference { get; } = new(500_000, 700);

    /// <summary>Multi mode, <c>avg</c>/<c>lr</c>.</summary>
    public static LearnerCostModel Multi { get; } = new(500_000, 6_000);

    /// <summary>Any mode, <c>forest</c>: ML.NET's per-function training dominates.</summary>
    public static LearnerCostModel Forest { get; } = new(400_000_000, 7_000);

    /// <summary>The measured model for <paramref name="options"/> (mode and trainer).</summary>
    public static LearnerCostModel For(LearningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.Equals(options.Trainer, "forest", StringComparison.OrdinalIgnoreCase))
        {
            return Forest;
        }
        return options.Srpt.Mode == SimulationMode.Multi ? Multi : Reference;
    }

    /// <summary>The modelled CPU time of a round over <paramref name="recordsInWindow"/> records.</summary>
    public long ModelledCpuNs(int recordsInWindow)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(recordsInWindow, nameof(recordsInWindow));
        return FixedNs + (PerRecordNs * recordsInWindow);
    }
}
