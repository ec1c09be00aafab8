using System.Globalization;

namespace AlpsGhost.Linux;

/// <summary>The capabilities the backend needs, checked before anything starts: CAP_SYS_NICE (raise other users'
/// tasks to SCHED_FIFO) and CAP_NET_ADMIN (process events).</summary>
public static class LinuxPrivileges
{
    private const int CapNetAdmin = 12, CapSysNice = 23;

    /// <summary>What is missing ("CAP_SYS_NICE, CAP_NET_ADMIN"), or null when both are effective.</summary>
    public static string? Missing(string statusPath = "/proc/self/status")
    {
        ulong effective = 0;
        foreach (string line in File.ReadLines(statusPath))
        {
            if (line.StartsWith("CapEff:", StringComparison.Ordinal))
            {
                _ = ulong.TryParse(line.AsSpan(7).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out effective);
            }
        }
        var missing = new List<string>(2);
        if ((effective & (1UL << CapSysNice)) == 0)
        {
            missing.Add("CAP_SYS_NICE");
        }
        if ((effective & (1UL << CapNetAdmin)) == 0)
        {
            missing.Add("CAP_NET_ADMIN");
        }
        return missing.Count == 0 ? null : string.Join(", ", missing);
    }
}
