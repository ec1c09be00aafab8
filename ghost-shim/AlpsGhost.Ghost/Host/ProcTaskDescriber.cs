using System.Globalization;
using AlpsGhost.Ghost.Abi;

namespace AlpsGhost.Ghost.Host;

/// <summary>Describes a ghOSt task from procfs: <c>/proc/&lt;tid&gt;/comm</c> and the cgroup v2 line of <c>/proc/&lt;tid&gt;/cgroup</c>.</summary>
public static class ProcTaskDescriber
{
    /// <summary>Describes the task of <paramref name="gtid"/> (tid = gtid &gt;&gt; 41); false if it is gone.</summary>
    public static bool TryDescribe(long gtid, out TaskDescription description, string procRoot = "/proc")
    {
        int tid = GhostAbi.TidOf(gtid);
        description = default;
        if (tid <= 0)
        {
            return false;
        }
        string dir = Path.Combine(procRoot, tid.ToString(CultureInfo.InvariantCulture));
        try
        {
            string comm = File.ReadAllText(Path.Combine(dir, "comm")).TrimEnd('\n');
            string cgroup = ParseCgroupV2Path(File.ReadAllText(Path.Combine(dir, "cgroup")));
            description = new TaskDescription(tid, comm, cgroup);
            return true;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// The cgroup v2 path from a <c>/proc/&lt;tid&gt;/cgroup</c> text (the <c>0::/path</c> line), or
    /// an empty string when the task is only in v1 hierarchies.
    /// </summary>
    public static string ParseCgroupV2Path(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (string raw in text.Split('\n'))
        {
            if (raw.StartsWith("0::", StringComparison.Ordinal))
            {
                return raw[3..].Trim();
            }
        }
        return string.Empty;
    }
}
