using System.Text.Json;
using AlpsGhost.Workloads.Format;
using AlpsGhost.Workloads.Sampling;

namespace AlpsGhost.Workloads;

/// <summary>Loads workload files (format: docs/workload-format.md) into materialised, deterministic
/// <see cref="Workload"/>s.</summary>
/// <remarks>A file has exactly one of three forms: <c>functions</c> (explicit list), <c>trace</c> (Azure
/// Functions 2019 replay) or <c>synthetic</c> (functions generated from published distributions). The
/// result depends only on the file, the seed, the CPU count, the utilization and the duration: every
/// random draw comes from a seeded xoshiro256** stream per (function, purpose).</remarks>
public static class WorkloadFile
{
    /// <summary>Highest accepted target utilization (above 1 the machine is overloaded on purpose).</summary>
    public const double MaxUtilization = 1.5;

    /// <summary>What a utilization value must be, in words (file field and command-line flags alike).</summary>
    public const string UtilizationExpected = "a target average CPU utilization in (0, 1.5]";

    /// <summary>The one utilization rule: a number in (0, <see cref="MaxUtilization"/>] (NaN is not).</summary>
    public static bool IsValidUtilization(double value) => value > 0 && value <= MaxUtilization;

    /// <summary>Reads and materialises the workload file at <paramref name="path"/>; relative trace folders resolve against its folder.</summary>
    /// <exception cref="WorkloadFileException">The file is missing, malformed, or has a bad value.</exception>
    public static Workload Load(string path, WorkloadOverrides overrides) => Read(path, overrides).Materialise();

    /// <summary>Reads the workload file at <paramref name="path"/> without drawing its invocations: they are
    /// generated lazily, equal to <see cref="Load"/>'s (see <see cref="InvocationStream"/>).</summary>
    /// <exception cref="WorkloadFileException">The file is missing, malformed, or has a bad value.</exception>
    public static StreamedWorkload LoadStreamed(string path, WorkloadOverrides overrides) => Read(path, overrides).Stream();

