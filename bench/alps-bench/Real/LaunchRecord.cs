using System.Globalization;

namespace AlpsGhost.Bench.Real;

/// <summary>What alps-launch recorded for one invocation (one CSV row); times in ns since the launcher's origin, -1 = never happened.</summary>
/// <param name="Index">Invocation index in the schedule.</param>
/// <param name="Function">Function id.</param>
/// <param name="Pid">Process id of the invocation (-1: fork failed).</param>
/// <param name="ArrivalNs">Scheduled arrival.</param>
/// <param name="LaunchNs">When fork returned in the launcher.</param>
/// <param name="StartNs">When the burner's main() began (its own clock).</param>
/// <param name="EndNs">When the burner finished its last phase (its own clock).</param>
/// <param name="ReapedNs">When the launcher reaped it.</param>
/// <param name="CpuNs">CPU time of its phases (process CPU clock, main() to end).</param>
/// <param name="StartupCpuNs">CPU time before its main(): fork, exec, loading.</param>
/// <param name="RusageCpuNs">wait4's user + system time of the whole process.</param>
/// <param name="ExitStatus">Exit code, 128 + signal, or -1 when not reaped.</param>
/// <param name="PolicyAtExit">Its scheduling policy when it finished (0 = SCHED_OTHER, 1 = FIFO, 2 = RR), -1 unknown.</param>
internal readonly record struct LaunchRecord(int Index, int Function, int Pid, long ArrivalNs, long LaunchNs, long StartNs, long EndNs,
    long ReapedNs, long CpuNs, long StartupCpuNs, long RusageCpuNs, int ExitStatus, int PolicyAtExit)
{
    /// <summary>The CSV header alps-launch writes, field for field this record.</summary>
    public const string Header = "index,function,pid,arrival_ns,launch_ns,start_ns,end_ns,reaped_ns,cpu_ns,startup_cpu_ns,rusage_cpu_ns,exit_status,policy_at_exit";

    /// <summary>The invocation ran every phase, reported, and exited 0.</summary>
    public bool Completed => ExitStatus == 0 && EndNs >= 0;

    /// <summary>Arrival to the end of its last phase (what the simulator calls completion).</summary>
    public long CompletionNs => EndNs - ArrivalNs;

    /// <summary>Parses alps-launch's CSV; <paramref name="file"/> names the source in errors, which give the line and field.</summary>
    /// <exception cref="BenchException">A malformed file: the message names file, line, field, value and what was expected.</exception>
    public static List<LaunchRecord> Parse(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] lines = text.Split('\n');
        if (lines.Length == 0 || lines[0].TrimEnd('\r') != Header)
        {
            throw new BenchException($"{file}:1: expected the header '{Header}'");
        }
        string[] names = Header.Split(',');
        var records = new List<LaunchRecord>(lines.Length);
        var v = new long[names.Length];
        for (int n = 1; n < lines.Length; n++)
        {
            string line = lines[n].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }
            string[] fields = line.Split(',');
            if (fields.Length != names.Length)
            {
                throw new BenchException($"{file}:{n + 1}: {fields.Length} fields, expected {names.Length} ({Header})");
            }
            for (int f = 0; f < fields.Length; f++)
            {
                if (!long.TryParse(fields[f], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out v[f]) || v[f] < -1)
                {
                    throw new BenchException($"{file}:{n + 1}: field {names[f]} '{fields[f]}' is not valid: expected an integer >= -1");
                }
            }
            if (v[0] != records.Count)
            {
                throw new BenchException($"{file}:{n + 1}: field index '{fields[0]}' is not valid: expected {records.Count} (rows in index order)");
            }
            for (int f = 1; f < fields.Length; f++)
            {
                if ((f is 1 or 2 or 11 or 12) && v[f] > int.MaxValue)
                {
                    throw new BenchException($"{file}:{n + 1}: field {names[f]} '{fields[f]}' is not valid: expected at most {int.MaxValue}");
                }
            }
            records.Add(new LaunchRecord((int)v[0], (int)v[1], (int)v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], (int)v[11], (int)v[12]));
        }
        return records;
    }
}
