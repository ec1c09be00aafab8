using System.Diagnostics;
using System.Globalization;
using AlpsGhost.Bench.Matrix;
using AlpsGhost.Cli;
using AlpsGhost.Cli.Reporting;
using AlpsGhost.Kernel;
using AlpsGhost.Workloads;

namespace AlpsGhost.Bench.Real;

/// <summary>Compares the simulated fair class with real threads on this kernel for one workload.</summary>
internal static class Calibration
{
    private static readonly CultureInfo s_ci = CultureInfo.InvariantCulture;

    /// <summary>Per-group comparison: simulated and real mean and p99 completion time, and the errors in %.</summary>
    /// <param name="Group">Function group (<c>all</c> = every invocation).</param>
    /// <param name="Real">Real threads.</param>
    /// <param name="Sim">Simulated fair class.</param>
    internal sealed record Row(string Group, LatencySummary Real, LatencySummary Sim)
    {
        /// <summary>(sim - real) / real of the mean, %.</summary>
        public double MeanErrorPercent => (Sim.MeanMs - Real.MeanMs) / Real.MeanMs * 100;
        /// <summary>(sim - real) / real of the p99, %.</summary>
        public double P99ErrorPercent => (Sim.P99Ms - Real.P99Ms) / Real.P99Ms * 100;
    }

    /// <summary>Runs <paramref name="workload"/> for real and on the simulated fair class with the same CPU count.</summary>
    public static (List<Row> Rows, RealRunResult Real, RunReport Sim) Run(Workload workload, int cpus, TextWriter log)
    {
        RealRunResult real = RealRunner.Run(workload, cpus, ghostEnclave: null, log);
        int simCpus = real.CpuSet.Count;
        var request = new RunRequest(PolicyCatalog.Config(PolicyNames.Cfs, "queue-wakeup"), "sim", null, simCpus, workload.Seed, null);
        RunReport sim = SimulationRun.Run(workload, request, log);
        var groupOf = new string[workload.Functions.Count];
        var groups = new List<string>();
        foreach (FunctionSpec f in workload.Functions)
        {
            groupOf[f.Id] = f.Group;
            if (!groups.Contains(f.Group))
            {
                groups.Add(f.Group);
            }
        }
        List<GroupResult> r = GroupResult.Of(real.Report.Records, groupOf, groups, real.Report.SpanNs);
        List<GroupResult> s = GroupResult.Of(sim.Records, groupOf, groups, sim.SpanNs);
        var rows = new List<Row>(r.Count);
        for (int i = 0; i < r.Count; i++)
        {
            rows.Add(new Row(r[i].Group, r[i].Summary, s[i].Summary));
        }
        return (rows, real, sim);
    }

    /// <summary>Compiles and runs bench/calibration/ctxswitch.c if gcc is present; one line per measurement, or why not.</summary>
    public static List<string> MeasureContextSwitch(int cpus)
    {
        string? source = FindProbeSource();
        if (source is null)
        {
            return ["context-switch probe: bench/calibration/ctxswitch.c not found"];
        }
        string dir = Path.Combine(Path.GetTempPath(), "alps-bench-ctx-" + Environment.ProcessId.ToString(s_ci));
        Directory.CreateDirectory(dir);
        try
        {
            string exe = Path.Combine(dir, "ctxswitch");
            (int rc, string text) = Exec("gcc", ["-O2", "-o", exe, source]);
            if (rc != 0)
            {
                return [rc == -1 ? "context-switch probe: gcc not found, skipped" : "context-switch probe: gcc failed: " + text.Trim()];
            }
            var lines = new List<string>();
            (rc, text) = Exec(exe, ["1"]);
            lines.Add(rc == 0 ? "measured " + text.Trim() : "context-switch probe failed: " + text.Trim());
            if (cpus >= 2)
            {
                (rc, text) = Exec(exe, ["0"]);
                lines.Add(rc == 0 ? "measured " + text.Trim() : "context-switch probe (cross CPU) failed: " + text.Trim());
            }
            lines.Add(string.Format(s_ci, "simulator default: {0} ns per context switch (SimulationCosts.ContextSwitchNs, docs/simulator.md)", SimulationCosts.Default.ContextSwitchNs));
            return lines;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string? FindProbeSource()
    {
        string beside = Path.Combine(AppContext.BaseDirectory, "calibration", "ctxswitch.c");
        if (File.Exists(beside))
        {
            return beside;
        }
        DirectoryInfo? workloads = WorkloadLocator.FindWorkloadsFolder();
        string? inRepo = workloads is null ? null : Path.Combine(workloads.Parent!.FullName, "calibration", "ctxswitch.c");
        return inRepo is not null && File.Exists(inRepo) ? inRepo : null;
    }

    // Exit code -1: the program does not exist.
    private static (int ExitCode, string Output) Exec(string file, string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }
        try
        {
            using Process p = Process.Start(info)!;
            string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, "");
        }
    }
}
