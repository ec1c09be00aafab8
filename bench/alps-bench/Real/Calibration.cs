using System.Diagnostics;
using System.Globalization;
using AlpsGhost.Bench.Matrix;
using AlpsGhost.Cli;
using AlpsGhost.Kernel;
using AlpsGhost.Workloads;
using AlpsGhost.Runs.Reporting;
using AlpsGhost.Runs;

namespace AlpsGhost.Bench.Real;

/// <summary>Compares the simulated fair class (each model) with real threads on this kernel for one workload, and measures the host's costs.</summary>
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

    /// <summary>Runs <paramref name="workload"/> for real once, then on the simulated fair class with the same CPU count under each of <paramref name="models"/>.</summary>
    public static (List<(FairClassModel Model, List<Row> Rows)> Tables, RealRunResult Real) Run(
        Workload workload, int cpus, IReadOnlyList<FairClassModel> models, HostCostProfile? costs, TextWriter log)
    {
        RealRunResult real = RealRunner.Run(workload, cpus, ghostEnclave: null, log);
        int simCpus = real.CpuSet.Count;
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
        var tables = new List<(FairClassModel, List<Row>)>(models.Count);
        foreach (FairClassModel model in models)
        {
            var request = new RunRequest(PolicyCatalog.Config(PolicyNames.Cfs, "queue-wakeup"), "sim", null, simCpus, workload.Seed, null,
                FairClass: model, HostCosts: costs?.ForThreads()); // the real side runs threads, not processes
            RunReport sim = SimulationRun.Run(workload, request, log);
            List<GroupResult> s = GroupResult.Of(sim.Records, groupOf, groups, sim.SpanNs);
            var rows = new List<Row>(r.Count);
            for (int i = 0; i < r.Count; i++)
            {
                rows.Add(new Row(r[i].Group, r[i].Summary, s[i].Summary));
            }
            tables.Add((model, rows));
        }
        return (tables, real);
    }

    /// <summary>
    /// Compiles and runs bench/calibration/hostcosts.c (needs gcc) on CPUs 0 and 1 (or 0 alone): the measured
    /// profile, or null and why not. Probe lines and its notes go to <paramref name="lines"/>.
    /// </summary>
    public static HostCostProfile? MeasureHostCosts(int cpus, string command, List<string> lines)
    {
        string? source = FindProbeSource();
        if (source is null)
        {
            lines.Add("host-cost probe: bench/calibration/hostcosts.c not found");
            return null;
        }
        string dir = Path.Combine(Path.GetTempPath(), "alps-bench-costs-" + Environment.ProcessId.ToString(s_ci));
        Directory.CreateDirectory(dir);
        try
        {
            string exe = Path.Combine(dir, "hostcosts");
            (int rc, string text, string err) = Exec("gcc", ["-O2", "-pthread", "-o", exe, source]);
            if (rc != 0)
            {
                lines.Add(rc == -1 ? "host-cost probe: gcc not found, skipped" : "host-cost probe: gcc failed: " + (text + err).Trim());
                return null;
            }
            double[] loadBefore = LoadAverage();
            (rc, text, err) = Exec(exe, cpus >= 2 ? ["0", "1"] : ["0", "0"]);
            if (rc != 0)
            {
                lines.Add("host-cost probe failed: " + (text + err).Trim());
                return null;
            }
            var costs = new Dictionary<string, HostCost>(StringComparer.Ordinal);
            foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                string[] f = line.Split(' ');
                if (f.Length == 4 && long.TryParse(f[1], NumberStyles.Integer, s_ci, out long v) && int.TryParse(f[2], NumberStyles.Integer, s_ci, out int n))
                {
                    lines.Add(string.Format(s_ci, "measured {0} = {1} ns ({2}, {3} samples)", f[0], v, f[3], n));
                    if (v >= 0)
                    {
                        costs[f[0]] = new HostCost(v, n, f[3]);
                    }
                }
            }
            foreach (string note in err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                lines.Add("probe: " + note);
            }
            foreach (string name in HostCostProfile.Names)
            {
                if (!costs.ContainsKey(name))
                {
                    lines.Add($"host-cost probe: {name} was not measured (see the probe's notes above); no profile written");
                    return null;
                }
            }
            double[] loadAfter = LoadAverage();
            double[] load = [Math.Max(loadBefore[0], loadAfter[0]), Math.Max(loadBefore[1], loadAfter[1]), Math.Max(loadBefore[2], loadAfter[2])];
            return new HostCostProfile(MachineName(), ReadTrimmed("/proc/sys/kernel/osrelease") ?? "unknown", Environment.ProcessorCount,
                DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", s_ci), load, command, costs);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>/proc/loadavg's 1, 5 and 15 minute figures (zeros where it cannot be read).</summary>
    public static double[] LoadAverage()
    {
        double[] load = ProcFiles.LoadAverages();
        for (int i = 0; i < load.Length; i++)
        {
            load[i] = double.IsNaN(load[i]) ? 0 : load[i];
        }
        return load;
    }

    private static string MachineName()
    {
        string model = ProcFiles.CpuModel() ?? "unknown CPU";
        string vm = ReadTrimmed("/sys/class/dmi/id/product_name") ?? (File.Exists("/proc/device-tree/model") ? "device tree" : "no DMI (e.g. Firecracker)");
        return $"{Environment.MachineName}: {Environment.ProcessorCount} x {model}, {vm}";
    }

    private static string? ReadTrimmed(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? FindProbeSource()
    {
        string beside = Path.Combine(AppContext.BaseDirectory, "calibration", "hostcosts.c");
        if (File.Exists(beside))
        {
            return beside;
        }
        DirectoryInfo? workloads = WorkloadLocator.FindWorkloadsFolder();
        string? inRepo = workloads is null ? null : Path.Combine(workloads.Parent!.FullName, "calibration", "hostcosts.c");
        return inRepo is not null && File.Exists(inRepo) ? inRepo : null;
    }

    // Exit code -1: the program does not exist.
    private static (int ExitCode, string Output, string Errors) Exec(string file, string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }
        try
        {
            using Process p = Process.Start(info)!;
            Task<string> errors = p.StandardError.ReadToEndAsync();
            string output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, output, errors.Result);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, "", "");
        }
    }
}
