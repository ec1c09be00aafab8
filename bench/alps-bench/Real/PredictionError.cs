using System.Globalization;
using System.Text;
using System.Text.Json;
using AlpsGhost.Bench.Matrix;

namespace AlpsGhost.Bench.Real;

/// <summary>
/// How far the simulator's prediction is from real runs of the same invocations: per workload, policy and function
/// group, the seed-averaged mean and p99 completion times and their errors, judged against the project's bar.
/// </summary>
/// <remarks>
/// The bar (issue #15's "Done when"): a group with at least <see cref="MinInvocations"/> invocations over all seeds is
/// predicted when its mean is within <see cref="MeanTolerancePercent"/> and its p99 within
/// <see cref="P99TolerancePercent"/>; smaller groups are shown but not judged (their p99 is a handful of samples).
/// Errors are <c>(sim - real) / real</c> of seed-averaged values: positive = the simulator predicts slower.
/// </remarks>
internal static class PredictionError
{
    /// <summary>Groups smaller than this (invocations summed over seeds) are not judged.</summary>
    public const int MinInvocations = 200;

    /// <summary>Largest accepted mean error, %.</summary>
    public const double MeanTolerancePercent = 10;

    /// <summary>Largest accepted p99 error, %.</summary>
    public const double P99TolerancePercent = 25;

    private static readonly CultureInfo s_ci = CultureInfo.InvariantCulture;

    /// <summary>One group of one run.</summary>
    internal sealed record GroupStat(string Workload, string Policy, ulong Seed, string Group, int Tasks, double MeanMs, double P99Ms);

    /// <summary>One compared group: real and simulated, seed-averaged.</summary>
    internal sealed record Row(string Workload, string Policy, string Group, int Invocations, int Seeds, double RealMeanMs, double SimMeanMs, double RealP99Ms, double SimP99Ms)
    {
        /// <summary>(sim - real) / real of the mean, %.</summary>
        public double MeanErrorPercent => (SimMeanMs - RealMeanMs) / RealMeanMs * 100;

        /// <summary>(sim - real) / real of the p99, %.</summary>
        public double P99ErrorPercent => (SimP99Ms - RealP99Ms) / RealP99Ms * 100;

        /// <summary>Large enough to be judged.</summary>
        public bool Judged => Invocations >= MinInvocations;

        /// <summary>Judged and within both tolerances.</summary>
        public bool Within => Judged && Math.Abs(MeanErrorPercent) <= MeanTolerancePercent && Math.Abs(P99ErrorPercent) <= P99TolerancePercent;
    }

    /// <summary>Every group of every run in <paramref name="runs"/>.</summary>
    public static List<GroupStat> From(IEnumerable<CaseResult> runs)
    {
        var stats = new List<GroupStat>();
        foreach (CaseResult r in runs)
        {
            foreach (GroupResult g in r.Groups)
            {
                stats.Add(new GroupStat(r.Workload, r.Policy, r.Seed, g.Group, g.Summary.Tasks, g.Summary.MeanMs, g.Summary.P99Ms));
            }
        }
        return stats;
    }

