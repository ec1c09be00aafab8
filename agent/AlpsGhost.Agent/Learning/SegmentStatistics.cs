namespace AlpsGhost.Agent.Learning;

/// <summary>Mean / population std / min / max of a segment sequence, computed in one exact pass.</summary>
public readonly record struct SegmentStatistics(int Count, double Mean, double Std, int Min, int Max)
{
    /// <summary>Summarises <paramref name="segments"/> (all zeros when empty).</summary>
    public static SegmentStatistics Of(IReadOnlyList<int> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        int n = segments.Count;
        if (n == 0)
        {
            return default;
        }
        long sum = 0;
        int min = int.MaxValue, max = int.MinValue;
        for (int i = 0; i < n; i++)
        {
            int v = segments[i];
            sum += v;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        double mean = (double)sum / n;
        double squares = 0;
        for (int i = 0; i < n; i++)
        {
            double d = segments[i] - mean;
            squares += d * d;
        }
        // Population std (numpy's default ddof = 0), as the original.
        return new SegmentStatistics(n, mean, Math.Sqrt(squares / n), min, max);
    }
}
