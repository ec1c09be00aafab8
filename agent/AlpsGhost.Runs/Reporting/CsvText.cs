using System.Globalization;

namespace AlpsGhost.Runs.Reporting;

/// <summary>RFC 4180 fields for the CSV reports of both executables: quoted only when needed, invariant numbers.</summary>
public static class CsvText
{
    /// <summary>A text field, quoted (with doubled quotes) when it holds a comma, a quote or a line break.</summary>
    public static string Field(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>A number rounded to 6 decimals as the JSON reports are; empty for NaN (nothing completed).</summary>
    public static string Number(double value) =>
        double.IsFinite(value) ? Math.Round(value, 6).ToString("R", CultureInfo.InvariantCulture) : "";
}
