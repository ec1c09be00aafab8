using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AlpsGhost.Runs.Reporting;

/// <summary>Per-function report line.</summary>
/// <param name="Name">Function name.</param>
/// <param name="Group">Report group.</param>
/// <param name="Summary">Completion-time statistics.</param>
/// <param name="Rank">ALPS rank in force at the end of the run (null: none, e.g. fifo or an unknown function).</param>
/// <param name="SliceMs">ALPS slice in force at the end of the run, ms.</param>
public sealed record FunctionReport(string Name, string Group, LatencySummary Summary, int? Rank = null, double? SliceMs = null);

/// <summary>
/// What a run produced, in the shape both the table and the <c>--output json</c> report print.
/// </summary>
/// <remarks>The JSON field names of issue #2 (<c>policy</c>, <c>cpus</c>, <c>seed</c>, <c>overall</c>,
/// <c>functions</c>, ...) are a contract with scripts: add fields, never rename them. Output is
/// byte-identical for identical inputs (no timestamps, invariant culture, fixed field order).</remarks>
public sealed class RunReport
{
    /// <summary>Creates a report.</summary>
    public RunReport(
        string workload,
        string policy,
        int cpus,
        ulong seed,
        string kernel,
        string agentMode,
        long spanNs,
        LatencySummary overall,
        IReadOnlyList<FunctionReport> functions,
        IReadOnlyList<KeyValuePair<string, long>> counters,
        IReadOnlyList<string> notes)
    {
        Workload = workload;
        Policy = policy;
        Cpus = cpus;
        Seed = seed;
        Kernel = kernel;
        AgentMode = agentMode;
        SpanNs = spanNs;
        Overall = overall;
        Functions = functions;
        Counters = counters;
        Notes = notes;
        Records = [];
    }

    /// <summary>Creates a report that also keeps every invocation's record (for exact group percentiles and CDFs).</summary>
    public RunReport(
        string workload,
        string policy,
        int cpus,
        ulong seed,
        string kernel,
        string agentMode,
        long spanNs,
        LatencySummary overall,
        IReadOnlyList<FunctionReport> functions,
        IReadOnlyList<KeyValuePair<string, long>> counters,
        IReadOnlyList<string> notes,
        IReadOnlyList<CompletionRecord> records)
        : this(workload, policy, cpus, seed, kernel, agentMode, spanNs, overall, functions, counters, notes)
    {
        ArgumentNullException.ThrowIfNull(records);
        Records = records;
    }

    /// <summary>Workload name.</summary>
    public string Workload { get; }
    /// <summary>Policy that ran (<c>cfs</c>, <c>fifo</c>, <c>alps</c>, ...).</summary>
    public string Policy { get; }
    /// <summary>CPUs of the machine (simulated).</summary>
    public int Cpus { get; }
    /// <summary>Seed of the workload and the kernel.</summary>
    public ulong Seed { get; }
    /// <summary><c>sim</c> or <c>ghost</c>.</summary>
    public string Kernel { get; }
    /// <summary>Which agent mode ran (<c>spinning</c>, <c>queue-wakeup</c>, or <c>none</c> for cfs).</summary>
    public string AgentMode { get; }
    /// <summary>Length of the run in (virtual) ns.</summary>
    public long SpanNs { get; }
    /// <summary>All invocations together.</summary>
    public LatencySummary Overall { get; }
    /// <summary>One line per function, in workload order.</summary>
    public IReadOnlyList<FunctionReport> Functions { get; }
    /// <summary>Kernel and agent counters (transactions by outcome, messages, watchdog, ...), in a fixed order.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Counters { get; }
    /// <summary>Things the reader must know (watchdog fired, unfinished tasks, ...).</summary>
    public IReadOnlyList<string> Notes { get; }
    /// <summary>Every invocation's outcome, in the kernel's order; empty when the producer did not keep them.</summary>
    public IReadOnlyList<CompletionRecord> Records { get; }
    /// <summary>The run was cancelled (SIGINT) before its end: the figures cover only what ran until then.</summary>
    public bool Partial { get; init; }

    /// <summary>The same report without <see cref="Records"/>: for a caller that has taken what it needs from them and
    /// holds many reports (a benchmark matrix), so memory does not grow with every invocation of every run.</summary>
    public RunReport WithoutRecords() =>
        Records.Count == 0 ? this : new RunReport(Workload, Policy, Cpus, Seed, Kernel, AgentMode, SpanNs, Overall, Functions, Counters, Notes) { Partial = Partial };

