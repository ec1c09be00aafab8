using System.CommandLine;
using System.Globalization;
using AlpsGhost.Bench.Matrix;
using AlpsGhost.Bench.Real;
using AlpsGhost.Workloads;
using Spectre.Console;

namespace AlpsGhost.Bench;

/// <summary><c>calibrate</c>: real threads against the simulated fair class (<c>real</c>, real processes, is <see cref="RealMatrixCommand"/>).</summary>
internal static class RealCommands
{
    /// <summary>The calibration workload shipped beside the executable.</summary>
    public const string DefaultCalibrationWorkload = "calibration-workload.json";

    private static readonly CultureInfo s_ci = CultureInfo.InvariantCulture;

    /// <summary><c>alps-bench calibrate [--workload FILE] [--cpus N] [--seed S] [--duration-s D] [--utilization U]</c>.</summary>
    public static Command Calibrate(TextWriter output, TextWriter errors)
    {
        var workload = new Option<string?>("--workload") { Description = "Workload file or bench/workloads name. Default: the shipped calibration workload (short 5 ms, long 60 ms and I/O functions, 20 s at 60 % of the CPUs)." };
        var cpus = new Option<int>("--cpus") { Description = "CPUs for both the real threads (pinned) and the simulated machine.", DefaultValueFactory = _ => 2 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the workload.", DefaultValueFactory = _ => 1 };
        var duration = new Option<double?>("--duration-s") { Description = "Override the workload's duration in seconds (wall time of the real run is about this)." };
        var utilization = new Option<double?>("--utilization") { Description = "Override the workload's target utilization (0 < u <= 1.5)." };
        var noProbe = new Option<bool>("--no-ctxswitch") { Description = "Skip the context-switch probe (bench/calibration/ctxswitch.c)." };
        var command = new Command("calibrate", "Run a small CPU + I/O workload as real threads on this kernel and on the simulated fair class (cfs) with the same CPUs, and report the simulator's error per group.")
        {
            workload, cpus, seed, duration, utilization, noProbe,
        };
        command.SetAction(parse => Guard("calibrate", errors, () =>
        {
            Workload w = Load(parse.GetValue(workload), parse.GetValue(cpus), parse.GetValue(seed), parse.GetValue(duration), parse.GetValue(utilization));
            output.WriteLine(string.Format(s_ci, "alps-bench calibrate: {0} invocations of '{1}' over {2:F1} s on {3} CPUs, real threads then simulated cfs",
                w.Invocations.Count, w.Name, w.EffectiveDurationNs / 1e9, parse.GetValue(cpus)));
            (List<Calibration.Row> rows, RealRunResult real, _) = Calibration.Run(w, parse.GetValue(cpus), errors);
            WriteCalibrationTable(output, rows);
            foreach (string note in real.Report.Notes)
            {
                output.WriteLine("note: " + note);
            }
            if (!parse.GetValue(noProbe))
            {
                foreach (string line in Calibration.MeasureContextSwitch(real.CpuSet.Count))
                {
                    output.WriteLine(line);
                }
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>Loads a workload for a real run: a name, a path, or (null) the shipped calibration workload.</summary>
    public static Workload Load(string? nameOrPath, int cpus, ulong seed, double? durationS, double? utilization)
    {
        if (cpus is < 1 or > 1024)
        {
            throw new BenchException($"--cpus {cpus} is not valid: expected 1..1024");
        }
        if (durationS is double d && !(d > 0 && d <= 3600))
        {
            throw new BenchException($"--duration-s {d} is not valid: expected 0 < seconds <= 3600");
        }
        if (utilization is double u && !(u > 0 && u <= WorkloadFile.MaxUtilization))
        {
            throw new BenchException($"--utilization {u} is not valid: expected 0 < u <= {WorkloadFile.MaxUtilization}");
        }
        string path = nameOrPath is null ? Path.Combine(AppContext.BaseDirectory, DefaultCalibrationWorkload) : WorkloadLocator.Resolve(nameOrPath).FullName;
        try
        {
            return WorkloadFile.Load(path, new WorkloadOverrides
            {
                CpuCount = cpus,
                Seed = seed,
                Utilization = utilization,
                DurationNs = durationS is double s ? (long)(s * 1e9) : null,
            });
        }
        catch (WorkloadFileException e)
        {
            throw new BenchException(e.Message);
        }
    }

    private static void WriteCalibrationTable(TextWriter output, List<Calibration.Row> rows)
    {
        var table = new Table().Title("FCT (ms), simulated cfs vs real threads; error = (sim - real) / real");
        foreach (string c in new[] { "group", "count", "real mean", "sim mean", "mean error", "real p99", "sim p99", "p99 error" })
        {
            table.AddColumn(new TableColumn(c).RightAligned());
        }
        foreach (Calibration.Row r in rows)
        {
            table.AddRow(r.Group, r.Real.Completed.ToString(s_ci), F(r.Real.MeanMs), F(r.Sim.MeanMs), Pct(r.MeanErrorPercent), F(r.Real.P99Ms), F(r.Sim.P99Ms), Pct(r.P99ErrorPercent));
        }
        IAnsiConsole console = Console(output);
        // Redirected output has no terminal width; wide enough that the numbers never wrap.
        console.Profile.Width = Math.Max(console.Profile.Width, 120);
        console.Write(table);
    }

    private static string F(double v) => v.ToString("F2", s_ci);

    private static string Pct(double v) => double.IsFinite(v) ? v.ToString("+0.0;-0.0;0.0", s_ci) + " %" : "n/a";

    /// <summary>A Spectre console over <paramref name="output"/>: colours only on a terminal.</summary>
    public static IAnsiConsole Console(TextWriter output) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(output),
        Ansi = output == System.Console.Out && !System.Console.IsOutputRedirected ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = ColorSystemSupport.Detect,
    });

    private static int Guard(string command, TextWriter errors, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (BenchException e)
        {
            errors.WriteLine($"alps-bench {command}: " + e.Message);
            return ExitCodes.Usage;
        }
        catch (ArgumentOutOfRangeException e)
        {
            errors.WriteLine($"alps-bench {command}: " + e.Message);
            return ExitCodes.Usage;
        }
    }
}
