using System.Globalization;

namespace AlpsGhost.Workloads.Trace;

/// <summary>Reads the Azure Functions 2019 trace layout (Shahrad et al., ATC'20): <c>invocations.csv</c>
/// (<c>HashOwner,HashApp,HashFunction,Trigger,1..1440</c>, invocations per minute of one day) and
/// <c>durations.csv</c> (<c>...,Average,Count,Minimum,Maximum,percentile_Average_0,_1,_25,_50,_75,_99,_100</c>, ms).</summary>
/// <remarks>Functions are joined on HashOwner + HashApp + HashFunction; a function without a durations
/// row is dropped (as invitro does). The trace rounds times to whole milliseconds, so a percentile of 0
/// means "under a millisecond"; such values are raised to <see cref="FloorMs"/> so the log-linear
/// interpolation stays defined.</remarks>
internal static class Azure2019Trace
{
    /// <summary>Lowest execution time taken from the trace, ms.</summary>
    public const double FloorMs = 0.1;

    /// <summary>Minutes in one day file.</summary>
    public const int MinutesPerDay = 1440;

    private static readonly string[] PercentileColumns =
    [
        "percentile_Average_0", "percentile_Average_1", "percentile_Average_25", "percentile_Average_50",
        "percentile_Average_75", "percentile_Average_99", "percentile_Average_100",
    ];