    /// <summary>Builds the per-function and overall summaries from raw records, in one pass without copying them
    /// (a long run's records are millions).</summary>
    public static (LatencySummary Overall, List<FunctionReport> Functions) Summarise(
        IReadOnlyList<CompletionRecord> records, IReadOnlyList<(string Name, string Group)> functions, long spanNs)
    {
        var counts = new int[functions.Count];
        foreach (CompletionRecord r in records)
        {
            counts[r.FunctionId]++;
        }
        var builder = new SummaryBuilder(counts, records.Count);
        foreach (CompletionRecord r in records)
        {
            builder.Add(in r);
        }
        return builder.Build(functions, spanNs);
    }

    /// <summary>Per-function and overall summaries fed one record at a time, in the run's record order.</summary>
    internal sealed class SummaryBuilder
    {
        private readonly LatencySummary.Accumulator[] _perFunction;
        private readonly LatencySummary.Accumulator _overall;

        /// <summary>Capacities: <paramref name="perFunction"/>[f] records of function f, <paramref name="total"/> in all (0 when unknown).</summary>
        public SummaryBuilder(int[] perFunction, int total)
        {
            _perFunction = new LatencySummary.Accumulator[perFunction.Length];
            for (int i = 0; i < perFunction.Length; i++)
            {
                _perFunction[i] = new LatencySummary.Accumulator(perFunction[i]);
            }
            _overall = new LatencySummary.Accumulator(total);
        }

        public void Add(in CompletionRecord r)
        {
            _perFunction[r.FunctionId].Add(in r);
            _overall.Add(in r);
        }

        public (LatencySummary Overall, List<FunctionReport> Functions) Build(IReadOnlyList<(string Name, string Group)> functions, long spanNs)
        {
            var lines = new List<FunctionReport>(functions.Count);
            for (int i = 0; i < functions.Count; i++)
            {
                lines.Add(new FunctionReport(functions[i].Name, functions[i].Group, _perFunction[i].Summary(spanNs)));
            }
            return (_overall.Summary(spanNs), lines);
        }
    }

