using System.Globalization;
using System.Text.Json;
using AlpsGhost.Agent.Observation;

namespace AlpsGhost.Agent.Learning;

/// <summary>
/// Reads a window of invocations for offline what-if learning (<c>alps-ghost-agent learn --window FILE</c>).
/// </summary>
/// <remarks>
/// CSV (any extension but <c>.json</c>): a header line exactly <c>function,arrival_ms,cpu_ms,blocked_ms,bursts,end_ms,completed</c>,
/// then one invocation per line; blank lines and lines starting with <c>#</c> are ignored. JSON (<c>.json</c>): an array of
/// objects with the same field names. Fields: <c>function</c> integer 0..65535; <c>arrival_ms</c>, <c>cpu_ms</c>,
/// <c>blocked_ms</c>, <c>end_ms</c> non-negative decimal milliseconds with <c>end_ms &gt;= arrival_ms</c>; <c>bursts</c>
/// integer &gt;= 0; <c>completed</c> <c>true|false|1|0</c>. In JSON the values are typed: numbers are JSON numbers (a quoted
/// <c>"5"</c> is refused) and <c>completed</c> a JSON boolean or the number 1 or 0. Each record gets gtid = its line (CSV) or
/// position (JSON).
/// </remarks>
public static class WindowFile
{
    /// <summary>The required CSV header.</summary>
    public const string Header = "function,arrival_ms,cpu_ms,blocked_ms,bursts,end_ms,completed";

    /// <summary>Highest function id accepted. The learned policy table is a dense array indexed by function id, so
    /// the id bounds its memory (ids come from a name table; 65 535 functions is far beyond any enclave).</summary>
    public const int MaxFunctionId = 65_535;

    private static readonly string[] Columns = Header.Split(',');

    /// <summary>Loads <paramref name="path"/> (CSV, or JSON when it ends in <c>.json</c>).</summary>
    /// <exception cref="WindowFileException">The file is missing or malformed.</exception>
    public static InvocationRecord[] Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text;
        try
        {
            text = BoundedFile.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new WindowFileException(path, 0, "(file)", path, $"a readable window file ({ex.Message})", ex);
        }
        return path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? ParseJson(path, text) : ParseCsv(path, text);
    }

    /// <summary>Parses CSV <paramref name="text"/>; <paramref name="path"/> names it in errors.</summary>
    public static InvocationRecord[] ParseCsv(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        var records = new List<InvocationRecord>();
        string[] lines = text.Split('\n');
        bool headerSeen = false;
        for (int i = 0; i < lines.Length; i++)
        {
            int lineNo = i + 1;
            string line = lines[i].TrimEnd('\r').Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            if (!headerSeen)
            {
                if (!string.Equals(line.Replace(" ", "", StringComparison.Ordinal), Header, StringComparison.OrdinalIgnoreCase))
                {
                    throw new WindowFileException(path, lineNo, "(header)", line, $"the header '{Header}'");
                }
                headerSeen = true;
                continue;
            }
            string[] cells = line.Split(',');
            if (cells.Length != Columns.Length)
            {
                throw new WindowFileException(path, lineNo, "(row)", line, $"{Columns.Length} comma-separated fields ({Header}), found {cells.Length}");
            }
            records.Add(Build(path, lineNo, i + 1, name => cells[Array.IndexOf(Columns, name)].Trim()));
        }
        if (!headerSeen)
        {
            throw new WindowFileException(path, 1, "(header)", "", $"the header '{Header}'");
        }
        return [.. records];
    }

    /// <summary>Parses JSON <paramref name="text"/> (an array of records); <paramref name="path"/> names it in errors.</summary>
    public static InvocationRecord[] ParseJson(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new WindowFileException(path, (ex.LineNumber ?? 0) + 1, $"(byte {ex.BytePositionInLine ?? 0})", "", "well-formed JSON: " + ex.Message, ex);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new WindowFileException(path, 1, "(root)", doc.RootElement.ValueKind.ToString(), "a JSON array of records");
            }
            var records = new List<InvocationRecord>();
            int n = 0;
            foreach (JsonElement e in doc.RootElement.EnumerateArray())
            {
                n++;
                if (e.ValueKind != JsonValueKind.Object)
                {
                    throw new WindowFileException(path, n, "(record)", e.ValueKind.ToString(), "an object with fields " + Header);
                }
                JsonElement item = e;
                int index = n;
                records.Add(Build(path, index, index, name =>
                {
                    if (!item.TryGetProperty(name, out JsonElement v))
                    {
                        throw new WindowFileException(path, index, name, "(missing)", "the field to be present (record " + index + ")");
                    }
                    // Typed as in the format: a quoted "5" is a string, not a number (CSV has no types; JSON has).
                    bool boolean = name == "completed";
                    bool typed = v.ValueKind == JsonValueKind.Number || (boolean && v.ValueKind is JsonValueKind.True or JsonValueKind.False);
                    if (!typed)
                    {
                        throw new WindowFileException(path, index, name, v.GetRawText(), boolean ? "true or false" : "a JSON number (not a string)");
                    }
                    return v.GetRawText();
                }));
            }
            return [.. records];
        }
    }

    private static InvocationRecord Build(string path, long line, long gtid, Func<string, string> cell)
    {
        string functionText = cell("function");
        int function = Integer(path, line, "function", functionText);
        if (function > MaxFunctionId)
        {
            throw new WindowFileException(path, line, "function", functionText, $"an integer 0..{MaxFunctionId} (a function id)");
        }
        double arrival = Millis(path, line, "arrival_ms", cell("arrival_ms"));
        double cpu = Millis(path, line, "cpu_ms", cell("cpu_ms"));
        double blocked = Millis(path, line, "blocked_ms", cell("blocked_ms"));
        int bursts = Integer(path, line, "bursts", cell("bursts"));
        string endText = cell("end_ms");
        double end = Millis(path, line, "end_ms", endText);
        if (end < arrival)
        {
            throw new WindowFileException(path, line, "end_ms", endText, $"a time >= arrival_ms ({arrival.ToString(CultureInfo.InvariantCulture)})");
        }
        string completedText = cell("completed");
        bool completed = completedText.ToLowerInvariant() switch
        {
            "true" or "1" => true,
            "false" or "0" => false,
            _ => throw new WindowFileException(path, line, "completed", completedText, "true, false, 1 or 0"),
        };
        return new InvocationRecord
        {
            Gtid = gtid,
            FunctionId = function,
            ArrivalNs = ToNs(arrival),
            CpuNs = ToNs(cpu),
            BlockedNs = ToNs(blocked),
            Bursts = bursts,
            EndNs = ToNs(end),
            Completed = completed,
        };
    }

    private static int Integer(string path, long line, string column, string text)
    {
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) || v < 0)
        {
            throw new WindowFileException(path, line, column, text, "an integer >= 0");
        }
        return v;
    }

    private static double Millis(string path, long line, string column, string text)
    {
        // Upper bound keeps ms -> ns inside a long.
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v) || v < 0 || v > 9e12)
        {
            throw new WindowFileException(path, line, column, text, "a non-negative number of milliseconds (at most 9e12)");
        }
        return v;
    }

    private static long ToNs(double ms) => Nanoseconds.FromMilliseconds(ms);
}
