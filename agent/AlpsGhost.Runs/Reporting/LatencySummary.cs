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
        var summary = new Accumulator(records.Count);
        foreach (CompletionRecord r in records)
        {
            summary.Add(in r);
        }
        return summary.Summary(spanNs);
    }

    /// <summary>A summary built one record at a time, so one pass over a run's records can feed a summary per
    /// function and one for all without copying the records.</summary>
    /// <remarks>Records must be added in the order the summary is defined by (the run's record order): the mean
    /// slowdown is a floating-point sum in that order.</remarks>
    internal sealed class Accumulator(int capacity)
    {
        private readonly List<double> _completions = new(capacity);
        private double _slowdownSum;
        private long _switches;
        private int _tasks;

        public void Add(in CompletionRecord r)
        {
            _tasks++;
            _switches += r.ContextSwitches;
            if (!r.Completed)
            {
                return;
            }
            _completions.Add(r.CompletionNs / 1e6);
            _slowdownSum += r.DemandNs > 0 ? (double)r.CompletionNs / r.DemandNs : 1.0;
        }

        /// <summary>The summary of what was added (sorts the completions it holds).</summary>
        public LatencySummary Summary(long spanNs)
        {
            _completions.Sort();
            int n = _completions.Count;
            double mean = 0;
            foreach (double c in _completions)
            {
                mean += c;
            }
            mean = n > 0 ? mean / n : double.NaN;
            return new LatencySummary(
                _tasks,
                n,
                mean,
                Percentile(_completions, 0.50),
                Percentile(_completions, 0.99),
                n > 0 ? _slowdownSum / n : double.NaN,
                _switches,
                spanNs > 0 ? n / (spanNs / 1e9) : 0);
        }
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
