using System.Text.Json;
using AlpsGhost.Workloads.Arrivals;
using AlpsGhost.Workloads.Sampling;
using AlpsGhost.Workloads.Trace;

namespace AlpsGhost.Workloads.Format;

/// <summary>Reads the <c>trace</c> form of a workload file into one function model per trace function.</summary>
internal static class TraceReader
{
    /// <summary>Parses <c>$.trace</c>; <paramref name="windowNs"/> receives the length of the replayed window.</summary>
    public static List<FunctionModel> Read(JsonElement e, string file, string baseDirectory, out long windowNs)
    {
        const string path = "$.trace";
        JsonObjectReader r = JsonObjectReader.Open(e, path, file, "a trace object {\"format\", \"dir\", \"start_minute\", \"minutes\"}",
            "format", "dir", "start_minute", "minutes", "functions", "cap_ms");
        _ = r.String("format", f => f == "azure2019", "\"azure2019\" (the only trace layout supported)");
        string dir = r.String("dir", _ => true, "a folder (relative to the workload file) with invocations.csv and durations.csv");
        int start = (int)r.Integer("start_minute", 0, Azure2019Trace.MinutesPerDay - 1, $"a minute of the day in [0, {Azure2019Trace.MinutesPerDay - 1}] (0 = the trace's column \"1\")");
        int minutes = (int)r.Integer("minutes", 1, Azure2019Trace.MinutesPerDay - start, $"a window length in minutes in [1, {Azure2019Trace.MinutesPerDay - start}] (the window must stay inside the day)");
        int? limit = (int?)r.OptionalInteger("functions", 1, 100_000, "a positive number of functions to keep");
        double? cap = r.OptionalNumber("cap_ms", v => v >= Azure2019Trace.FloorMs && v <= WorkloadLimits.MaxPhaseMs, $"a number of milliseconds >= {Azure2019Trace.FloorMs}, {WorkloadLimits.PhaseBound}");
        string full = Path.GetFullPath(Path.Combine(baseDirectory, dir));
        List<TraceFunction> trace = Azure2019Trace.Load(file, r.PathOf("dir"), full, start, minutes, limit);
        if (trace.Count == 0)
        {
            throw new WorkloadFileException(file, r.PathOf("dir"), full, "at least one function present in both invocations.csv and durations.csv",
                problem: "no function of the trace has both invocation counts and durations");
        }
        windowNs = minutes * 60_000_000_000L;
        var models = new List<FunctionModel>(trace.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < trace.Count; i++)
        {
            TraceFunction t = trace[i];
            // Short stable names: the first 8 hex digits of the function hash, longer only on a collision.
            int len = 8;
            string name = t.HashFunction[..Math.Min(len, t.HashFunction.Length)];
            while (!names.Add(name))
            {
                len++;
                name = len <= t.HashFunction.Length ? t.HashFunction[..len] : $"{t.HashFunction}-{i}";
            }
            var cpu = new PercentileDistribution(cap is double c ? Cap(t.Percentiles, c) : t.Percentiles);
            var spec = new FunctionSpec(i, name, DurationClass.Of(cpu.Mean), FunctionReader.DefaultComm(name),
                FunctionReader.DefaultCgroup(name), true, null);
            models.Add(new FunctionModel(spec, cpu, null, new MinuteCountArrivals(t.Counts)));
        }
        return models;
    }

    /// <summary>Lowers every percentile above <paramref name="capMs"/> to it: the table stays monotone, the
    /// interpolation (and so the analytic mean used for scaling) stays exact for what is sampled.</summary>
    private static double[] Cap(double[] percentiles, double capMs)
    {
        var capped = new double[percentiles.Length];
        for (int i = 0; i < capped.Length; i++)
        {
            capped[i] = Math.Min(percentiles[i], capMs);
        }
        return capped;
    }
}
