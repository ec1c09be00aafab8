using System.Diagnostics;
using System.Globalization;
using AlpsGhost.Workloads;

namespace AlpsGhost.Bench.Real;

/// <summary>What alps-launch did with one schedule.</summary>
/// <param name="Records">One record per invocation, in schedule order.</param>
/// <param name="Summary">Its one-line summary (stdout).</param>
/// <param name="ExitCode">0 = every invocation completed; 1 = some did not (see the records).</param>
/// <param name="LauncherCpuNs">The launcher's own CPU time (from its summary), ns; 0 if unknown.</param>
internal sealed record LaunchOutcome(List<LaunchRecord> Records, string Summary, int ExitCode, long LauncherCpuNs);

/// <summary>How an invocation's process start (vfork, exec, loading) is scheduled: the stand-in for a FaaS platform
/// starting the invocation's sandbox.</summary>
public enum StartClass
{
    /// <summary>At the launcher's priority (inherited; the burner drops to SCHED_OTHER nice 0 before its work and
    /// before the agent can see it): no policy delays or speeds up the platform's part.</summary>
    Platform,

    /// <summary>In SCHED_OTHER at nice 0 from the fork on: the start competes with the invocations (and starves
    /// behind real-time tasks when a policy keeps the CPUs real-time).</summary>
    Fair,
}

/// <summary>Runs a workload's invocations as real processes with alps-launch and alps-burn (bench/launcher).</summary>
/// <remarks>The launcher runs above every task the agent may raise (SCHED_FIFO priority <see cref="LauncherFifoPriority"/>)
/// when this process may do so, else at nice -10, so arrivals stay on time; each invocation's work runs in
/// SCHED_OTHER at nice 0, and only the agent may raise it (<see cref="StartClass"/> says where its start runs).</remarks>
internal static class NativeLauncher
{
    /// <summary>Executable names, built from bench/launcher and copied beside alps-bench.</summary>
    public const string LauncherName = "alps-launch", BurnerName = "alps-burn";

    /// <summary>Above the stock-Linux agent's bands (1..40) and its own thread (41): arrivals never wait for a raised task.</summary>
    public const int LauncherFifoPriority = 50;

    /// <summary>Nice of the launcher when real-time is not permitted.</summary>
    public const int LauncherNice = -10;

    /// <summary>Path of <paramref name="name"/> beside alps-bench; a clear error if the build did not produce it.</summary>
    public static string Locate(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, name);
        if (!File.Exists(path))
        {
            throw new RealRunException($"{path} does not exist: it is built from bench/launcher by `dotnet build bench/alps-bench` (needs cmake and a C compiler)");
        }
        return path;
    }

    /// <summary>How long the launcher may run before it kills what is left (and reports it lost): four times the workload plus a minute.</summary>
    public static int TimeoutSeconds(Workload workload) => (int)Math.Min(86_400, (4 * workload.EffectiveDurationNs / 1_000_000_000L) + 60);

    /// <summary>The launcher's spelling of <paramref name="startClass"/>.</summary>
    public static string Name(StartClass startClass) => startClass == StartClass.Fair ? "fair" : "platform";

    /// <summary>Runs <paramref name="workload"/> on the first <paramref name="cpus"/> CPUs; files go to <paramref name="workDir"/>.</summary>
    public static LaunchOutcome Run(Workload workload, int cpus, string workDir, StartClass startClass = StartClass.Platform)
    {
        ArgumentNullException.ThrowIfNull(workload);
        string launcher = Locate(LauncherName), burner = Locate(BurnerName);
        Directory.CreateDirectory(workDir);
        string schedule = Path.Combine(workDir, "schedule.txt"), output = Path.Combine(workDir, "launch.csv");
        File.WriteAllText(schedule, LaunchSchedule.Write(workload));
        File.Delete(output);
        int timeout = TimeoutSeconds(workload);
        var info = new ProcessStartInfo(launcher) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { "--schedule", schedule, "--burner", burner, "--out", output, "--cpus", cpus.ToString(CultureInfo.InvariantCulture),
                     "--timeout-s", timeout.ToString(CultureInfo.InvariantCulture), "--start-class", Name(startClass) })
        {
            info.ArgumentList.Add(a);
        }
        info.ArgumentList.Add(Environment.IsPrivilegedProcess ? "--fifo-priority" : "--nice");
        info.ArgumentList.Add((Environment.IsPrivilegedProcess ? LauncherFifoPriority : LauncherNice).ToString(CultureInfo.InvariantCulture));
        using Process process = Process.Start(info) ?? throw new RealRunException($"could not start {launcher}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        // The launcher enforces its own timeout; this bound only guards against a launcher that hangs.
        if (!process.WaitForExit(TimeSpan.FromSeconds(timeout + 30)))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new RealRunException($"{launcher} did not finish within {timeout + 30} s and was killed (its invocations die with it)");
        }
        string summary = stdout.Result.Trim(), errors = stderr.Result.Trim();
        if (process.ExitCode is not (0 or 1) || !File.Exists(output))
        {
            throw new RealRunException($"{launcher} failed with exit code {process.ExitCode}: {errors}");
        }
        List<LaunchRecord> records = LaunchRecord.Parse(File.ReadAllText(output), output);
        if (records.Count != workload.Invocations.Count)
        {
            throw new RealRunException($"{output}: {records.Count} rows for {workload.Invocations.Count} invocations");
        }
        return new LaunchOutcome(records, summary, process.ExitCode, SummaryField(summary, "cpu_ns"));
    }

    /// <summary>A <c>key=value</c> integer of the launcher's summary line, 0 if absent.</summary>
    public static long SummaryField(string summary, string key)
    {
        foreach (string item in summary.Split(' '))
        {
            if (item.StartsWith(key + "=", StringComparison.Ordinal) &&
                long.TryParse(item.AsSpan(key.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long v))
            {
                return v;
            }
        }
        return 0;
    }
}