    /// <summary>Loads the window [startMinute, startMinute + minutes) (minutes 0-based) of the trace in <paramref name="dir"/>.</summary>
    /// <param name="workloadFile">The workload file, named in errors about the folder.</param>
    /// <param name="dirPath">JSON path of the <c>dir</c> field.</param>
    /// <param name="dir">Resolved folder.</param>
    /// <param name="startMinute">First minute (0 = the trace's column "1").</param>
    /// <param name="minutes">Window length.</param>
    /// <param name="limit">Keep at most this many functions (the first ones in invocations.csv order).</param>
    public static List<TraceFunction> Load(string workloadFile, string dirPath, string dir, int startMinute, int minutes, int? limit)
    {
        string invocationsPath = Path.Combine(dir, "invocations.csv");
        string durationsPath = Path.Combine(dir, "durations.csv");
        string[] invocationLines = ReadLines(workloadFile, dirPath, invocationsPath);
        string[] durationLines = ReadLines(workloadFile, dirPath, durationsPath);

        Dictionary<string, double[]> durations = ReadDurations(durationsPath, durationLines);

        if (invocationLines.Length == 0 || !invocationLines[0].StartsWith("HashOwner,HashApp,HashFunction,Trigger,1", StringComparison.Ordinal))
        {
            throw new WorkloadFileException(invocationsPath, "line 1", invocationLines.Length == 0 ? null : Shorten(invocationLines[0]),
                "the header HashOwner,HashApp,HashFunction,Trigger,1,2,...,1440");
        }
        var result = new List<TraceFunction>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int line = 1; line < invocationLines.Length; line++)
        {
            if (invocationLines[line].Length == 0)
            {
                continue;
            }
            string[] cells = invocationLines[line].Split(',');
            if (cells.Length < 4 + startMinute + minutes)
            {
                throw new WorkloadFileException(invocationsPath, $"line {line + 1}", $"{cells.Length} columns",
                    $"at least {4 + startMinute + minutes} columns (4 ids + minutes 1..{startMinute + minutes})", problem: $"row has {cells.Length} columns");
            }
            var counts = new int[minutes];
            for (int m = 0; m < minutes; m++)
            {
                string cell = cells[4 + startMinute + m];
                if (!int.TryParse(cell, NumberStyles.None, CultureInfo.InvariantCulture, out counts[m]))
                {
                    throw new WorkloadFileException(invocationsPath, $"line {line + 1}, column {startMinute + m + 1}", cell,
                        "a non-negative whole number of invocations");
                }
            }
            string key = Key(cells[0], cells[1], cells[2]);
            if (!seen.TryAdd(key, line + 1))
            {
                // Silently keeping both would turn one function into two with the same name in the report.
                throw new WorkloadFileException(invocationsPath, $"line {line + 1}", Shorten($"{cells[0]},{cells[1]},{cells[2]}"),
                    "each (HashOwner, HashApp, HashFunction) at most once", problem: $"duplicate of the row on line {seen[key]}");
            }
            if (!durations.TryGetValue(key, out double[]? percentiles))
            {
                continue;
            }
            result.Add(new TraceFunction(cells[0], cells[1], cells[2], cells[3], counts, percentiles, line + 1));
            if (limit is int n && result.Count == n)
            {
                break;
            }
        }
        return result;
    }

    private static Dictionary<string, double[]> ReadDurations(string path, string[] lines)
    {
        if (lines.Length == 0)
        {
            throw new WorkloadFileException(path, "line 1", null, "a header with HashOwner, HashApp, HashFunction and percentile_Average_0.._100");
        }
        string[] header = lines[0].Split(',');
        int owner = Column(path, header, "HashOwner");
        int app = Column(path, header, "HashApp");
        int function = Column(path, header, "HashFunction");
        var pct = new int[PercentileColumns.Length];
        for (int i = 0; i < pct.Length; i++)
        {
            pct[i] = Column(path, header, PercentileColumns[i]);
        }
        var map = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (int line = 1; line < lines.Length; line++)
        {
            if (lines[line].Length == 0)
            {
                continue;
            }
            string[] cells = lines[line].Split(',');
            if (cells.Length != header.Length)
            {
                throw new WorkloadFileException(path, $"line {line + 1}", $"{cells.Length} columns", $"{header.Length} columns like the header",
                    problem: $"row has {cells.Length} columns");
            }
            var values = new double[pct.Length];
            for (int i = 0; i < pct.Length; i++)
            {
                string cell = cells[pct[i]];
                double previous = i == 0 ? FloorMs : values[i - 1];
                if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v) || v < 0)
                {
                    throw new WorkloadFileException(path, $"line {line + 1}, column {PercentileColumns[i]}", cell, "a non-negative number of milliseconds");
                }
                v = Math.Max(v, FloorMs);
                if (v < previous)
                {
                    throw new WorkloadFileException(path, $"line {line + 1}, column {PercentileColumns[i]}", cell,
                        $"a number of milliseconds >= the previous percentile ({previous})");
                }
                values[i] = v;
            }
            if (!map.TryAdd(Key(cells[owner], cells[app], cells[function]), values))
            {
                throw new WorkloadFileException(path, $"line {line + 1}", Shorten($"{cells[owner]},{cells[app]},{cells[function]}"),
                    "each (HashOwner, HashApp, HashFunction) at most once", problem: "duplicate function row");
            }
        }
        return map;
    }

    private static int Column(string path, string[] header, string name)
    {
        int i = Array.IndexOf(header, name);
        return i >= 0 ? i : throw new WorkloadFileException(path, "line 1", null, $"a header column {name}", problem: $"column {name} missing");
    }

    private static string[] ReadLines(string workloadFile, string dirPath, string path)
    {
        if (!File.Exists(path))
        {
            throw new WorkloadFileException(workloadFile, dirPath, path,
                "a folder holding invocations.csv and durations.csv in the Azure Functions 2019 layout", problem: $"file not found {path}");
        }
        try
        {
            return AlpsGhost.Ghost.BoundedFile.ReadAllLines(path, AlpsGhost.Ghost.BoundedFile.MaxTraceBytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new WorkloadFileException(workloadFile, dirPath, path, "a readable trace file", problem: ex.Message, inner: ex);
        }
    }

    private static string Key(string owner, string app, string function) => $"{owner}|{app}|{function}";

    private static string Shorten(string s) => s.Length <= 80 ? s : string.Concat(s.AsSpan(0, 77), "...");
}
