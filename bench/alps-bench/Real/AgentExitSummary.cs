using System.Globalization;

namespace AlpsGhost.Bench.Real;

/// <summary>The one-line summary <c>alps-ghost-agent --kernel linux</c> prints on stderr at exit:
/// <c>alps-ghost-agent: exit summary: cpu_ms=... syscalls=... raised=... demoted=...</c>.</summary>
/// <param name="CpuMs">The agent's own CPU time.</param>
/// <param name="Syscalls">System calls it made to schedule (sched_setattr, schedstat reads, ...).</param>
/// <param name="Raised">Tasks it raised to a real-time band.</param>
/// <param name="Demoted">Tasks it returned to the fair class.</param>
internal sealed record AgentExitSummary(double CpuMs, long Syscalls, long Raised, long Demoted)
{
    /// <summary>What precedes the fields on the summary line.</summary>
    public const string Marker = "exit summary:";

    /// <summary>The last summary line in <paramref name="stderr"/>, or null if there is none or a field is missing or malformed.</summary>
    public static AgentExitSummary? TryParse(string stderr)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        int at = stderr.LastIndexOf(Marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }
        string rest = stderr[(at + Marker.Length)..];
        int end = rest.IndexOf('\n', StringComparison.Ordinal);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string item in (end < 0 ? rest : rest[..end]).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                fields[item[..eq]] = item[(eq + 1)..];
            }
        }
        return fields.TryGetValue("cpu_ms", out string? cpu) && double.TryParse(cpu, NumberStyles.Float, CultureInfo.InvariantCulture, out double cpuMs) &&
               Long(fields, "syscalls") is long syscalls && Long(fields, "raised") is long raised && Long(fields, "demoted") is long demoted
            ? new AgentExitSummary(cpuMs, syscalls, raised, demoted)
            : null;
    }

    private static long? Long(Dictionary<string, string> fields, string key) =>
        fields.TryGetValue(key, out string? v) && long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : null;
}
