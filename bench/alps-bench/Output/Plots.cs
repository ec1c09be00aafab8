using System.Globalization;
using AlpsGhost.Bench.Matrix;
using ScottPlot;

namespace AlpsGhost.Bench.Output;

/// <summary>The PNG plots of a run matrix: a completion-time CDF per group, and mean/p99 bars per group.</summary>
internal static class Plots
{
    private const int Width = 900, Height = 560;
    // A CDF line needs no more points than the image has pixels across.
    private const int MaxCdfPoints = 1500;
    private static readonly CultureInfo s_ci = CultureInfo.InvariantCulture;

    /// <summary>Writes every plot of <paramref name="results"/> into <paramref name="folder"/>; returns file names per workload.</summary>
    public static Dictionary<string, List<string>> WriteAll(IReadOnlyList<CaseResult> results, IReadOnlyList<string> policies, string folder)
    {
        var files = new Dictionary<string, List<string>>();
        foreach (string workload in MarkdownReport.Workloads(results))
        {
            var runs = results.Where(r => r.Workload == workload).ToList();
            var mine = new List<string>();
            foreach (string group in MarkdownReport.Groups(runs))
            {
                string stem = MatrixRunner.Sanitize(workload) + "-" + MatrixRunner.Sanitize(group);
                string cdf = "cdf-" + stem + ".png";
                Cdf(runs, policies, group).SavePng(Path.Combine(folder, cdf), Width, Height);
                mine.Add(cdf);
                string bars = "bars-" + stem + ".png";
                Bars(runs, policies, group).SavePng(Path.Combine(folder, bars), Width, Height);
                mine.Add(bars);
            }
            files[workload] = mine;
        }
        return files;
    }

    /// <summary>Empirical CDF of completion time (all seeds pooled), one line per policy, on a log-10 time axis.</summary>
    public static Plot Cdf(IReadOnlyList<CaseResult> runs, IReadOnlyList<string> policies, string group)
    {
        var plot = new Plot();
        IPalette palette = new ScottPlot.Palettes.Category10();
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        for (int p = 0; p < policies.Count; p++)
        {
            var pooled = new List<double>();
            foreach (CaseResult r in runs.Where(r => r.Policy == policies[p]))
            {
                pooled.AddRange(r.Groups.First(g => g.Group == group).CompletionsMs);
            }
            if (pooled.Count == 0)
            {
                continue;
            }
            pooled.Sort();
            int n = pooled.Count, points = Math.Min(n, MaxCdfPoints);
            var xs = new double[points];
            var ys = new double[points];
            for (int i = 0; i < points; i++)
            {
                // Evenly spaced in probability, always ending at the maximum.
                int k = points == n ? i : (int)Math.Round((double)i * (n - 1) / (points - 1));
                xs[i] = Math.Log10(Math.Max(pooled[k], 1e-3));
                ys[i] = (k + 1.0) / n;
            }
            lo = Math.Min(lo, xs[0]);
            hi = Math.Max(hi, xs[^1]);
            var line = plot.Add.ScatterLine(xs, ys, palette.GetColor(p));
            line.LineWidth = 2;
            line.LegendText = $"{policies[p]} (n={n})";
        }
        if (double.IsFinite(lo))
        {
            LogTicks(plot, lo, hi);
        }
        plot.Axes.SetLimitsY(0, 1.02);
        CaseResult first = runs[0];
        plot.Title(Invariant($"{first.Workload}: completion time CDF, group '{group}', {first.Cpus} CPUs, seeds {string.Join(",", runs.Select(r => r.Seed).Distinct())} pooled"));
        plot.Axes.Bottom.Label.Text = "function completion time, arrival to exit (ms, log scale)";
        plot.Axes.Left.Label.Text = "fraction of invocations finished within";
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    // Ticks at 1, 2, 5 x 10^k ms between the data's extremes, labelled in ms (the axis holds log10 values).
    private static void LogTicks(Plot plot, double lo, double hi)
    {
        var positions = new List<double>();
        var labels = new List<string>();
        for (int k = (int)Math.Floor(lo); k <= (int)Math.Ceiling(hi); k++)
        {
            foreach (double m in new[] { 1.0, 2.0, 5.0 })
            {
                double v = m * Math.Pow(10, k);
                double x = Math.Log10(v);
                if (x >= lo - 0.3 && x <= hi + 0.3)
                {
                    positions.Add(x);
                    labels.Add(v >= 1000 ? (v / 1000).ToString("0.###", s_ci) + " s" : v.ToString("0.###", s_ci) + " ms");
                }
            }
        }
        plot.Axes.Bottom.SetTicks([.. positions], [.. labels]);
        plot.Axes.SetLimitsX(lo - 0.1, hi + 0.1);
    }

    /// <summary>Bars of the seed-averaged mean and p99 FCT per policy for one group, with whiskers from the seeds' min to max.</summary>
    public static Plot Bars(IReadOnlyList<CaseResult> runs, IReadOnlyList<string> policies, string group)
    {
        var plot = new Plot();
        IPalette palette = new ScottPlot.Palettes.Category10();
        (string Name, Func<Cli.Reporting.LatencySummary, double> Stat)[] metrics = [("mean FCT", s => s.MeanMs), ("p99 FCT", s => s.P99Ms)];
        double width = 0.8 / policies.Count;
        double top = 0;
        for (int m = 0; m < metrics.Length; m++)
        {
            for (int p = 0; p < policies.Count; p++)
            {
                SeedAggregate a = MarkdownReport.Aggregate(runs, policies[p], group, metrics[m].Stat);
                if (!double.IsFinite(a.Mean))
                {
                    continue;
                }
                double x = m - 0.4 + width * (p + 0.5);
                plot.Add.Bar(new Bar
                {
                    Position = x,
                    Value = a.Mean,
                    Size = width * 0.9,
                    FillColor = palette.GetColor(p),
                    Label = a.Mean.ToString(a.Mean >= 100 ? "F0" : "F1", s_ci),
                });
                if (a.Max > a.Min)
                {
                    // Off-centre so it never crosses the value label, with caps so its ends read as min and max.
                    double wx = x + width * 0.3, cap = width * 0.08;
                    foreach (var (x1, y1, x2, y2) in new[] { (wx, a.Min, wx, a.Max), (wx - cap, a.Min, wx + cap, a.Min), (wx - cap, a.Max, wx + cap, a.Max) })
                    {
                        var segment = plot.Add.Line(x1, y1, x2, y2);
                        segment.Color = Colors.Black;
                        segment.LineWidth = 1.5f;
                    }
                }
                top = Math.Max(top, Math.Max(a.Max, a.Mean));
            }
        }
        for (int p = 0; p < policies.Count; p++)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = policies[p], FillColor = palette.GetColor(p) });
        }
        plot.Axes.Bottom.SetTicks([0, 1], [metrics[0].Name, metrics[1].Name]);
        plot.Axes.SetLimits(-0.6, 1.6, 0, top * 1.15 + 1e-9);
        CaseResult first = runs[0];
        plot.Title(Invariant($"{first.Workload}: mean and p99 completion time, group '{group}', {first.Cpus} CPUs"));
        plot.Axes.Left.Label.Text = "completion time, ms (bar: mean over seeds)";
        plot.Axes.Bottom.Label.Text = "one bar per policy; whisker = min to max across seeds";
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    private static string Invariant(FormattableString s) => s.ToString(s_ci);
}
