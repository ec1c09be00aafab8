using System.CommandLine;
using System.Globalization;
using AlpsGhost.Bench.Matrix;
using AlpsGhost.Bench.Real;
using AlpsGhost.Cli.Grammar;
using AlpsGhost.Kernel;
using AlpsGhost.Workloads;
using Spectre.Console;
using AlpsGhost.Runs.Reporting;

namespace AlpsGhost.Bench;

/// <summary><c>calibrate</c>: real threads against the simulated fair class (<c>real</c>, real processes, is <see cref="RealMatrixCommand"/>).</summary>
internal static class RealCommands
{
    /// <summary>The calibration workload shipped beside the executable.</summary>
    public const string DefaultCalibrationWorkload = "calibration-workload.json";

    private static readonly CultureInfo s_ci = CultureInfo.InvariantCulture;

    /// <summary><c>alps-bench calibrate [--workload FILE] [--cpus N] [--seed S] [--duration-s D] [--utilization U] [--fair-class M,...] [--costs FILE] [--costs-out FILE] [--no-probe] [--output table|json|csv]</c>.</summary>
    public static Command Calibrate(TextWriter output, TextWriter errors)
    {
        var workload = new Option<string?>("--workload") { Description = "Workload file or bench/workloads name. Default: the shipped calibration workload (short 5 ms, long 60 ms and I/O functions, 20 s at 60 % of the CPUs)." };
        var cpus = new Option<int>("--cpus") { Description = "CPUs for both the real threads (pinned) and the simulated machine.", DefaultValueFactory = _ => 2 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the workload.", DefaultValueFactory = _ => 1 };
        var duration = new Option<double?>("--duration-s") { Description = "Override the workload's duration in seconds (wall time of the real run is about this)." };
        var utilization = new Option<double?>("--utilization") { Description = "Override the workload's target utilization (0 < u <= 1.5)." };
        var fairClasses = CliOptions.List("--fair-class", "Fair-class models to simulate against the same real run: " + string.Join(", ", FairClassNames.All) + ". Default: all of them.");
        var costs = new Option<FileInfo?>("--costs") { Description = "Host cost profile the simulated runs use (default: the built-in defaults; with --costs-out, the profile just measured)." };
        var costsOut = new Option<FileInfo?>("--costs-out") { Description = "Measure this host's costs with bench/calibration/hostcosts.c (needs gcc and, for sched_setattr, root) and write them as a cost profile (JSON) here." };
        var fromReal = new Option<DirectoryInfo?>(BackendCostsFromRuns.FromRealOption) { Description = "Instead of a calibration run: measure the stock-Linux backend's costs (process start and exit, launcher, background, agent per system call) from a finished `alps-bench real` --out folder, add them to the --costs profile and write it to --costs-out." };
        var noProbe = new Option<bool>("--no-probe", "--no-ctxswitch") { Description = "Skip the host-cost probe (bench/calibration/hostcosts.c)." };
        var format = CliOptions.Output(CliOptions.Table, CliOptions.Json, CliOptions.Csv);
        format.Description = "'table' prints the run's facts and one table per fair-class model; 'json' and 'csv' print only the rows (fair class, group, real and simulated mean and p99, errors) on stdout and the facts on stderr.";
        var command = new Command("calibrate", "Run a small CPU + I/O workload as real threads on this kernel and on the simulated fair class (cfs, each fair-class model) with the same CPUs, report the simulator's error per group, and measure the host's costs.")
        {
            workload, cpus, seed, duration, utilization, fairClasses, costs, costsOut, fromReal, noProbe, format,
        };
        command.SetAction(parse => Guard("calibrate", errors, () =>
        {
            if (parse.GetValue(fromReal) is DirectoryInfo realFolder)
            {
                return WriteBackendCosts(realFolder, parse.GetValue(costs), parse.GetValue(costsOut), output);
            }
            string chosen = parse.GetValue(format)!;
            // With json or csv, stdout carries only the rows, so a pipe gets one document; the facts go to stderr.
            TextWriter facts = chosen == CliOptions.Table ? output : errors;
            Workload w = Load(parse.GetValue(workload), parse.GetValue(cpus), parse.GetValue(seed), parse.GetValue(duration), parse.GetValue(utilization));
            List<string> names = CliOptions.Items(parse.GetValue(fairClasses));
            var models = new List<FairClassModel>();
            foreach (string name in names.Count == 0 ? FairClassNames.All : (IReadOnlyList<string>)names)
            {
                models.Add(BenchCommandLine.ParseFairClass(name));
            }
            HostCostProfile? profile = MatrixSpec.LoadCosts(parse.GetValue(costs)?.FullName);
            FileInfo? outFile = parse.GetValue(costsOut);
            if (outFile is not null && parse.GetValue(noProbe))
            {
                throw new BenchException("--costs-out needs the host-cost probe: drop --no-probe");
            }
            if (!parse.GetValue(noProbe))
            {
                var lines = new List<string>();
                string commandLine = "alps-bench " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1));
                HostCostProfile? measured = Calibration.MeasureHostCosts(parse.GetValue(cpus), commandLine, lines);
                foreach (string line in lines)
                {
                    facts.WriteLine(line);
                }
                if (measured is not null && outFile is not null)
                {
                    File.WriteAllText(outFile.FullName, measured.ToJson());
                    facts.WriteLine("wrote cost profile " + outFile.FullName);
                    profile ??= measured;
                }
                else if (outFile is not null)
                {
                    throw new BenchException("--costs-out: the probe could not measure every cost (see above); nothing written");
                }
                facts.WriteLine(string.Format(s_ci, "simulator default: {0} ns per context switch (SimulationCosts.ContextSwitchNs, docs/simulator.md)", SimulationCosts.Default.ContextSwitchNs));
            }
            double[] load = Calibration.LoadAverage();
            facts.WriteLine(string.Format(s_ci, "alps-bench calibrate: {0} invocations of '{1}' over {2:F1} s on {3} CPUs, real threads then simulated cfs ({4}); load average before {5:0.##}/{6:0.##}/{7:0.##}",
                w.Invocations.Count, w.Name, w.EffectiveDurationNs / 1e9, parse.GetValue(cpus), string.Join(", ", models.Select(FairClassNames.Name)), load[0], load[1], load[2]));
            if (load[0] > 0.1 * Environment.ProcessorCount)
            {
                facts.WriteLine(string.Format(s_ci, "NOT IDLE: load average {0:0.##} on {1} CPUs before the real run; real completion times include other work's CPU use", load[0], Environment.ProcessorCount));
            }
            if (profile is not null)
            {
                facts.WriteLine("simulated with " + profile.Provenance());
            }
            (List<(FairClassModel Model, List<Calibration.Row> Rows)> tables, RealRunResult real) = Calibration.Run(w, parse.GetValue(cpus), models, profile, errors);
            switch (chosen)
            {
                case CliOptions.Json:
                    output.Write(CalibrationJson(tables, real.Report.Notes));
                    break;
                case CliOptions.Csv:
                    output.Write(CalibrationCsv(tables));
                    break;
                default:
                    foreach ((FairClassModel model, List<Calibration.Row> rows) in tables)
                    {
                        WriteCalibrationTable(output, FairClassNames.Name(model), rows);
                    }
                    break;
            }
            if (chosen != CliOptions.Json)
            {
                foreach (string note in real.Report.Notes)
                {
                    facts.WriteLine("note: " + note);
                }
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    // calibrate --costs-from-real: the --costs profile plus the stock-Linux backend's costs measured from a real matrix.
    private static int WriteBackendCosts(DirectoryInfo realFolder, FileInfo? baseProfile, FileInfo? outFile, TextWriter output)
    {
        if (baseProfile is null || outFile is null)
        {
            throw new BenchException("--costs-from-real needs --costs (the host profile to extend) and --costs-out (where to write the result)");
        }
        HostCostProfile profile = MatrixSpec.LoadCosts(baseProfile.FullName)!;
        Dictionary<string, HostCost> measured = BackendCostsFromRuns.Measure(realFolder.FullName);
        foreach (KeyValuePair<string, HostCost> kv in measured)
        {
            output.WriteLine(string.Format(s_ci, "measured {0} = {1} ns ({2}, {3} samples)", kv.Key, kv.Value.ValueNs, kv.Value.Method, kv.Value.Samples));
        }
        string command = "alps-bench " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1));
        HostCostProfile extended = profile.WithCosts(measured) with { Command = profile.Command + "; " + command };
        File.WriteAllText(outFile.FullName, extended.ToJson());
        output.WriteLine("wrote cost profile " + outFile.FullName);
        return ExitCodes.Ok;
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

    private static void WriteCalibrationTable(TextWriter output, string fairClass, List<Calibration.Row> rows)
    {
        var table = new Table().Title($"FCT (ms), simulated cfs ({fairClass}) vs real threads; error = (sim - real) / real");
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

    /// <summary>The calibration rows as JSON: <c>{"fair_classes": [{"fair_class", "rows": [...]}], "notes": [...]}</c>, times in ms.</summary>
    internal static string CalibrationJson(IReadOnlyList<(FairClassModel Model, List<Calibration.Row> Rows)> tables, IReadOnlyList<string> notes)
    {
        using var stream = new MemoryStream();
        using (var w = new System.Text.Json.Utf8JsonWriter(stream, new System.Text.Json.JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("fair_classes");
            foreach ((FairClassModel model, List<Calibration.Row> rows) in tables)
            {
                w.WriteStartObject();
                w.WriteString("fair_class", FairClassNames.Name(model));
                w.WriteStartArray("rows");
                foreach (Calibration.Row r in rows)
                {
                    w.WriteStartObject();
                    w.WriteString("group", r.Group);
                    w.WriteNumber("count", r.Real.Completed);
                    JsonNumber(w, "real_mean_ms", r.Real.MeanMs);
                    JsonNumber(w, "sim_mean_ms", r.Sim.MeanMs);
                    JsonNumber(w, "mean_error_percent", r.MeanErrorPercent);
                    JsonNumber(w, "real_p99_ms", r.Real.P99Ms);
                    JsonNumber(w, "sim_p99_ms", r.Sim.P99Ms);
                    JsonNumber(w, "p99_error_percent", r.P99ErrorPercent);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("notes");
            foreach (string note in notes)
            {
                w.WriteStringValue(note);
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    // NaN (nothing completed) is null in JSON.
    private static void JsonNumber(System.Text.Json.Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumber(name, Math.Round(value, 6));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    /// <summary>The calibration rows as CSV, one per fair class and group.</summary>
    internal static string CalibrationCsv(IReadOnlyList<(FairClassModel Model, List<Calibration.Row> Rows)> tables)
    {
        var b = new System.Text.StringBuilder("fair_class,group,count,real_mean_ms,sim_mean_ms,mean_error_percent,real_p99_ms,sim_p99_ms,p99_error_percent\n");
        foreach ((FairClassModel model, List<Calibration.Row> rows) in tables)
        {
            foreach (Calibration.Row r in rows)
            {
                b.Append(CsvText.Field(FairClassNames.Name(model))).Append(',').Append(CsvText.Field(r.Group)).Append(',').Append(r.Real.Completed.ToString(s_ci))
                    .Append(',').Append(CsvText.Number(r.Real.MeanMs)).Append(',').Append(CsvText.Number(r.Sim.MeanMs)).Append(',').Append(CsvText.Number(r.MeanErrorPercent))
                    .Append(',').Append(CsvText.Number(r.Real.P99Ms)).Append(',').Append(CsvText.Number(r.Sim.P99Ms)).Append(',').Append(CsvText.Number(r.P99ErrorPercent)).Append('\n');
            }
        }
        return b.ToString();
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
