using System.Globalization;
using System.Text;
using AlpsGhost.Bench.Matrix;
using AlpsGhost.Cli.Reporting;

namespace AlpsGhost.Bench.Output;

/// <summary>Writes <c>report.md</c>: per workload, the headline (alps against the baselines), the per-group
/// table averaged over seeds with the min-max across seeds, counters, notes and the plots.</summary>
internal static class MarkdownReport
{
    /// <summary>Baselines ALPS is compared against in the headline, when they ran.</summary>
    public static readonly string[] Baselines = ["cfs", "sfs", "srpt"];

    private static readonly CultureInfo s_ci = CultureInfo.InvariantCulture;

    /// <summary>The report text; <paramref name="plots"/> are file names (relative to the report) per workload.</summary>
    public static string Write(MatrixSpec spec, IReadOnlyList<CaseResult> results, IReadOnlyDictionary<string, List<string>> plots,
        Provenance? provenance = null, MatrixCompleteness? completeness = null)
    {
        var text = new StringBuilder();
        string mode = MatrixSpec.ResolveAgentMode(spec.AgentMode, spec.Cpus);
        text.AppendLine("# alps-bench report");
        text.AppendLine();
        if (completeness is { Partial: true })
        {
            text.AppendLine($"**PARTIAL: cancelled (SIGINT): {completeness.Describe()}.** Runs stopped early are marked in the notes; comparisons below cover only what ran.");
            text.AppendLine();
        }
        if (provenance is not null)
        {
            foreach (string line in provenance.MarkdownLines())
            {
                text.AppendLine(line);
            }
            text.AppendLine();
        }
        text.AppendLine(Invariant($"Simulated ghOSt kernel, {spec.Cpus} CPUs; policies {string.Join(", ", spec.Policies)}; seeds {string.Join(", ", spec.Seeds)} (the same seeds for every policy)."));
        text.AppendLine(Invariant($"Agent mode: **{mode}**") + (spec.AgentMode == "auto" ? Invariant($" (chosen by `auto`: queue-wakeup below 4 CPUs, else spinning)") : "") +
            "; `cfs` runs without an agent (the kernel's fair class schedules everything).");
        if (spec.Utilization is double u)
        {
            text.AppendLine(Invariant($"Target utilization overridden to {u:0.###}."));
        }
        text.AppendLine();
        text.AppendLine("Function completion time (FCT) = arrival to exit, in ms. Every value is the mean over the seeds, with [min-max across seeds]; `all` is every invocation of the workload.");
        foreach (string workload in Workloads(results))
        {
            var mine = results.Where(r => r.Workload == workload).ToList();
            text.AppendLine();
            text.AppendLine("## " + workload);
            text.AppendLine();
            WriteHeadline(text, mine, spec.Policies);
            WriteTable(text, mine, spec.Policies);
            WriteCounters(text, mine, spec.Policies);
            if (plots.TryGetValue(workload, out List<string>? files) && files.Count > 0)
            {
                text.AppendLine("### Plots");
                text.AppendLine();
                foreach (string f in files)
                {
                    text.AppendLine($"![{f}]({f})");
                }
                text.AppendLine();
            }
        }
        return text.ToString();
    }

    /// <summary>Workload names in matrix order.</summary>
    public static List<string> Workloads(IReadOnlyList<CaseResult> results)
    {
        var names = new List<string>();
        foreach (CaseResult r in results)
        {
            if (!names.Contains(r.Workload))
            {
                names.Add(r.Workload);
            }
        }
        return names;
    }

    /// <summary>Group names of a workload's runs, <c>all</c> first.</summary>
    public static List<string> Groups(IReadOnlyList<CaseResult> runs) => [.. runs[0].Groups.Select(g => g.Group)];

    /// <summary>A statistic of one policy and group over the seeds.</summary>
    public static SeedAggregate Aggregate(IReadOnlyList<CaseResult> runs, string policy, string group, Func<LatencySummary, double> stat) =>
        SeedAggregate.Of(runs.Where(r => r.Policy == policy).Select(r => stat(r.Groups.First(g => g.Group == group).Summary)));

    private static void WriteHeadline(StringBuilder text, List<CaseResult> runs, IReadOnlyList<string> policies)
    {
        string? alps = policies.Contains("alps") ? "alps" : policies.Contains(PolicyCatalog.AlpsStatic) ? PolicyCatalog.AlpsStatic : null;
        var baselines = Baselines.Where(b => policies.Contains(b) && b != alps).ToList();
        if (alps is null || baselines.Count == 0)
        {
            text.AppendLine("Headline: needs alps (or alps-static) and one of cfs, sfs, srpt in --policies.");
            text.AppendLine();
            return;
        }
        text.AppendLine(Invariant($"### Headline: {alps} against {string.Join(", ", baselines)}"));
        text.AppendLine();
        text.AppendLine("Change of the seed-averaged FCT, `(alps - baseline) / baseline`: **negative = alps finishes functions sooner**.");
        text.AppendLine();
        // Every policy of the comparison whose numbers are not its own alone (watchdog fallback to cfs, cancelled run).
        foreach (string p in baselines.Prepend(alps))
        {
            var mine = runs.Where(r => r.Policy == p).ToList();
            var tainted = mine.Where(r => RunFlags.Contamination(r) is not null).ToList();
            if (tainted.Count > 0)
            {
                string why = string.Join("; ", tainted.Select(r => Invariant($"seed {r.Seed}: {RunFlags.Contamination(r)}")));
                text.AppendLine(Invariant($"**Caution ({p}):** {tainted.Count} of {mine.Count} {p} runs are not {p} alone ({why}), so every comparison with {p} below mixes it with what replaced it (see Notes)."));
                text.AppendLine();
            }
        }
        text.AppendLine("| group | versus | mean FCT | p50 FCT | p99 FCT |");
        text.AppendLine("| --- | --- | ---: | ---: | ---: |");
        foreach (string group in Groups(runs))
        {
            foreach (string b in baselines)
            {
                text.AppendLine($"| {group} | {alps} vs {b} | {Change(runs, alps, b, group, s => s.MeanMs)} | {Change(runs, alps, b, group, s => s.P50Ms)} | {Change(runs, alps, b, group, s => s.P99Ms)} |");
            }
        }
        text.AppendLine();
        foreach (string b in baselines)
        {
            double a = Aggregate(runs, alps, GroupResult.All, s => s.MeanMs).Mean, c = Aggregate(runs, b, GroupResult.All, s => s.MeanMs).Mean;
            double a99 = Aggregate(runs, alps, GroupResult.All, s => s.P99Ms).Mean, c99 = Aggregate(runs, b, GroupResult.All, s => s.P99Ms).Mean;
            text.AppendLine(Invariant($"- **{alps} vs {b}**: mean FCT {Percent(a, c)} ({a:F2} ms vs {c:F2} ms), p99 FCT {Percent(a99, c99)} ({a99:F2} ms vs {c99:F2} ms)."));
        }
        text.AppendLine();
    }