    /// <summary>Reads the groups of an alps-bench <c>results.json</c> (written by <c>real</c> or <c>run</c>) and the CPU count its runs share.</summary>
    /// <exception cref="BenchException">The file is missing, not JSON, a field is wrong, or runs differ in CPUs (the message names it).</exception>
    public static (List<GroupStat> Stats, int Cpus) Read(string path)
    {
        string text;
        try
        {
            text = AlpsGhost.Ghost.BoundedFile.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BenchException($"--real: {e.Message}");
        }
        try
        {
            using JsonDocument doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new BenchException($"{path}: expected a JSON array of runs (alps-bench results.json)");
            }
            var stats = new List<GroupStat>();
            int i = 0, cpus = 0;
            foreach (JsonElement run in doc.RootElement.EnumerateArray())
            {
                string where = $"{path}: run [{i++}]";
                string workload = Text(run, "workload", where), policy = Text(run, "policy", where);
                ulong seed = run.TryGetProperty("seed", out JsonElement s) && s.TryGetUInt64(out ulong v) ? v
                    : throw new BenchException($"{where}: field 'seed' must be a non-negative integer");
                int runCpus = run.TryGetProperty("cpus", out JsonElement c) && c.TryGetInt32(out int nc) && nc > 0 ? nc
                    : throw new BenchException($"{where}: field 'cpus' must be a positive integer");
                if (cpus != 0 && runCpus != cpus)
                {
                    throw new BenchException($"{where}: field 'cpus' is {runCpus}, other runs have {cpus}: compare one machine size at a time");
                }
                cpus = runCpus;
                stats.Add(Stat(run, "overall", GroupResult.All, workload, policy, seed, where));
                if (run.TryGetProperty("groups", out JsonElement groups) && groups.ValueKind == JsonValueKind.Object)
                {
                    foreach (JsonProperty g in groups.EnumerateObject())
                    {
                        stats.Add(Stat(g.Value, null, g.Name, workload, policy, seed, where + ".groups"));
                    }
                }
            }
            if (stats.Count == 0)
            {
                throw new BenchException($"{path}: no runs");
            }
            return (stats, cpus);
        }
        catch (JsonException e)
        {
            throw new BenchException($"{path}: not valid JSON: {e.Message}");
        }
    }

    /// <summary>Every (workload, policy, group) present in both, seed-averaged; runs in <paramref name="sim"/> without a real twin are ignored.</summary>
    public static List<Row> Compare(IReadOnlyList<GroupStat> real, IReadOnlyList<GroupStat> sim)
    {
        var rows = new List<Row>();
        foreach (IGrouping<(string Workload, string Policy, string Group), GroupStat> key in real.GroupBy(s => (s.Workload, s.Policy, s.Group)))
        {
            var seeds = key.Select(s => s.Seed).ToHashSet();
            List<GroupStat> simmed = sim.Where(s => s.Workload == key.Key.Workload && s.Policy == key.Key.Policy && s.Group == key.Key.Group && seeds.Contains(s.Seed)).ToList();
            if (simmed.Count != seeds.Count)
            {
                continue;
            }
            rows.Add(new Row(key.Key.Workload, key.Key.Policy, key.Key.Group, key.Sum(s => s.Tasks), seeds.Count,
                key.Average(s => s.MeanMs), simmed.Average(s => s.MeanMs), key.Average(s => s.P99Ms), simmed.Average(s => s.P99Ms)));
        }
        return rows;
    }

    /// <summary>A markdown table of <paramref name="rows"/> and a one-line verdict.</summary>
    public static string Markdown(IReadOnlyList<Row> rows)
    {
        var text = new StringBuilder();
        text.AppendLine(Summary(rows));
        text.AppendLine();
        text.AppendLine("| workload | group | policy | invocations | real mean ms | sim mean ms | mean error | real p99 ms | sim p99 ms | p99 error | verdict |");
        text.AppendLine("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (Row r in rows)
        {
            string verdict = !r.Judged ? "not judged (few invocations)" : r.Within ? "within" : "MISS";
            text.AppendLine(string.Format(s_ci, "| {0} | {1} | {2} | {3} | {4:F1} | {5:F1} | {6} % | {7:F1} | {8:F1} | {9} % | {10} |",
                r.Workload, r.Group, r.Policy, r.Invocations, r.RealMeanMs, r.SimMeanMs, Signed(r.MeanErrorPercent), r.RealP99Ms, r.SimP99Ms, Signed(r.P99ErrorPercent), verdict));
        }
        return text.ToString();
    }

    // One decimal with its sign; a value that rounds to zero is "0.0" (no "-0.0").
    private static string Signed(double percent)
    {
        double r = Math.Round(percent, 1);
        return r == 0 ? "0.0" : r.ToString("+0.0;-0.0", s_ci);
    }

    /// <summary>One line: how many judged groups are within the bar.</summary>
    public static string Summary(IReadOnlyList<Row> rows)
    {
        int judged = rows.Count(r => r.Judged), within = rows.Count(r => r.Within);
        return string.Format(s_ci, "{0} of {1} groups with at least {2} invocations are predicted within {3:0} % (mean) and {4:0} % (p99); {5} smaller groups not judged.",
            within, judged, MinInvocations, MeanTolerancePercent, P99TolerancePercent, rows.Count - judged);
    }

    /// <summary>The rows as CSV.</summary>
    public static string Csv(IReadOnlyList<Row> rows)
    {
        var text = new StringBuilder("workload,group,policy,invocations,seeds,real_mean_ms,sim_mean_ms,mean_error_percent,real_p99_ms,sim_p99_ms,p99_error_percent,judged,within\n");
        foreach (Row r in rows)
        {
            text.AppendLine(string.Format(s_ci, "{0},{1},{2},{3},{4},{5:F3},{6:F3},{7:F2},{8:F3},{9:F3},{10:F2},{11},{12}",
                r.Workload, r.Group, r.Policy, r.Invocations, r.Seeds, r.RealMeanMs, r.SimMeanMs, r.MeanErrorPercent, r.RealP99Ms, r.SimP99Ms, r.P99ErrorPercent,
                r.Judged ? "true" : "false", r.Within ? "true" : "false"));
        }
        return text.ToString();
    }

    private static GroupStat Stat(JsonElement parent, string? property, string group, string workload, string policy, ulong seed, string where)
    {
        JsonElement o = parent;
        if (property is not null && !parent.TryGetProperty(property, out o))
        {
            throw new BenchException($"{where}: field '{property}' is missing");
        }
        string at = property is null ? $"{where}.{group}" : $"{where}.{property}";
        int tasks = o.TryGetProperty("tasks", out JsonElement t) && t.TryGetInt32(out int n) && n >= 0 ? n
            : throw new BenchException($"{at}: field 'tasks' must be a non-negative integer");
        return new GroupStat(workload, policy, seed, group, tasks, Number(o, "mean_fct_ms", at), Number(o, "p99_fct_ms", at));
    }

    private static double Number(JsonElement o, string name, string where) =>
        o.TryGetProperty(name, out JsonElement e) && e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out double d) && double.IsFinite(d) && d >= 0 ? d
        : o.TryGetProperty(name, out JsonElement n) && n.ValueKind == JsonValueKind.Null ? double.NaN
        : throw new BenchException($"{where}: field '{name}' must be a number >= 0 (ms)");

    private static string Text(JsonElement o, string name, string where) =>
        o.TryGetProperty(name, out JsonElement e) && e.ValueKind == JsonValueKind.String && e.GetString() is { Length: > 0 and <= 200 } s ? s
        : throw new BenchException($"{where}: field '{name}' must be a non-empty string");
}
