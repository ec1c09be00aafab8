using System.CommandLine;
using AlpsGhost.Bench.Matrix;
using AlpsGhost.Bench.Output;
using AlpsGhost.Bench.Real;
using AlpsGhost.Cli.Grammar;
using AlpsGhost.Kernel;
using AlpsGhost.Runs;

namespace AlpsGhost.Bench;

/// <summary>
/// <c>alps-bench predict</c>: the simulator's prediction of a finished real matrix (<c>alps-bench real</c>'s
/// results.json), recomputed with this build's model, and its error per workload, policy and group. The real runs are
/// not repeated, so a model change is checked against the same measurements in seconds.
/// </summary>
internal static class PredictCommand
{
    /// <summary>The <c>predict</c> command.</summary>
    public static Command Create(TextWriter output, TextWriter errors)
    {
        var real = new Option<FileInfo>("--real") { Description = "results.json of a finished `alps-bench real` (its workloads, policies, seeds and CPUs are predicted).", Required = true };
        var workloads = CliOptions.List("--workloads", "The real runs' workload files, where they are not bench/workloads/<name>.json (the runs record names). Default: by name.");
        var policies = CliOptions.List("--policies", "Only these of the real runs' policies. Default: all of them.");
        var utilization = CliOptions.Utilization("The --utilization the real runs used (required if they overrode the workloads').");
        var duration = new Option<double?>("--duration-s") { Description = "The --duration-s the real runs used (required if they overrode the workloads')." };
        var fairClass = PredictionOptions.FairClass();
        var costs = PredictionOptions.Costs();
        var predictHost = PredictionOptions.Host();
        var perRun = new Option<bool>(BackendCostsFromRuns.PerRunOption)
        {
            Description = "Predict each real run with the host costs it measured itself (process start, launcher, background, agent CPU per call, from its counters; never its completion times) over the --costs profile, instead of the profile's averages: separates run-to-run host noise from the model's error.",
        };
        var records = new Option<bool>("--records")
        {
            Description = "Also write each predicted run's invocations to runs/<workload>-<policy>-seed<N>/twin.csv under --out (index, function, arrival_ns, end_ns, demand_ns, context_switches, completed), the layout of the real runs' launch.csv, to compare them invocation by invocation.",
        };
        var outDir = new Option<DirectoryInfo?>("--out") { Description = "Folder for prediction.md, prediction.csv and sim-results.json (created)." };
        var format = CliOptions.Output(CliOptions.Table, CliOptions.Csv);
        format.Description = "'table' prints the verdict and a markdown table; 'csv' prints the rows.";
        var command = new Command("predict", "Predict a finished real matrix (alps-bench real's results.json) with this build's simulator and print the error per workload, policy and group against the bar (mean within 10 %, p99 within 25 %, groups of at least 200 invocations).")
        {
            real, workloads, policies, utilization, duration, fairClass, costs, predictHost, perRun, records, outDir, format,
        };
        command.SetAction(parse =>
        {
            try
            {
                string path = parse.GetValue(real)!.FullName;
                if (parse.GetValue(records) && parse.GetValue(outDir) is null)
                {
                    throw new BenchException("--records needs --out (the folder the runs/*/twin.csv files go to)");
                }
                if (parse.GetValue(outDir) is DirectoryInfo checkedDir)
                {
                    OutputFolder.Check(checkedDir);
                }
                (List<PredictionError.GroupStat> measured, int cpus) = PredictionError.Read(path);
                List<string> only = CliOptions.Items(parse.GetValue(policies));
                foreach (string p in only)
                {
                    if (!measured.Any(s => s.Policy == p))
                    {
                        throw new BenchException($"--policies: '{p}' has no run in {path} (it has {string.Join(", ", measured.Select(s => s.Policy).Distinct())})");
                    }
                }
                if (only.Count > 0)
                {
                    measured = measured.Where(s => only.Contains(s.Policy)).ToList();
                }
                List<string> files = CliOptions.Items(parse.GetValue(workloads));
                var spec = new MatrixSpec(
                    files.Count > 0 ? files : [.. measured.Select(s => s.Workload).Distinct()],
                    [.. measured.Select(s => s.Policy).Distinct()],
                    [.. measured.Select(s => s.Seed).Distinct()],
                    cpus,
                    "auto",
                    parse.GetValue(utilization),
                    FairClass: BenchCommandLine.ParseFairClass(parse.GetValue(fairClass)!),
                    Host: parse.GetValue(predictHost)!,
                    HostCosts: MatrixSpec.LoadCosts(parse.GetValue(costs)?.FullName),
                    DurationS: parse.GetValue(duration));
                List<MatrixRunner.Cell> cells = MatrixRunner.Plan(spec);
                if (parse.GetValue(perRun))
                {
                    cells = BackendCostsFromRuns.WithOwnCosts(cells, spec.HostCosts, path);
                }
                List<CaseResult> sim = MatrixRunner.Run(spec, cells, logFolder: null, onDone: null);
                List<PredictionError.Row> rows = PredictionError.Compare(measured, PredictionError.From(sim));
                if (parse.GetValue(outDir) is DirectoryInfo dir)
                {
                    OutputFolder.Create(dir);
                    string costsNote = parse.GetValue(perRun) ? "Each run predicted with the host costs it measured itself (`--costs-per-run`).\n\n" : "";
                    File.WriteAllText(Path.Combine(dir.FullName, "prediction.md"), "# Prediction of " + Path.GetRelativePath(Environment.CurrentDirectory, path) + "\n\n" + costsNote + PredictionError.Markdown(rows));
                    File.WriteAllText(Path.Combine(dir.FullName, "prediction.csv"), PredictionError.Csv(rows));
                    File.WriteAllText(Path.Combine(dir.FullName, "sim-results.json"), ResultsJson.Write(sim));
                    if (parse.GetValue(records))
                    {
                        foreach (CaseResult c in sim)
                        {
                            string run = MatrixRunner.RunFolder(dir.FullName, c.Workload, c.Policy, c.Seed);
                            Directory.CreateDirectory(run);
                            File.WriteAllText(Path.Combine(run, "twin.csv"), TwinRecordsCsv.Write(c.Report.Records));
                        }
                    }
                }
                output.Write(parse.GetValue(format) == CliOptions.Csv ? PredictionError.Csv(rows) : PredictionError.Markdown(rows));
                return ExitCodes.Ok;
            }
            catch (BenchException e)
            {
                errors.WriteLine("alps-bench predict: " + e.Message);
                return ExitCodes.Usage;
            }
        });
        return command;
    }
}
