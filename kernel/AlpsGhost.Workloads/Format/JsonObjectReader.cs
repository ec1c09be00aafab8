using System.Text.Json;

namespace AlpsGhost.Workloads.Format;

/// <summary>Reads one JSON object of a workload file field by field, building the JSON path of every
/// field so each error can say exactly where it is.</summary>
/// <remarks>Keys are checked against the allowed set up front, so a typo (<c>"cpuu"</c>) fails loudly
/// instead of silently taking a default. Duplicate keys are rejected for the same reason.</remarks>
internal sealed class JsonObjectReader
{
    private readonly JsonElement _element;

    private JsonObjectReader(JsonElement element, string path, string file)
    {
        _element = element;
        Path = path;
        File = file;
    }

    /// <summary>JSON path of this object.</summary>
    public string Path { get; }

    /// <summary>File name used in errors.</summary>
    public string File { get; }

    /// <summary>Wraps <paramref name="element"/>, which must be an object whose keys are all in <paramref name="allowedKeys"/>.</summary>
    public static JsonObjectReader Open(JsonElement element, string path, string file, string what, params string[] allowedKeys)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Fail(file, path, element, what);
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty p in element.EnumerateObject())
        {
            if (System.Array.IndexOf(allowedKeys, p.Name) < 0)
            {
                throw new WorkloadFileException(file, $"{path}.{p.Name}", null, $"one of {string.Join(", ", allowedKeys)}",
                    problem: $"unknown key '{p.Name}'");
            }
            if (!seen.Add(p.Name))
            {
                throw new WorkloadFileException(file, $"{path}.{p.Name}", null, "each key at most once", problem: $"duplicate key '{p.Name}'");
            }
        }
        return new JsonObjectReader(element, path, file);
    }

    /// <summary>The error for a value that is present but wrong.</summary>
    public static WorkloadFileException Fail(string file, string path, JsonElement value, string expected)
        => new(file, path, Shorten(value.GetRawText()), expected);

    /// <summary>Whether the key is present.</summary>
    public bool Has(string name) => _element.TryGetProperty(name, out _);

    /// <summary>JSON path of a field of this object.</summary>
    public string PathOf(string name) => $"{Path}.{name}";

    /// <summary>The raw element of a field, or null when absent.</summary>
    public JsonElement? Get(string name) => _element.TryGetProperty(name, out JsonElement e) ? e : null;

    /// <summary>A field that must be present.</summary>
    public JsonElement Require(string name, string expected)
        => Get(name) ?? throw new WorkloadFileException(File, PathOf(name), null, expected);

    /// <summary>A required number that satisfies <paramref name="isValid"/>.</summary>
    public double Number(string name, Func<double, bool> isValid, string expected)
        => CheckNumber(Require(name, expected), PathOf(name), isValid, expected);

    /// <summary>An optional number; null when absent.</summary>
    public double? OptionalNumber(string name, Func<double, bool> isValid, string expected)
        => Get(name) is JsonElement e ? CheckNumber(e, PathOf(name), isValid, expected) : null;

    /// <summary>A required whole number in [min, max].</summary>
    public long Integer(string name, long min, long max, string expected)
        => CheckInteger(Require(name, expected), PathOf(name), min, max, expected);

    /// <summary>An optional whole number in [min, max]; null when absent.</summary>
    public long? OptionalInteger(string name, long min, long max, string expected)
        => Get(name) is JsonElement e ? CheckInteger(e, PathOf(name), min, max, expected) : null;

    /// <summary>A required non-empty string that satisfies <paramref name="isValid"/>.</summary>
    public string String(string name, Func<string, bool> isValid, string expected)
        => CheckString(Require(name, expected), PathOf(name), isValid, expected);

    /// <summary>An optional string; null when absent.</summary>
    public string? OptionalString(string name, Func<string, bool> isValid, string expected)
        => Get(name) is JsonElement e ? CheckString(e, PathOf(name), isValid, expected) : null;

    /// <summary>An optional boolean; null when absent.</summary>
    public bool? OptionalBool(string name)
    {
        if (Get(name) is not JsonElement e)
        {
            return null;
        }
        return e.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Fail(File, PathOf(name), e, "true or false"),
        };
    }

    /// <summary>A required array.</summary>
    public JsonElement Array(string name, string expected)
    {
        JsonElement e = Require(name, expected);
        return e.ValueKind == JsonValueKind.Array ? e : throw Fail(File, PathOf(name), e, expected);
    }

    /// <summary>A number element checked against <paramref name="isValid"/> (non-finite never passes).</summary>
    public double CheckNumber(JsonElement e, string path, Func<double, bool> isValid, string expected)
    {
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetDouble(out double v) || !double.IsFinite(v) || !isValid(v))
        {
            throw Fail(File, path, e, expected);
        }
        return v;
    }

    private long CheckInteger(JsonElement e, string path, long min, long max, string expected)
    {
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out long v) || v < min || v > max)
        {
            throw Fail(File, path, e, expected);
        }
        return v;
    }

    private string CheckString(JsonElement e, string path, Func<string, bool> isValid, string expected)
    {
        if (e.ValueKind != JsonValueKind.String || e.GetString() is not string s || s.Length == 0 || !isValid(s))
        {
            throw Fail(File, path, e, expected);
        }
        return s;
    }

    private static string Shorten(string raw) => raw.Length <= 80 ? raw : string.Concat(raw.AsSpan(0, 77), "...");
}
