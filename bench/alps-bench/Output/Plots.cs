using System.Globalization;
using AlpsGhost.Bench.Matrix;
using ScottPlot;

namespace AlpsGhost.Bench.Output;

/// <summary>The PNG plots of a run matrix, per group: a completion-time CDF, its tail as a CCDF on log-log axes,
/// and mean/p99 bars on a log axis.</summary>
/// <remarks>Policies differ in colour, line pattern and marker, so overlapping lines stay tellable apart (and
/// in grey print); log axes keep a baseline that is 100x slower from flattening every other bar.</remarks>
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
                string ccdf = "ccdf-" + stem + ".png";
                Ccdf(runs, policies, group).SavePng(Path.Combine(folder, ccdf), Width, Height);
                mine.Add(ccdf);
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
            List<double> pooled = Pooled(runs, policies[p], group);
            if (pooled.Count == 0)
            {
                continue;
            }
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
            Style(line, p);
            line.LegendText = $"{policies[p]} (n={n})";
        }
        if (double.IsFinite(lo))
        {
            LogTicks(plot.Axes.Bottom, lo, hi);
            plot.Axes.SetLimitsX(lo - 0.1, hi + 0.1);
        }
        plot.Axes.SetLimitsY(0, 1.02);
        CaseResult first = runs[0];
        plot.Title(Invariant($"{first.Workload}: completion time CDF, group '{group}', {first.Cpus} CPUs, seeds {string.Join(",", runs.Select(r => r.Seed).Distinct())} pooled"));
        plot.Axes.Bottom.Label.Text = "function completion time, arrival to exit (ms, log scale)";
        plot.Axes.Left.Label.Text = "fraction of invocations finished within";
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    /// <summary>The tail: fraction of invocations still running after x (1 - CDF), log-log, down to 1/n.</summary>
    /// <remarks>The CDF squeezes everything above 0.95 into its top edge; here each decade of the y axis is one more
    /// "9" of the percentile (0.1 = p90, 0.01 = p99, 0.001 = p99.9).</remarks>
    public static Plot Ccdf(IReadOnlyList<CaseResult> runs, IReadOnlyList<string> policies, string group)
    {
        var plot = new Plot();
        IPalette palette = new ScottPlot.Palettes.Category10();
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity, bottom = 0;
        for (int p = 0; p < policies.Count; p++)
        {
            List<double> pooled = Pooled(runs, policies[p], group);
            if (pooled.Count == 0)
            {
                continue;
            }
            int n = pooled.Count, points = Math.Min(n, MaxCdfPoints);
            var xs = new double[points];
            var ys = new double[points];
            for (int i = 0; i < points; i++)
            {
                // Denser towards the tail: position i/(points-1) squared maps more points to large k.
                double f = points == 1 ? 1 : (double)i / (points - 1);
                int k = points == n ? i : (int)Math.Round((1 - (1 - f) * (1 - f)) * (n - 1));
                xs[i] = Math.Log10(Math.Max(pooled[k], 1e-3));
                ys[i] = Math.Log10((double)(n - k) / n); // P(FCT >= x), the last point 1/n
            }
            lo = Math.Min(lo, xs[0]);
            hi = Math.Max(hi, xs[^1]);
            bottom = Math.Min(bottom, ys[^1]);
            var line = plot.Add.ScatterLine(xs, ys, palette.GetColor(p));
            Style(line, p);
            line.LegendText = $"{policies[p]} (n={n})";
        }
        if (double.IsFinite(lo))
        {
            LogTicks(plot.Axes.Bottom, lo, hi);
            plot.Axes.SetLimitsX(lo - 0.1, hi + 0.1);
        }
        var yTicks = new List<double>();
        var yLabels = new List<string>();
        for (int k = 0; k >= (int)Math.Floor(bottom); k--)
        {
            yTicks.Add(k);
            yLabels.Add(Math.Pow(10, k).ToString("0.#####", s_ci));
        }
        plot.Axes.Left.SetTicks([.. yTicks], [.. yLabels]);
        plot.Axes.SetLimitsY(bottom - 0.2, 0.1);
        CaseResult first = runs[0];
        plot.Title(Invariant($"{first.Workload}: completion time tail (CCDF), group '{group}', {first.Cpus} CPUs, seeds pooled"));
        plot.Axes.Bottom.Label.Text = "function completion time, arrival to exit (ms, log scale)";
        plot.Axes.Left.Label.Text = "fraction still running after x (log scale; 0.01 = p99)";
        plot.ShowLegend(Alignment.LowerLeft);
        return plot;
    }

    // Every completion time (ms) of one policy and group, all seeds pooled, sorted.
    private static List<double> Pooled(IReadOnlyList<CaseResult> runs, string policy, string group)
    {
        var pooled = new List<double>();
        foreach (CaseResult r in runs.Where(r => r.Policy == policy))
        {
            pooled.AddRange(r.Groups.First(g => g.Group == group).CompletionsMs);
        }
        pooled.Sort();
        return pooled;
    }

    // Colour, pattern and marker per policy index: distinguishable where lines overlap and without colour.
    private static readonly LinePattern[] s_patterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed];
    private static readonly MarkerShape[] s_markers = [MarkerShape.None, MarkerShape.OpenCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.OpenDiamond];

    private static void Style(ScottPlot.Plottables.Scatter line, int policy)
    {
        line.LineWidth = 2;
        line.LinePattern = s_patterns[policy % s_patterns.Length];
        line.MarkerShape = s_markers[policy % s_markers.Length];
        line.MarkerSize = 5;
    }

    // Ticks at 1, 2, 5 x 10^k ms between the data's extremes, labelled in ms or s (the axis holds log10 values);
    // fewer per decade when the range is wide, so labels never collide.
    private static void LogTicks(IAxis axis, double lo, double hi)
    {
        double[] multiples = hi - lo > 4 ? [1.0] : hi - lo > 2 ? [1.0, 3.0] : [1.0, 2.0, 5.0];
        var positions = new List<double>();
        var labels = new List<string>();
        for (int k = (int)Math.Floor(lo); k <= (int)Math.Ceiling(hi); k++)
        {
            foreach (double m in multiples)
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
        axis.SetTicks([.. positions], [.. labels]);
    }

    /// <summary>Bars of the seed-averaged mean and p99 FCT per policy for one group, with whiskers from the seeds' min to
    /// max, on a log axis (bars start a decade below the smallest value).</summary>
    public static Plot Bars(IReadOnlyList<CaseResult> runs, IReadOnlyList<string> policies, string group)
    {
        var plot = new Plot();
        IPalette palette = new ScottPlot.Palettes.Category10();
        (string Name, Func<AlpsGhost.Runs.Reporting.LatencySummary, double> Stat)[] metrics = [("mean FCT", s => s.MeanMs), ("p99 FCT", s => s.P99Ms)];
        double width = 0.8 / policies.Count;
        double top = double.NegativeInfinity, floor = double.PositiveInfinity;
        foreach (var metric in metrics)
        {
            foreach (string policy in policies)
            {
                SeedAggregate a = MarkdownReport.Aggregate(runs, policy, group, metric.Stat);
                if (double.IsFinite(a.Min) && a.Min > 0)
                {
                    floor = Math.Min(floor, Math.Log10(a.Min));
                }
            }
        }
        floor = double.IsFinite(floor) ? Math.Floor(floor) - 1 : -1;
        static double Log(double ms) => Math.Log10(Math.Max(ms, 1e-6));
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
                    Value = Math.Max(Log(a.Mean), floor),
                    ValueBase = floor,
                    Size = width * 0.9,
                    FillColor = palette.GetColor(p),
                    Label = a.Mean.ToString(a.Mean >= 100 ? "F0" : "F1", s_ci),
                });
                if (a.Max > a.Min)
                {
                    // Off-centre so it never crosses the value label, with caps so its ends read as min and max.
                    double wx = x + width * 0.3, cap = width * 0.08;
                    double lo = Log(a.Min), hi = Log(a.Max);
                    foreach (var (x1, y1, x2, y2) in new[] { (wx, lo, wx, hi), (wx - cap, lo, wx + cap, lo), (wx - cap, hi, wx + cap, hi) })
                    {
                        var segment = plot.Add.Line(x1, y1, x2, y2);
                        segment.Color = Colors.Black;
                        segment.LineWidth = 1.5f;
                    }
                }
                top = Math.Max(top, Log(Math.Max(a.Max, a.Mean)));
            }
        }
        for (int p = 0; p < policies.Count; p++)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = policies[p], FillColor = palette.GetColor(p) });
        }
        plot.Axes.Bottom.SetTicks([0, 1], [metrics[0].Name, metrics[1].Name]);
        if (!double.IsFinite(top))
        {
            top = floor + 1;
        }
        LogTicks(plot.Axes.Left, floor, top);
        plot.Axes.SetLimits(-0.6, 1.6, floor, top + 0.25);
        CaseResult first = runs[0];
        plot.Title(Invariant($"{first.Workload}: mean and p99 completion time, group '{group}', {first.Cpus} CPUs"));
        plot.Axes.Left.Label.Text = "completion time (log scale; bar: mean over seeds)";
        plot.Axes.Bottom.Label.Text = "one bar per policy; whisker = min to max across seeds";
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    private static string Invariant(FormattableString s) => s.ToString(s_ci);
}
