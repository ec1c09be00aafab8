namespace AlpsGhost.Workloads;

/// <summary>A workload file (or a trace file it refers to) is malformed or has a bad value.</summary>
/// <remarks>The message always names the file, where in it (a JSON path such as
/// <c>$.functions[2].cpu.mean</c>, or a CSV line), the offending value when there is one, and what
/// was expected, e.g. <c>fib-groups.json: $.functions[2].cpu.mean: value -5 is not valid: expected a
/// positive number of milliseconds</c>.</remarks>
public sealed class WorkloadFileException : Exception
{
    /// <summary>Creates the exception; <paramref name="problem"/> replaces the "value X is not valid" wording
    /// (e.g. "missing", "unknown key 'cpuu'").</summary>
    public WorkloadFileException(string file, string jsonPath, string? value, string expected, string? problem = null, Exception? inner = null)
        : base(Compose(file, jsonPath, value, expected, problem), inner)
    {
        File = file;
        JsonPath = jsonPath;
        Value = value;
        Expected = expected;
    }

    /// <summary>The file at fault (workload file, or a CSV of a trace it refers to).</summary>
    public string File { get; }

    /// <summary>Where in the file: a JSON path (<c>$.functions[0].cpu</c>) or, for CSV, <c>line N, column C</c>.</summary>
    public string JsonPath { get; }

    /// <summary>The offending value as written (JSON text, truncated), or null when the field is missing.</summary>
    public string? Value { get; }

    /// <summary>What would have been accepted.</summary>
    public string Expected { get; }

    private static string Compose(string file, string jsonPath, string? value, string expected, string? problem)
    {
        string what = problem ?? (value is null ? "missing" : $"value {value} is not valid");
        return $"{file}: {jsonPath}: {what}: expected {expected}";
    }
}
