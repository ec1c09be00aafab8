using System.Globalization;

namespace AlpsGhost.Bench.Output;

/// <summary>Counters for people: nanosecond counters (names ending in <c>_ns</c>) as ns, µs, ms or s, large counts
/// with thousands separators.</summary>
internal static class HumanUnits
{
    private static readonly CultureInfo s_ci = CultureInfo.InvariantCulture;

    /// <summary>The counter's name without its <c>_ns</c> unit suffix (the unit moves into the value).</summary>
    public static string CounterName(string key) => key.EndsWith("_ns", StringComparison.Ordinal) ? key[..^3] : key;

    /// <summary>The value of counter <paramref name="key"/>: a duration when the name ends in <c>_ns</c>, else a count.</summary>
    public static string Counter(string key, double value) =>
        key.EndsWith("_ns", StringComparison.Ordinal) ? Duration(value) : Count(value);

    /// <summary><c>850 ns</c>, <c>12.3 µs</c>, <c>4.56 ms</c>, <c>7.89 s</c>.</summary>
    public static string Duration(double ns)
    {
        double a = Math.Abs(ns);
        return a < 1e3 ? ns.ToString("0", s_ci) + " ns"
            : a < 1e6 ? (ns / 1e3).ToString("0.##", s_ci) + " µs"
            : a < 1e9 ? (ns / 1e6).ToString("0.##", s_ci) + " ms"
            : (ns / 1e9).ToString("0.##", s_ci) + " s";
    }

    /// <summary><c>1,234,567</c>; a seed-average that is not whole keeps one decimal.</summary>
    public static string Count(double value) =>
        value == Math.Floor(value) ? value.ToString("#,0", s_ci) : value.ToString("#,0.#", s_ci);
}
