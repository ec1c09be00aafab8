using System.CommandLine;
using System.Diagnostics;
using AlpsGhost.Bench.Matrix;
using AlpsGhost.Bench.Output;
using AlpsGhost.Ghost;
using Spectre.Console;

namespace AlpsGhost.Bench;

/// <summary>The <c>alps-bench</c> command line: <c>run</c>, <c>calibrate</c>, <c>real</c> and <c>faults</c>.</summary>
internal static class BenchCommandLine
{
    /// <summary>The root command writing to <paramref name="output"/> and <paramref name="errors"/>; <paramref name="fancy"/> enables Spectre progress bars.</summary>
    public static RootCommand Build(TextWriter output, TextWriter errors, bool fancy)
    {
        var root = new RootCommand(
            "alps-bench: workload x policy studies of alps-ghost on the simulated ghOSt kernel and as real processes on this kernel, and calibration against real threads.\n" +
            "Exit codes: 0 ok, 1 failure, 2 bad input (the message names the flag and value).")
        {
            RunCommand(output, errors, fancy),
            RealCommands.Calibrate(output, errors),
            RealMatrixCommand.Create(output, errors),
            // The same fault-injection scenarios as `alps-ghost-agent faults` (one implementation, two entry points).
            AlpsGhost.Cli.Faults.FaultsCommand.Create(output, errors),
        };
        return root;
    }

    private static Command RunCommand(TextWriter output, TextWriter errors, bool fancy)
    {
        var workloads = new Option<string>("--workloads") { Description = "Comma-separated workload names (bench/workloads/<name>.json) or file paths.", Required = true };
        var policies = new Option<string>("--policies") { Description = "Comma-separated policies: " + string.Join(", ", PolicyCatalog.Accepted) + ".", Required = true };
        var seeds = new Option<string>("--seeds") { Description = "Comma-separated seeds; every policy runs the same seeds.", DefaultValueFactory = _ => "1" };
        var cpus = new Option<int>("--cpus") { Description = "CPUs of the simulated machine.", DefaultValueFactory = _ => 2 };
        var outDir = new Option<DirectoryInfo>("--out") { Description = "Folder for results.json, report.md and the PNG plots (created).", Required = true };
        var agentMode = new Option<string>("--agent-mode") { Description = "'spinning', 'queue-wakeup', 'adaptive', or 'auto' (the default mode, measured best at 2, 16 and 56 CPUs: docs/alps-evaluation.md).", DefaultValueFactory = _ => "auto" };
        agentMode.AcceptOnlyFromAmong([.. AgentModes.Names, "auto"]);
        var utilization = new Option<double?>("--utilization") { Description = "Override every workload's target CPU utilization (0 < u <= 1.5)." };
        var noPlots = new Option<bool>("--no-plots") { Description = "Skip the PNG plots." };
        var config = new Option<FileInfo?>("--config") { Description = "Enclave config file (enclave-config/ schema) every policy starts from, e.g. for an ablation; --policies and --agent-mode still override its policy name and agent mode. Default: the built-in defaults (enclave-config/all.json)." };
        var fairClass = new Option<string>("--fair-class")
        {
            Description = "Fair-class model of the simulated kernel: '" + AlpsGhost.Kernel.FairClassNames.Cfs511 + "' (Linux 5.11 CFS, the ghOSt host) or '" + AlpsGhost.Kernel.FairClassNames.Eevdf + "' (Linux 6.6+ EEVDF, a stock host).",
            DefaultValueFactory = _ => AlpsGhost.Kernel.FairClassNames.Cfs511,
        };
        var costs = new Option<FileInfo?>("--costs") { Description = "Host cost profile (JSON, written by `alps-bench calibrate --costs-out`) whose measured costs replace the defaults they cover." };
        var command = new Command("run", "Run every workload under every policy with every seed on the simulated kernel (in parallel) and write results.json, report.md and plots.")
        {
            workloads, policies, seeds, cpus, outDir, agentMode, utilization, noPlots, config, fairClass, costs,
        };
        command.SetAction(parse =>
        {
            try
            {
                var spec = new MatrixSpec(
                    SplitList(parse.GetValue(workloads)!, "--workloads"),
                    SplitList(parse.GetValue(policies)!, "--policies"),
                    ParseSeeds(parse.GetValue(seeds)!),
                    parse.GetValue(cpus),
                    parse.GetValue(agentMode)!,
                    parse.GetValue(utilization),
                    parse.GetValue(config)?.FullName,
                    ParseFairClass(parse.GetValue(fairClass)!),
                    MatrixSpec.LoadCosts(parse.GetValue(costs)?.FullName));
                foreach (string p in spec.Policies)
                {
                    PolicyCatalog.Check(p);
                }
                return RunMatrix(spec, parse.GetValue(outDir)!, !parse.GetValue(noPlots), output, fancy);
            }
            catch (BenchException e)
            {
                errors.WriteLine("alps-bench run: " + e.Message);
                return ExitCodes.Usage;
            }
        });
        return command;
    }

