using System.CommandLine;
using System.Diagnostics;
using AlpsGhost.Bench.Matrix;
using AlpsGhost.Bench.Output;
using AlpsGhost.Ghost;
using AlpsGhost.Cli.Grammar;
using Spectre.Console;
using AlpsGhost.Runs;

namespace AlpsGhost.Bench;

/// <summary>The <c>alps-bench</c> command line: <c>run</c>, <c>calibrate</c>, <c>real</c> and <c>faults</c>.</summary>
internal static class BenchCommandLine
{
    /// <summary>The root command writing to <paramref name="output"/> and <paramref name="errors"/>; <paramref name="fancy"/> enables Spectre progress bars.</summary>
    public static RootCommand Build(TextWriter output, TextWriter errors, bool fancy, CancellationToken cancel = default)
    {
        var root = new RootCommand(
            "alps-bench: workload x policy studies of alps-ghost on the simulated ghOSt kernel and as real processes on this kernel, and calibration against real threads.\n" +
            "Exit codes: 0 ok, 1 failure, 2 bad input (the message names the flag and value).")
        {
            RunCommand(output, errors, fancy, cancel),
            RealCommands.Calibrate(output, errors),
            RealMatrixCommand.Create(output, errors),
            PredictCommand.Create(output, errors),
            // The same fault-injection scenarios as `alps-ghost-agent faults` (one implementation, two entry points).
            AlpsGhost.Cli.Faults.FaultsCommand.Create(output, errors),
        };
        return root;
    }

    /// <summary>Runs <c>alps-bench args</c> with the shared grammar (one-line parse errors, exit 2).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter errors, bool fancy, CancellationToken cancel = default) =>
        CliRunner.Run(Build(output, errors, fancy, cancel), args, output, errors, "alps-bench");