    /// <summary>The machine-readable report.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("workload", Workload);
            w.WriteString("policy", Policy);
            w.WriteNumber("cpus", Cpus);
            w.WriteNumber("seed", Seed);
            w.WriteString("kernel", Kernel);
            w.WriteString("agent_mode", AgentMode);
            WriteNumber(w, "simulated_s", SpanNs / 1e9);
            w.WriteBoolean("partial", Partial);
            w.WritePropertyName("overall");
            WriteSummary(w, Overall, countName: "tasks");
            w.WriteStartArray("functions");
            foreach (FunctionReport f in Functions)
            {
                w.WriteStartObject();
                w.WriteString("name", f.Name);
                w.WriteString("group", f.Group);
                WriteSummaryFields(w, f.Summary, countName: "count");
                if (f.Rank is int rank)
                {
                    w.WriteNumber("rank", rank);
                    WriteNumber(w, "slice_ms", f.SliceMs ?? 0);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("counters");
            foreach (KeyValuePair<string, long> c in Counters)
            {
                w.WriteNumber(c.Key, c.Value);
            }
            w.WriteEndObject();
            w.WriteStartArray("notes");
            foreach (string n in Notes)
            {
                w.WriteStringValue(n);
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteSummary(Utf8JsonWriter w, LatencySummary s, string countName)
    {
        w.WriteStartObject();
        WriteSummaryFields(w, s, countName);
        w.WriteEndObject();
    }

    private static void WriteSummaryFields(Utf8JsonWriter w, LatencySummary s, string countName)
    {
        w.WriteNumber(countName, s.Tasks);
        w.WriteNumber("completed", s.Completed);
        WriteNumber(w, "mean_fct_ms", s.MeanMs);
        WriteNumber(w, "p50_fct_ms", s.P50Ms);
        WriteNumber(w, "p99_fct_ms", s.P99Ms);
        WriteNumber(w, "mean_slowdown", s.MeanSlowdown);
        w.WriteNumber("context_switches", s.ContextSwitches);
        WriteNumber(w, "throughput_per_s", s.ThroughputPerSecond);
    }

    // Rounded to 6 significant decimals so the output is stable and readable; NaN (nothing completed) is null.
    private static void WriteNumber(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumber(name, Math.Round(value, 6));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    /// <summary>The human-readable report.</summary>
    public void WriteTable(TextWriter output)
    {
        CultureInfo ci = CultureInfo.InvariantCulture;
        output.WriteLine(string.Format(ci, "workload {0}  policy {1}  kernel {2}  cpus {3}  seed {4}  agent {5}  simulated {6:F2} s",
            Workload, Policy, Kernel, Cpus, Seed, AgentMode, SpanNs / 1e9));
        output.WriteLine();
        int nameWidth = Math.Max(8, Functions.Count == 0 ? 8 : Functions.Max(f => f.Name.Length));
        bool ranked = Functions.Any(f => f.Rank is not null);
        string header = string.Format(ci, "{0,-" + nameWidth + "} {1,8} {2,12} {3,12} {4,12} {5,10} {6,10}",
            "function", "count", "mean ms", "p50 ms", "p99 ms", "slowdown", "switches") + (ranked ? "   rank  slice ms" : "");
        output.WriteLine(header);
        output.WriteLine(new string('-', header.Length));
        foreach (FunctionReport f in Functions)
        {
            string policy = f.Rank is int r ? string.Format(ci, " {0,6} {1,9:F1}", r, f.SliceMs ?? 0) : "";
            output.WriteLine(Row(ci, f.Name, nameWidth, f.Summary) + policy);
        }
        output.WriteLine(new string('-', header.Length));
        output.WriteLine(Row(ci, "total", nameWidth, Overall));
        if (Overall.Tasks == 0)
        {
            output.WriteLine("no invocations: the workload has no arrival in its window, so there is nothing to measure");
        }
        else if (Overall.Completed != Overall.Tasks)
        {
            output.WriteLine(string.Format(ci, "{0} of {1} invocations did not finish", Overall.Tasks - Overall.Completed, Overall.Tasks));
        }
        foreach (string note in Notes)
        {
            output.WriteLine("note: " + note);
        }
        if (Partial)
        {
            output.WriteLine("PARTIAL: the run was cancelled (SIGINT); these figures cover only what ran until then");
        }
    }

    /// <summary>The report as CSV: a header, one row per function, then a <c>total</c> row (group empty).</summary>
    /// <remarks>Same figures and units as the JSON (ms, counts); one row per function so a spreadsheet or pandas
    /// reads it without reshaping. Run-wide fields (workload, policy, seed, partial) repeat on every row.</remarks>
    public string ToCsv()
    {
        CultureInfo ci = CultureInfo.InvariantCulture;
        var b = new StringBuilder();
        b.Append("workload,policy,kernel,cpus,seed,agent_mode,partial,function,group,count,completed,mean_fct_ms,p50_fct_ms,p99_fct_ms,mean_slowdown,context_switches,throughput_per_s,rank,slice_ms\n");
        foreach (FunctionReport f in Functions)
        {
            CsvRow(b, ci, f.Name, f.Group, f.Summary, f.Rank, f.SliceMs);
        }
        CsvRow(b, ci, "total", "", Overall, null, null);
        return b.ToString();
    }

    private void CsvRow(StringBuilder b, CultureInfo ci, string function, string group, LatencySummary s, int? rank, double? sliceMs)
    {
        b.Append(ci, $"{CsvText.Field(Workload)},{CsvText.Field(Policy)},{Kernel},{Cpus},{Seed},{AgentMode},{(Partial ? "true" : "false")},");
        b.Append(ci, $"{CsvText.Field(function)},{CsvText.Field(group)},{s.Tasks},{s.Completed},{CsvText.Number(s.MeanMs)},{CsvText.Number(s.P50Ms)},{CsvText.Number(s.P99Ms)},");
        b.Append(ci, $"{CsvText.Number(s.MeanSlowdown)},{s.ContextSwitches},{CsvText.Number(s.ThroughputPerSecond)},{(rank is int r ? r.ToString(ci) : "")},{(sliceMs is double ms ? CsvText.Number(ms) : "")}\n");
    }

    private static string Row(CultureInfo ci, string name, int width, LatencySummary s) =>
        string.Format(ci, "{0,-" + width + "} {1,8} {2,12} {3,12} {4,12} {5,10} {6,10}",
            name, s.Completed, Cell(ci, s.MeanMs), Cell(ci, s.P50Ms), Cell(ci, s.P99Ms), Cell(ci, s.MeanSlowdown), s.ContextSwitches);

    // A statistic of nothing (no invocation completed) is "-", never "NaN".
    private static string Cell(CultureInfo ci, double value) => double.IsNaN(value) ? "-" : value.ToString("F2", ci);
}