    private static WorkloadPlan Read(string path, WorkloadOverrides overrides)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(overrides);
        string json;
        try
        {
            json = AlpsGhost.Ghost.BoundedFile.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new WorkloadFileException(path, "$", null, "a readable workload file", problem: ex.Message, inner: ex);
        }
        string baseDirectory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? Directory.GetCurrentDirectory();
        return Plan(json, path, baseDirectory, overrides);
    }

    /// <summary>Materialises a workload from JSON text.</summary>
    /// <param name="json">The workload file's content.</param>
    /// <param name="fileName">Name used in error messages, and (its stem) as the workload name when the file has no <c>name</c>.</param>
    /// <param name="baseDirectory">Folder relative trace paths resolve against.</param>
    /// <param name="overrides">CPU count, seed, and optional utilization / duration overrides.</param>
    /// <exception cref="WorkloadFileException">Malformed JSON or a bad value.</exception>
    public static Workload Parse(string json, string fileName, string baseDirectory, WorkloadOverrides overrides) =>
        Plan(json, fileName, baseDirectory, overrides).Materialise();

    /// <summary>Like <see cref="Parse"/>, with the invocations generated lazily (see <see cref="InvocationStream"/>).</summary>
    /// <exception cref="WorkloadFileException">Malformed JSON or a bad value.</exception>
    public static StreamedWorkload ParseStreamed(string json, string fileName, string baseDirectory, WorkloadOverrides overrides) =>
        Plan(json, fileName, baseDirectory, overrides).Stream();

    private static WorkloadPlan Plan(string json, string fileName, string baseDirectory, WorkloadOverrides overrides)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        ArgumentNullException.ThrowIfNull(overrides);
        ArgumentOutOfRangeException.ThrowIfLessThan(overrides.CpuCount, 1, nameof(overrides));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(overrides.CpuCount, 4096, nameof(overrides));
        if (overrides.Utilization is double ou && !IsValidUtilization(ou))
        {
            throw new ArgumentOutOfRangeException(nameof(overrides), ou, $"Utilization must be in (0, {MaxUtilization}]");
        }
        if (overrides.DurationNs is long od && (od <= 0 || od > WorkloadLimits.MaxDurationNs))
        {
            throw new ArgumentOutOfRangeException(nameof(overrides), od, "DurationNs must be positive and at most a week");
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = false });
        }
        catch (JsonException ex)
        {
            long line = (ex.LineNumber ?? 0) + 1;
            long column = (ex.BytePositionInLine ?? 0) + 1;
            throw new WorkloadFileException(fileName, $"line {line}, column {column}", null, "well-formed JSON",
                problem: $"malformed JSON ({FirstSentence(ex.Message)})", inner: ex);
        }
        using (doc)
        {
            return ParseRoot(doc.RootElement, fileName, baseDirectory, overrides);
        }
    }

    private static WorkloadPlan ParseRoot(JsonElement root, string file, string baseDirectory, WorkloadOverrides overrides)
    {
        JsonObjectReader r = JsonObjectReader.Open(root, "$", file, "a workload object",
            "name", "description", "duration_s", "utilization", "seed_salt", "functions", "trace", "synthetic");
        string name = r.OptionalString("name", FunctionReader.IsValidName, "a workload name of letters, digits, '.', '_' or '-'")
            ?? Path.GetFileNameWithoutExtension(file);
        string? description = r.OptionalString("description", _ => true, "a string describing the workload");
        double? utilization = overrides.Utilization ?? r.OptionalNumber("utilization", IsValidUtilization, UtilizationExpected);
        ulong seed = overrides.Seed;
        if (r.Get("seed_salt") is JsonElement salt)
        {
            if (salt.ValueKind != JsonValueKind.Number || !salt.TryGetUInt64(out ulong s))
            {
                throw JsonObjectReader.Fail(file, r.PathOf("seed_salt"), salt, "a non-negative whole number mixed into the seed");
            }
            seed ^= Prng.Mix(s);
        }

        int forms = (r.Has("functions") ? 1 : 0) + (r.Has("trace") ? 1 : 0) + (r.Has("synthetic") ? 1 : 0);
        if (forms != 1)
        {
            throw new WorkloadFileException(file, "$", null, "exactly one of functions, trace, synthetic",
                problem: forms == 0 ? "no functions, trace or synthetic" : "more than one of functions, trace, synthetic");
        }

        List<FunctionModel> functions;
        long durationNs;
        if (r.Get("trace") is JsonElement trace)
        {
            if (r.Has("duration_s"))
            {
                throw new WorkloadFileException(file, r.PathOf("duration_s"), r.Get("duration_s")!.Value.GetRawText(),
                    "no duration_s: a trace replay lasts trace.minutes", problem: $"value {r.Get("duration_s")!.Value.GetRawText()} is not allowed with trace");
            }
            functions = TraceReader.Read(trace, file, baseDirectory, out long windowNs);
            // A replay can be cut short but not stretched: there are no counts beyond its minutes.
            durationNs = overrides.DurationNs is long d ? Math.Min(d, windowNs) : windowNs;
        }
        else
        {
            double durationS = r.Number("duration_s", v => v > 0 && v <= WorkloadLimits.MaxDurationS, "a positive number of seconds (at most a week) during which arrivals are generated");
            durationNs = overrides.DurationNs ?? (long)Math.Round(durationS * 1e9);
            if (r.Get("synthetic") is JsonElement synthetic)
            {
                functions = SyntheticReader.Read(synthetic, file, seed);
            }
            else
            {
                JsonElement array = r.Array("functions", "a non-empty array of function objects");
                functions = new List<FunctionModel>(array.GetArrayLength());
                var names = new HashSet<string>(StringComparer.Ordinal);
                int i = 0;
                foreach (JsonElement f in array.EnumerateArray())
                {
                    FunctionModel model = FunctionReader.Read(f, i, file);
                    if (!names.Add(model.Spec.Name))
                    {
                        throw new WorkloadFileException(file, $"$.functions[{i}].name", $"\"{model.Spec.Name}\"", "a name not used by an earlier function",
                            problem: $"duplicate function name \"{model.Spec.Name}\"");
                    }
                    functions.Add(model);
                    i++;
                }
                if (functions.Count == 0)
                {
                    throw new WorkloadFileException(file, "$.functions", "[]", "a non-empty array of function objects");
                }
            }
        }

        double scale = WorkloadBuilder.ComputeScale(functions, durationNs, overrides.CpuCount, utilization, file, "$.utilization");
        WorkloadBuilder.CheckSize(functions, durationNs, scale, file);
        return new WorkloadPlan(name, description, functions, durationNs, overrides.CpuCount, seed, utilization, scale);
    }

    /// <summary>The parser's reason without its own 0-based position and path suffixes (we give 1-based ones).</summary>
    private static string FirstSentence(string message)
    {
        foreach (string marker in new[] { " Path:", " LineNumber:" })
        {
            int cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message[..cut];
            }
        }
        return message.TrimEnd('.', ' ', '|');
    }
}
