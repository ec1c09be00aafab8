using System.Globalization;
using System.Runtime.InteropServices;

namespace AlpsGhost.Bench.Real;

/// <summary>The few /proc facts a real run reads: a process's CPU time, every task's scheduling policy,
/// the load average, the CPU model and the machine's busy CPU time.</summary>
internal static partial class ProcFiles
{
    /// <summary>SCHED_OTHER, SCHED_BATCH and SCHED_IDLE: the fair-class policies (everything else is real-time or deadline).</summary>
    private static readonly int[] s_fairPolicies = [0, 3, 5];

    private const int ScClkTck = 2;

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial long SysConf(int name);

    /// <summary>Clock ticks per second of /proc's CPU times (USER_HZ).</summary>
    public static long TicksPerSecond { get; } = OperatingSystem.IsLinux() && SysConf(ScClkTck) is > 0 and long t ? t : 100;

    /// <summary>One task's <c>/proc/.../stat</c> fields a real run needs.</summary>
    /// <param name="Comm">Its comm.</param>
    /// <param name="CpuNs">User + system time, ns (tick resolution).</param>
    /// <param name="StartTime">Start time in ticks since boot: with the tid, identifies the task across tid reuse.</param>
    /// <param name="Policy">Scheduling policy (field 41).</param>
    internal readonly record struct TaskStat(string Comm, long CpuNs, long StartTime, int Policy)
    {
        /// <summary>In a fair-class policy (not real-time, not deadline).</summary>
        public bool Fair => Array.IndexOf(s_fairPolicies, Policy) >= 0;
    }

    /// <summary>Parses a <c>stat</c> line; false if it is not one (the comm may hold spaces and parentheses: fields follow the last ')').</summary>
    public static bool TryParseStat(string line, out TaskStat stat)
    {
        stat = default;
        int open = line.IndexOf('(', StringComparison.Ordinal), close = line.LastIndexOf(')');
        if (open < 0 || close < open)
        {
            return false;
        }
        // After ')': field 3 (state) is index 0, so field k is index k - 3.
        string[] f = line[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length < 39 ||
            !long.TryParse(f[11], NumberStyles.None, CultureInfo.InvariantCulture, out long utime) ||
            !long.TryParse(f[12], NumberStyles.None, CultureInfo.InvariantCulture, out long stime) ||
            !long.TryParse(f[19], NumberStyles.None, CultureInfo.InvariantCulture, out long start) ||
            !int.TryParse(f[38], NumberStyles.None, CultureInfo.InvariantCulture, out int policy))
        {
            return false;
        }
        stat = new TaskStat(line[(open + 1)..close], (utime + stime) * (1_000_000_000L / TicksPerSecond), start, policy);
        return true;
    }

    /// <summary>CPU time of process <paramref name="pid"/> (all its threads), ns; -1 if it is gone.</summary>
    public static long ProcessCpuNs(int pid)
    {
        try
        {
            return TryParseStat(File.ReadAllText($"/proc/{pid}/stat"), out TaskStat s) ? s.CpuNs : -1;
        }
        catch (IOException)
        {
            return -1;
        }
    }

    /// <summary>Every task (thread) not in a fair-class policy, as (tid, start time) -> comm and policy.</summary>
    /// <remarks>Kernel threads such as migration/N are real-time by design: compare a scan after a run with one before it.</remarks>
    public static Dictionary<(int Tid, long Start), TaskStat> NonFairTasks()
    {
        var found = new Dictionary<(int, long), TaskStat>();
        foreach (string process in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(process), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                continue;
            }
            IEnumerable<string> tasks;
            try
            {
                tasks = Directory.EnumerateDirectories(Path.Combine(process, "task")).ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // exited while we looked
            }
            foreach (string task in tasks)
            {
                try
                {
                    if (TryParseStat(File.ReadAllText(Path.Combine(task, "stat")), out TaskStat s) && !s.Fair &&
                        int.TryParse(Path.GetFileName(task), NumberStyles.None, CultureInfo.InvariantCulture, out int tid))
                    {
                        found[(tid, s.StartTime)] = s;
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                }
            }
        }
        return found;
    }

    /// <summary>Every live process whose comm starts with <paramref name="prefix"/>, as pid -> comm.</summary>
    public static Dictionary<int, string> ProcessesWithCommPrefix(string prefix)
    {
        var found = new Dictionary<int, string>();
        foreach (string process in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(process), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                continue;
            }
            try
            {
                string comm = File.ReadAllText(Path.Combine(process, "comm")).TrimEnd('\n');
                if (comm.StartsWith(prefix, StringComparison.Ordinal))
                {
                    found[pid] = comm;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
        return found;
    }

    /// <summary>The 1-minute load average, or NaN where /proc/loadavg is missing.</summary>
    public static double LoadAverage() => LoadAverages()[0];

    /// <summary>/proc/loadavg's 1, 5 and 15 minute figures; NaN for each that cannot be read.</summary>
    /// <remarks>The one reader of /proc/loadavg in alps-bench: real runs, calibration and report provenance.</remarks>
    public static double[] LoadAverages()
    {
        double[] load = [double.NaN, double.NaN, double.NaN];
        try
        {
            string[] fields = File.ReadAllText("/proc/loadavg").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            for (int i = 0; i < load.Length && i < fields.Length; i++)
            {
                if (double.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                {
                    load[i] = v;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not Linux, or /proc hidden: every figure stays unknown.
        }
        return load;
    }

    /// <summary>The CPU's model name from /proc/cpuinfo, or null where it cannot be read.</summary>
    public static string? CpuModel()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/cpuinfo"))
            {
                if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':', StringComparison.Ordinal) is int colon and > 0)
                {
                    return line[(colon + 1)..].Trim();
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No /proc (not Linux): callers name the machine another way.
        }
        return null;
    }

    /// <summary>CPU time the whole machine spent busy (every CPU, everything but idle and iowait) since boot, ns.</summary>
    public static long MachineBusyNs()
    {
        foreach (string line in File.ReadLines("/proc/stat"))
        {
            if (!line.StartsWith("cpu ", StringComparison.Ordinal))
            {
                continue;
            }
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            long busy = 0;
            // user nice system idle iowait irq softirq steal; steal (the hypervisor ran someone else) counts as
            // busy because it is interference too. Guest time is already inside user.
            for (int i = 1; i <= 8 && i < f.Length; i++)
            {
                if (i is 4 or 5)
                {
                    continue;
                }
                busy += long.Parse(f[i], CultureInfo.InvariantCulture);
            }
            return busy * (1_000_000_000L / TicksPerSecond);
        }
        throw new IOException("/proc/stat has no 'cpu ' line");
    }
}
