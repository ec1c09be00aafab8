namespace AlpsGhost.Runs.Reporting;

/// <summary>Completion-time statistics of a set of invocations.</summary>
/// <remarks>Percentiles interpolate linearly between order statistics (Hyndman-Fan type 7, as numpy's
/// default), so p50 of an even count is the mean of the two middle values.</remarks>
public sealed record LatencySummary(
    int Tasks,
    int Completed,
    double MeanMs,
    double P50Ms,
    double P99Ms,
    double MeanSlowdown,
    long ContextSwitches,
    double ThroughputPerSecond)
{
    /// <summary>Summarises <paramref name="records"/>; <paramref name="spanNs"/> is the run's length for throughput.</summary>
    public static LatencySummary Of(IReadOnlyList<CompletionRecord> records, long spanNs)
    {
        var completions = new List<double>(records.Count);
        double slowdownSum = 0;
        long switches = 0;
        foreach (CompletionRecord r in records)
        {
            switches += r.ContextSwitches;
            if (!r.Completed)
            {
                continue;
            }
            completions.Add(r.CompletionNs / 1e6);
            slowdownSum += r.DemandNs > 0 ? (double)r.CompletionNs / r.DemandNs : 1.0;
        }
        completions.Sort();
        int n = completions.Count;
        double mean = 0;
        foreach (double c in completions)
        {
            mean += c;
        }
        mean = n > 0 ? mean / n : double.NaN;
        return new LatencySummary(
            records.Count,
            n,
            mean,
            Percentile(completions, 0.50),
            Percentile(completions, 0.99),
            n > 0 ? slowdownSum / n : double.NaN,
            switches,
            spanNs > 0 ? n / (spanNs / 1e9) : 0);
    }

    /// <summary>Type-7 percentile of an ascending list; NaN when empty.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }
        double h = (sorted.Count - 1) * q;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