    private static Command RunCommand(TextWriter output, TextWriter errors, bool fancy, CancellationToken cancel)
    {
        var workloads = CliOptions.List("--workloads", "Workload names (bench/workloads/<name>.json) or file paths.", required: true);
        var policies = CliOptions.List("--policies", "Policies: " + string.Join(", ", PolicyCatalog.Accepted) + ".", required: true);
        var seeds = CliOptions.List("--seeds", "Seeds (non-negative integers); every policy runs the same seeds. Default: 1.");
        var cpus = CliOptions.Cpus("CPUs of the simulated machine.", 2);
        var outDir = new Option<DirectoryInfo>("--out") { Description = "Folder for report.md, results.json, results.csv and the PNG plots (created; an existing file there is refused).", Required = true };
        var agentMode = new Option<string>("--agent-mode") { Description = "'spinning', 'queue-wakeup', 'adaptive', or 'auto' (the default mode, measured best at 2, 16 and 56 CPUs: docs/alps-evaluation.md).", DefaultValueFactory = _ => "auto" };
        agentMode.AcceptOnlyFromAmong([.. AgentModes.Names, "auto"]);
        var utilization = CliOptions.Utilization("Override every workload's target CPU utilization.");
        var noPlots = new Option<bool>("--no-plots") { Description = "Skip the PNG plots." };
        var config = new Option<FileInfo?>("--config") { Description = "Enclave config file (enclave-config/ schema) every policy starts from, e.g. for an ablation; --policies and --agent-mode still override its policy name and agent mode. Default: the built-in defaults (enclave-config/all.json)." };
        var fairClass = new Option<string>("--fair-class")
        {
            Description = "Fair-class model of the simulated kernel: '" + AlpsGhost.Kernel.FairClassNames.Cfs511 + "' (Linux 5.11 CFS, the ghOSt host) or '" + AlpsGhost.Kernel.FairClassNames.Eevdf + "' (Linux 6.6+ EEVDF, a stock host).",
            DefaultValueFactory = _ => AlpsGhost.Kernel.FairClassNames.Cfs511,
        };
        var costs = new Option<FileInfo?>("--costs") { Description = "Host cost profile (JSON, written by `alps-bench calibrate --costs-out`) whose measured costs replace the defaults they cover." };
        var format = CliOptions.Output(CliOptions.Table, CliOptions.Json, CliOptions.Csv);
        format.Description = "'table' prints progress on stdout; 'json' and 'csv' print results.json or results.csv on stdout once the runs are done (progress on stderr). The files in --out are written either way.";
        var host = new Option<string>("--host")
        {
            Description = "The host the simulated kernel models: 'ghost' (default: the ghOSt agent over an enclave) or 'linux' (the stock-Linux backend of `alps-ghost-agent --kernel linux`, with alps-bench real's process starts).",
            DefaultValueFactory = _ => AlpsGhost.Runs.RunRequest.GhostHost,
        };
        host.AcceptOnlyFromAmong(AlpsGhost.Runs.RunRequest.GhostHost, AlpsGhost.Runs.RunRequest.LinuxHost);
        var duration = new Option<double?>("--duration-s") { Description = "Override every workload's duration in seconds." };
        var command = new Command("run", "Run every workload under every policy with every seed on the simulated kernel (in parallel) and write results.json, report.md and plots.")
        {
            workloads, policies, seeds, cpus, outDir, agentMode, utilization, noPlots, config, fairClass, costs, host, duration, format,
        };
        command.SetAction(parse =>
        {
            try
            {
                List<string> seedItems = CliOptions.Items(parse.GetValue(seeds));
                var spec = new MatrixSpec(
                    CliOptions.Items(parse.GetValue(workloads)),
                    CliOptions.Items(parse.GetValue(policies)),
                    ParseSeeds(seedItems.Count == 0 ? ["1"] : seedItems),
                    parse.GetValue(cpus),
                    parse.GetValue(agentMode)!,
                    parse.GetValue(utilization),
                    parse.GetValue(config)?.FullName,
                    ParseFairClass(parse.GetValue(fairClass)!),
                    MatrixSpec.LoadCosts(parse.GetValue(costs)?.FullName),
                    parse.GetValue(duration),
                    parse.GetValue(host)!);
                foreach (string p in spec.Policies)
                {
                    PolicyCatalog.Check(p);
                }
                OutputFolder.Check(parse.GetValue(outDir)!);
                var provenance = Provenance.Capture(ArgsOf(parse));
                string chosen = parse.GetValue(format)!;
                // Spectre's progress bars draw on stdout: only with the table format.
                int rc = RunMatrix(spec, parse.GetValue(outDir)!, !parse.GetValue(noPlots), ResultsEcho.ProgressWriter(chosen, output, errors),
                    fancy && chosen == CliOptions.Table, provenance, cancel, errors);
                ResultsEcho.Print(chosen, parse.GetValue(outDir)!, output);
                return rc;
            }
            catch (BenchException e)
            {
                errors.WriteLine("alps-bench run: " + e.Message);
                return ExitCodes.Usage;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Writing the outputs failed after the runs (disk full, folder removed meanwhile): not bad input.
                errors.WriteLine($"alps-bench run: cannot write the outputs to --out '{parse.GetValue(outDir)!.FullName}': {e.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    /// <summary>Runs the matrix and writes the outputs; returns the exit code (130 when SIGINT cut it short).</summary>
    public static int RunMatrix(MatrixSpec spec, DirectoryInfo outDir, bool plots, TextWriter output, bool fancy,
        Provenance? provenance = null, CancellationToken cancel = default, TextWriter? errors = null)
    {
        List<MatrixRunner.Cell> cells = MatrixRunner.Plan(spec);
        OutputFolder.Create(outDir);
        string logs = Path.Combine(outDir.FullName, "logs");
        Directory.CreateDirectory(logs);
        var clock = Stopwatch.StartNew();
        int total = MatrixRunner.Count(spec);
        string mode = MatrixSpec.ResolveAgentMode(spec.AgentMode);
        output.WriteLine($"alps-bench: {total} runs ({spec.Workloads.Count} workloads x {spec.Policies.Count} policies x {spec.Seeds.Count} seeds) on {spec.Cpus} simulated CPUs, agent mode {mode}, {Environment.ProcessorCount} in parallel");
        List<CaseResult> results;
        // Plots draw every run's distribution; without them only the first-invocation split reads records, so the
        // other runs drop theirs once summarised (a 56-CPU matrix would otherwise hold every invocation of every run).
        Func<string, bool> keepRecords = plots ? _ => true : MarkdownReport.ReadsRecordsOf(spec.Policies);
        if (fancy)
        {
            List<CaseResult>? done = null;
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    ProgressTask task = ctx.AddTask("simulating", maxValue: total);
                    done = MatrixRunner.Run(spec, cells, logs, _ => task.Increment(1), cancel, keepRecords);
                });
            results = done!;
        }
        else
        {
            int finished = 0;
            results = MatrixRunner.Run(spec, cells, logs, label =>
            {
                int n = Interlocked.Increment(ref finished);
                lock (output)
                {
                    output.WriteLine($"[{n}/{total}] {label}");
                }
            }, cancel, keepRecords);
        }
        var completeness = new MatrixCompleteness(total, results);
        File.WriteAllText(Path.Combine(outDir.FullName, "results.json"), ResultsJson.Write(results, provenance));
        File.WriteAllText(Path.Combine(outDir.FullName, "results.csv"), ResultsCsv.Write(results));
        Dictionary<string, List<string>> files = plots && results.Count > 0 ? Plots.WriteAll(results, spec.Policies, outDir.FullName) : [];
        string report = MarkdownReport.Write(spec, results, files, provenance, completeness);
        File.WriteAllText(Path.Combine(outDir.FullName, "report.md"), report);
        if (Directory.GetFileSystemEntries(logs).Length == 0)
        {
            Directory.Delete(logs);
        }
        output.WriteLine($"alps-bench: wrote {Path.Combine(outDir.FullName, "results.json")}, results.csv, report.md and {files.Values.Sum(f => f.Count)} plots in {clock.Elapsed.TotalSeconds:F1} s");
        if (completeness.Partial)
        {
            (errors ?? output).WriteLine($"alps-bench run: cancelled (SIGINT): {completeness.Describe()}; the outputs say so");
            return ExitCodes.Cancelled;
        }
        return ExitCodes.Ok;
    }

    /// <summary>Parses <c>--fair-class NAME</c> (bad input: the accepted names).</summary>
    public static AlpsGhost.Kernel.FairClassModel ParseFairClass(string name) =>
        AlpsGhost.Kernel.FairClassNames.TryParse(name, out AlpsGhost.Kernel.FairClassModel model)
            ? model
            : throw new BenchException($"--fair-class '{name}' is not valid: expected {string.Join(" or ", AlpsGhost.Kernel.FairClassNames.All)}");

    /// <summary>The command line as typed, for the provenance (the executable's name, then the arguments).</summary>
    private static IReadOnlyList<string> ArgsOf(ParseResult parse)
    {
        var args = new List<string> { "alps-bench" };
        foreach (System.CommandLine.Parsing.Token t in parse.Tokens)
        {
            args.Add(t.Value);
        }
        return args;
    }

    /// <summary>Parses <c>--seeds 1,2,3</c> (items already split).</summary>
    public static List<ulong> ParseSeeds(IReadOnlyList<string> items)
    {
        var seeds = new List<ulong>();
        foreach (string item in items)
        {
            if (!ulong.TryParse(item, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong seed))
            {
                throw new BenchException($"--seeds: '{item}' is not a seed: expected a non-negative integer");
            }
            if (seeds.Contains(seed))
            {
                throw new BenchException($"--seeds: seed {seed} is given twice");
            }
            seeds.Add(seed);
        }
        return seeds;
    }
}