    /// <summary>Runs the matrix and writes the outputs; returns the exit code.</summary>
    public static int RunMatrix(MatrixSpec spec, DirectoryInfo outDir, bool plots, TextWriter output, bool fancy)
    {
        List<MatrixRunner.Cell> cells = MatrixRunner.Plan(spec);
        Directory.CreateDirectory(outDir.FullName);
        string logs = Path.Combine(outDir.FullName, "logs");
        Directory.CreateDirectory(logs);
        var clock = Stopwatch.StartNew();
        int total = MatrixRunner.Count(spec);
        string mode = MatrixSpec.ResolveAgentMode(spec.AgentMode);
        output.WriteLine($"alps-bench: {total} runs ({spec.Workloads.Count} workloads x {spec.Policies.Count} policies x {spec.Seeds.Count} seeds) on {spec.Cpus} simulated CPUs, agent mode {mode}, {Environment.ProcessorCount} in parallel");
        List<CaseResult> results;
        if (fancy)
        {
            List<CaseResult>? done = null;
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    ProgressTask task = ctx.AddTask("simulating", maxValue: total);
                    done = MatrixRunner.Run(spec, cells, logs, _ => task.Increment(1));
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
            });
        }
        File.WriteAllText(Path.Combine(outDir.FullName, "results.json"), ResultsJson.Write(results));
        Dictionary<string, List<string>> files = plots ? Plots.WriteAll(results, spec.Policies, outDir.FullName) : [];
        string report = MarkdownReport.Write(spec, results, files);
        File.WriteAllText(Path.Combine(outDir.FullName, "report.md"), report);
        if (Directory.GetFileSystemEntries(logs).Length == 0)
        {
            Directory.Delete(logs);
        }
        output.WriteLine($"alps-bench: wrote {Path.Combine(outDir.FullName, "results.json")}, report.md and {files.Values.Sum(f => f.Count)} plots in {clock.Elapsed.TotalSeconds:F1} s");
        return ExitCodes.Ok;
    }

    /// <summary>Parses <c>--fair-class NAME</c> (bad input: the accepted names).</summary>
    public static AlpsGhost.Kernel.FairClassModel ParseFairClass(string name) =>
        AlpsGhost.Kernel.FairClassNames.TryParse(name, out AlpsGhost.Kernel.FairClassModel model)
            ? model
            : throw new BenchException($"--fair-class '{name}' is not valid: expected {string.Join(" or ", AlpsGhost.Kernel.FairClassNames.All)}");

    /// <summary>Splits a comma-separated flag value, rejecting empty items.</summary>
    public static List<string> SplitList(string value, string flag)
    {
        var items = new List<string>();
        foreach (string part in value.Split(','))
        {
            string item = part.Trim();
            if (item.Length == 0)
            {
                throw new BenchException($"{flag} '{value}' has an empty item: expected a comma-separated list such as a,b");
            }
            items.Add(item);
        }
        return items;
    }

    /// <summary>Parses <c>--seeds 1,2,3</c>.</summary>
    public static List<ulong> ParseSeeds(string value)
    {
        var seeds = new List<ulong>();
        foreach (string item in SplitList(value, "--seeds"))
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
