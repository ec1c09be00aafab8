using System.Text.Json;

namespace AlpsGhost.Agent.Learning;

/// <summary>The result of <see cref="OfflineLearning.Run(string, double, LearningOptions)"/>; <see cref="ToJson"/> for <c>--json</c>.</summary>
public sealed class OfflineResult
{
    internal OfflineResult(string windowPath, int records, LearningOptions options, double utilizationPercent,
        IReadOnlyList<OfflineFunctionResult> functions, TimeSpan elapsed)
    {
        WindowPath = windowPath;
        Records = records;
        Options = options;
        UtilizationPercent = utilizationPercent;
        Functions = functions;
        Elapsed = elapsed;
    }

    /// <summary>The window file.</summary>
    public string WindowPath { get; }

    /// <summary>Records read from it.</summary>
    public int Records { get; }

    /// <summary>Options used.</summary>
    public LearningOptions Options { get; }

    /// <summary>The utilization U given.</summary>
    public double UtilizationPercent { get; }

    /// <summary>One entry per simulated function, in rank order.</summary>
    public IReadOnlyList<OfflineFunctionResult> Functions { get; }

    /// <summary>Duration of the learning round (not part of the JSON, which stays deterministic).</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>
    /// Deterministic indented JSON: <c>{ window, records, mode, cpus, trainer, utilization, functions: [ { function,
    /// invocations, segments: { count, mean, std, min, max }, basis, std, rank, slice_ms } ] }</c>.
    /// </summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("window", WindowPath);
            w.WriteNumber("records", Records);
            w.WriteString("mode", Options.Srpt.Mode == SimulationMode.Multi ? "multi" : "reference");
            w.WriteNumber("cpus", Options.Srpt.Mode == SimulationMode.Multi ? Options.Srpt.CpuCount : 1);
            w.WriteString("trainer", Options.Trainer.ToLowerInvariant());
            w.WriteNumber("utilization", UtilizationPercent);
            w.WriteStartArray("functions");
            foreach (OfflineFunctionResult f in Functions)
            {
                w.WriteStartObject();
                w.WriteNumber("function", f.FunctionId);
                w.WriteNumber("invocations", f.Invocations);
                w.WriteStartObject("segments");
                w.WriteNumber("count", f.Segments.Count);
                w.WriteNumber("mean", Math.Round(f.Segments.Mean, 6));
                w.WriteNumber("std", Math.Round(f.Segments.Std, 6));
                w.WriteNumber("min", f.Segments.Min);
                w.WriteNumber("max", f.Segments.Max);
                w.WriteEndObject();
                w.WriteNumber("basis", Math.Round(f.Basis, 6));
                w.WriteNumber("std", Math.Round(f.Std, 6));
                w.WriteNumber("rank", f.Rank);
                w.WriteNumber("slice_ms", f.SliceMs);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