    private static string Change(List<CaseResult> runs, string a, string b, string group, Func<LatencySummary, double> stat) =>
        Percent(Aggregate(runs, a, group, stat).Mean, Aggregate(runs, b, group, stat).Mean);

    /// <summary><c>+12.3 %</c> / <c>-4.0 %</c>, or <c>n/a</c> when either side has no value.</summary>
    public static string Percent(double value, double baseline) =>
        double.IsFinite(value) && double.IsFinite(baseline) && baseline != 0
            ? ((value - baseline) / baseline * 100).ToString("+0.0;-0.0;0.0", s_ci) + " %"
            : "n/a";

    private static void WriteTable(StringBuilder text, List<CaseResult> runs, IReadOnlyList<string> policies)
    {
        text.AppendLine("### Completion time per group and policy (ms)");
        text.AppendLine();
        text.AppendLine("| group | policy | invocations | unfinished | mean FCT | p50 FCT | p99 FCT | throughput /s |");
        text.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (string group in Groups(runs))
        {
            foreach (string p in policies)
            {
                // Totals over the seeds, whole numbers: a seed-average such as "405.5 / 405.5" reads as a fraction.
                var summaries = runs.Where(r => r.Policy == p).Select(r => r.Groups.First(g => g.Group == group).Summary).ToList();
                long tasks = summaries.Sum(s => (long)s.Tasks), unfinished = summaries.Sum(s => (long)(s.Tasks - s.Completed));
                text.AppendLine(Invariant($"| {group} | {p} | {tasks} | {unfinished} | {Cell(Aggregate(runs, p, group, s => s.MeanMs))} | {Cell(Aggregate(runs, p, group, s => s.P50Ms))} | {Cell(Aggregate(runs, p, group, s => s.P99Ms))} | {Aggregate(runs, p, group, s => s.ThroughputPerSecond).Mean:F1} |"));
            }
        }
        text.AppendLine();
    }

    /// <summary><c>12.34 [11.90-12.80]</c>; a single seed shows no range.</summary>
    public static string Cell(SeedAggregate a) =>
        !double.IsFinite(a.Mean) ? "n/a"
        : a.Min == a.Max ? a.Mean.ToString("F2", s_ci)
        : Invariant($"{a.Mean:F2} [{a.Min:F2}-{a.Max:F2}]");

    private static void WriteCounters(StringBuilder text, List<CaseResult> runs, IReadOnlyList<string> policies)
    {
        var keys = new List<string>();
        foreach (CaseResult r in runs)
        {
            foreach (KeyValuePair<string, long> c in r.Report.Counters)
            {
                if (!keys.Contains(c.Key))
                {
                    keys.Add(c.Key);
                }
            }
        }
        text.AppendLine("### Kernel and agent counters (mean over seeds)");
        text.AppendLine();
        text.AppendLine("| counter | " + string.Join(" | ", policies) + " |");
        text.AppendLine("| --- |" + string.Concat(Enumerable.Repeat(" ---: |", policies.Count)));
        foreach (string key in keys)
        {
            var cells = new List<string>();
            foreach (string p in policies)
            {
                var values = runs.Where(r => r.Policy == p).SelectMany(r => r.Report.Counters.Where(c => c.Key == key).Select(c => (double)c.Value)).ToList();
                cells.Add(values.Count == 0 ? "-" : HumanUnits.Counter(key, values.Average()));
            }
            text.AppendLine($"| {HumanUnits.CounterName(key)} | {string.Join(" | ", cells)} |");
        }
        text.AppendLine();
        var notes = runs.SelectMany(r => r.Report.Notes.Select(n => $"- {r.Policy} seed {r.Seed}: {n}")).ToList();
        notes.AddRange(runs.Where(r => r.Report.Partial).Select(r => Invariant($"- {r.Policy} seed {r.Seed}: PARTIAL: cancelled after {r.Report.SpanNs / 1e9:F2} simulated s")));
        int watchdog = runs.Count(RunFlags.WatchdogFired);
        text.AppendLine(Invariant($"Watchdog: the runnable_timeout watchdog fired in {watchdog} of {runs.Count} runs (after it fires, the remaining tasks finish in the fair class, so that run's numbers mix the policy with cfs)."));
        text.AppendLine();
        if (notes.Count > 0)
        {
            text.AppendLine("Notes:");
            text.AppendLine();
            foreach (string n in notes)
            {
                text.AppendLine(n);
            }
            text.AppendLine();
        }
    }

    private static string Invariant(FormattableString s) => s.ToString(s_ci);
}
