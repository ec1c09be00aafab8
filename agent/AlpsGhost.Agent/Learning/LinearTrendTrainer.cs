namespace AlpsGhost.Agent.Learning;

/// <summary>
/// <c>lr</c>: ordinary least squares over (x = 1..n, y = segment), basis = prediction at x = n + 1 truncated toward
/// zero (the original's <c>int(prediction)</c>) and floored at 0, std = population std of the segments (docs/algorithm.md §2.1).
/// </summary>
/// <remarks>Closed form with centred sums, exact enough for n up to millions; a single segment predicts itself.</remarks>
public sealed class LinearTrendTrainer : ITrainer
{
    /// <inheritdoc/>
    public string Name => "lr";

    /// <inheritdoc/>
    public TrainerResult Train(FunctionProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        SegmentStatistics s = SegmentStatistics.Of(profile.Segments);
        // A falling trend can extrapolate below zero; a segment length cannot be negative (the original's
        // negative basis ended as slice 0 anyway, and our guard rejects negative bases as trainer bugs).
        return new TrainerResult(Math.Max(0, Math.Truncate(PredictNext(profile.Segments))), s.Std);
    }

    /// <summary>The least-squares line through (i + 1, y[i]) evaluated at n + 1 (not truncated).</summary>
    public static double PredictNext(IReadOnlyList<int> y)
    {
        ArgumentNullException.ThrowIfNull(y);
        int n = y.Count;
        if (n == 0)
        {
            throw new ArgumentException("expected at least one value", nameof(y));
        }
        double meanX = (n + 1) / 2.0;
        double meanY = 0;
        for (int i = 0; i < n; i++)
        {
            meanY += y[i];
        }
        meanY /= n;
        double sxy = 0, sxx = 0;
        for (int i = 0; i < n; i++)
        {
            double dx = i + 1 - meanX;
            sxy += dx * (y[i] - meanY);
            sxx += dx * dx;
        }
        double slope = sxx == 0 ? 0 : sxy / sxx;
        return meanY + (slope * (n + 1 - meanX));
    }
}
