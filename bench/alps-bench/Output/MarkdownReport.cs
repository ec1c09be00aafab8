using System.Globalization;
using System.Text;
using AlpsGhost.Bench.Matrix;
using AlpsGhost.Cli;
using AlpsGhost.Runs.Reporting;
using AlpsGhost.Runs;

namespace AlpsGhost.Bench.Output;

/// <summary>Writes <c>report.md</c>: per workload, the headline (alps against the baselines), the per-group
/// table averaged over seeds with the min-max across seeds, counters, notes and the plots.</summary>
internal static class MarkdownReport
{
    /// <summary>Baselines ALPS is compared against in the headline, when they ran.</summary>
    public static readonly string[] Baselines = [PolicyNames.Cfs, PolicyNames.Sfs, PolicyNames.GittinsOracleSeen, PolicyNames.GittinsOracle, PolicyNames.Srpt];

    /// <summary>The bounds whose gap from cfs alps is measured against: what learning from completions can reach, the
    /// non-clairvoyant one, then the clairvoyant one.</summary>
    public static readonly string[] Bounds = [PolicyNames.GittinsOracleSeen, PolicyNames.GittinsOracle, PolicyNames.Srpt];

    private static readonly CultureInfo s_ci = CultureInfo.InvariantCulture;

    /// <summary>Which runs of a matrix of <paramref name="policies"/> the report reads invocation by invocation: the
    /// headline policy's and gittins-oracle's when both ran (the first-invocation split); every other run only through
    /// its group summaries.</summary>
    public static Func<string, bool> ReadsRecordsOf(IReadOnlyList<string> policies)
    {
        string? alps = HeadlinePolicy(policies);
        bool split = alps is not null && policies.Contains(PolicyNames.GittinsOracle);
        return policy => split && (policy == alps || policy == PolicyNames.GittinsOracle);
    }

    /// <summary>The policy the headline compares: alps, or alps-static when alps did not run; null if neither ran.</summary>
    private static string? HeadlinePolicy(IReadOnlyList<string> policies) =>
        policies.Contains(PolicyNames.Alps) ? PolicyNames.Alps : policies.Contains(PolicyCatalog.AlpsStatic) ? PolicyCatalog.AlpsStatic : null;

    /// <summary>The report text; <paramref name="plots"/> are file names (relative to the report) per workload.</summary>
    public static string Write(MatrixSpec spec, IReadOnlyList<CaseResult> results, IReadOnlyDictionary<string, List<string>> plots,
        Provenance? provenance = null, MatrixCompleteness? completeness = null)
    {
        var text = new StringBuilder();
        string mode = MatrixSpec.ResolveAgentMode(spec.AgentMode);
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
        text.AppendLine(Invariant($"Fair class: **{AlpsGhost.Kernel.FairClassNames.Name(spec.FairClass)}**; costs: {(spec.HostCosts is null ? "the built-in defaults (docs/simulator.md)" : spec.HostCosts.Provenance())}."));
        text.AppendLine(Invariant($"Agent mode: **{mode}**") + (spec.AgentMode == "auto" ? " (chosen by `auto`: the default mode, measured best at 2, 16 and 56 CPUs)" : "") +
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
            WriteWorkload(text, mine, spec.Policies);
            WritePlots(text, workload, plots);
        }
        return text.ToString();
    }

    /// <summary>One workload's headline, per-group table, counters and notes (shared by <c>run</c> and <c>real</c>).</summary>
    public static void WriteWorkload(StringBuilder text, List<CaseResult> runs, IReadOnlyList<string> policies)
    {
        WriteHeadline(text, runs, policies);
        WriteTable(text, runs, policies);
        WriteCounters(text, runs, policies);
    }

    /// <summary>Links to one workload's plots, if any.</summary>
    public static void WritePlots(StringBuilder text, string workload, IReadOnlyDictionary<string, List<string>> plots)
    {
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
        string? alps = HeadlinePolicy(policies);
        var baselines = Baselines.Where(b => policies.Contains(b) && b != alps).ToList();
        if (alps is null || baselines.Count == 0)
        {
            text.AppendLine($"Headline: needs alps (or alps-static) and one of {string.Join(", ", Baselines)} in --policies.");
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
        WriteClosures(text, runs, alps, policies);
        text.AppendLine();
    }

    // How much of the gap between cfs and each bound alps closes in mean FCT, and alps's p99 against cfs's.
    private static void WriteClosures(StringBuilder text, List<CaseResult> runs, string alps, IReadOnlyList<string> policies)
    {
        if (!policies.Contains(PolicyNames.Cfs))
        {
            return;
        }
        double cfs = Aggregate(runs, PolicyNames.Cfs, GroupResult.All, s => s.MeanMs).Mean;
        double mine = Aggregate(runs, alps, GroupResult.All, s => s.MeanMs).Mean;
        foreach (string bound in Bounds.Where(policies.Contains))
        {
            double b = Aggregate(runs, bound, GroupResult.All, s => s.MeanMs).Mean;
            text.AppendLine(Invariant($"- **gap closed, cfs->{bound}**: {Closure(cfs, mine, b)} of the mean-FCT gap ({cfs:F2} ms -> {b:F2} ms; {alps} {mine:F2} ms)."));
        }
        if (policies.Contains(PolicyNames.GittinsOracle) && FirstInvocationSplit.Of(runs, alps, PolicyNames.GittinsOracle) is { } split)
        {
            text.AppendLine(Invariant($"- **where {alps} differs from {PolicyNames.GittinsOracle}**: each function's first invocation ({split.FirstInvocations} of {split.Invocations} invocations; no learner knows a function before it has run) {split.FirstMs:+0.0;-0.0;0.0} ms of the mean, all other invocations {split.RestMs:+0.0;-0.0;0.0} ms."));
        }
        double cfs99 = Aggregate(runs, PolicyNames.Cfs, GroupResult.All, s => s.P99Ms).Mean;
        double mine99 = Aggregate(runs, alps, GroupResult.All, s => s.P99Ms).Mean;
        text.AppendLine(Invariant($"- **p99 ratio {alps}/cfs**: {(cfs99 > 0 ? (mine99 / cfs99).ToString("0.00", s_ci) : "n/a")}."));
    }

    /// <summary>(baseline - value) / (baseline - bound) as <c>0.87</c>; <c>n/a</c> when the bound is not better than the baseline.</summary>
    public static string Closure(double baseline, double value, double bound) =>
        double.IsFinite(baseline) && double.IsFinite(value) && double.IsFinite(bound) && baseline > bound
            ? ((baseline - value) / (baseline - bound)).ToString("0.00", s_ci)
            : "n/a";

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
        // The fair class and cost provenance are the same for every run and stated once in the header.
        var notes = runs.SelectMany(r => r.Report.Notes.Where(n => !n.StartsWith(SimulationRun.FairClassNotePrefix, StringComparison.Ordinal) && !n.StartsWith(AlpsGhost.Kernel.HostCostProfile.ProvenancePrefix, StringComparison.Ordinal))
            .Select(n => $"- {r.Policy} seed {r.Seed}: {n}")).ToList();
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
