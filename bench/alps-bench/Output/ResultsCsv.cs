using System.Globalization;
using System.Text;
using AlpsGhost.Bench.Matrix;
using AlpsGhost.Runs.Reporting;

namespace AlpsGhost.Bench.Output;

/// <summary>Writes <c>results.csv</c> next to results.json: one row per run and group, the same figures.</summary>
/// <remarks>Long format (run x group) so pandas, R or a spreadsheet read it without reshaping; group <c>all</c> is
/// every invocation of the workload. Columns are a contract like the JSON fields: add at the end, never rename.</remarks>
internal static class ResultsCsv
{
    /// <summary>The header line.</summary>
    public const string Header = "workload,policy,seed,cpus,agent_mode,partial,watchdog_fired,group,tasks,completed,mean_fct_ms,p50_fct_ms,p99_fct_ms,throughput_per_s";

    /// <summary>The CSV text of <paramref name="results"/>, in matrix order.</summary>
    public static string Write(IReadOnlyList<CaseResult> results)
    {
        CultureInfo ci = CultureInfo.InvariantCulture;
        var b = new StringBuilder(Header).Append('\n');
        foreach (CaseResult r in results)
        {
            foreach (GroupResult g in r.Groups)
            {
                LatencySummary s = g.Summary;
                b.Append(ci, $"{CsvText.Field(r.Workload)},{CsvText.Field(r.Policy)},{r.Seed},{r.Cpus},{r.AgentMode},{(r.Report.Partial ? "true" : "false")},{(RunFlags.WatchdogFired(r) ? "true" : "false")},");
                b.Append(ci, $"{CsvText.Field(g.Group)},{s.Tasks},{s.Completed},{CsvText.Number(s.MeanMs)},{CsvText.Number(s.P50Ms)},{CsvText.Number(s.P99Ms)},{CsvText.Number(s.ThroughputPerSecond)}\n");
            }
        }
        return b.ToString();
    }
}
