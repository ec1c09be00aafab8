using System.Text;
using System.Text.Json;
using AlpsGhost.Bench.Matrix;
using AlpsGhost.Runs.Reporting;

namespace AlpsGhost.Bench.Output;

/// <summary>Writes <c>results.json</c>: one object per run, in matrix order.</summary>
/// <remarks>Field names are a contract with analysis scripts: add, never rename (so the file stays an array and
/// every run carries the same <c>provenance</c> object). Byte-identical for identical inputs except the provenance
/// (fixed order, invariant formatting, rounded numbers; the date and load are only in the provenance).</remarks>
internal static class ResultsJson
{
    /// <summary>The JSON text of <paramref name="results"/>.</summary>
    public static string Write(IReadOnlyList<CaseResult> results, Provenance? provenance = null)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (CaseResult r in results)
            {
                w.WriteStartObject();
                w.WriteString("workload", r.Workload);
                w.WriteString("policy", r.Policy);
                w.WriteNumber("seed", r.Seed);
                w.WriteNumber("cpus", r.Cpus);
                w.WriteString("agent_mode", r.AgentMode);
                w.WriteBoolean("partial", r.Report.Partial);
                w.WriteBoolean("watchdog_fired", RunFlags.WatchdogFired(r));
                provenance?.WriteJson(w, "provenance");
                w.WritePropertyName("overall");
                WriteSummary(w, r.Groups[0].Summary);
                w.WriteStartObject("groups");
                for (int i = 1; i < r.Groups.Count; i++)
                {
                    w.WritePropertyName(r.Groups[i].Group);
                    WriteSummary(w, r.Groups[i].Summary);
                }
                w.WriteEndObject();
                w.WriteStartObject("counters");
                foreach (KeyValuePair<string, long> c in r.Report.Counters)
                {
                    w.WriteNumber(c.Key, c.Value);
                }
                w.WriteEndObject();
                w.WriteStartArray("notes");
                foreach (string n in r.Report.Notes)
                {
                    w.WriteStringValue(n);
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteSummary(Utf8JsonWriter w, LatencySummary s)
    {
        w.WriteStartObject();
        w.WriteNumber("tasks", s.Tasks);
        w.WriteNumber("completed", s.Completed);
        WriteNumber(w, "mean_fct_ms", s.MeanMs);
        WriteNumber(w, "p50_fct_ms", s.P50Ms);
        WriteNumber(w, "p99_fct_ms", s.P99Ms);
        WriteNumber(w, "throughput_per_s", s.ThroughputPerSecond);
        w.WriteEndObject();
    }

    // NaN (nothing completed) is null; rounding keeps the file stable and readable.
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
}
