using System.CommandLine;
using System.Globalization;
using AlpsGhost.Bench.Matrix;
using AlpsGhost.Bench.Output;
using AlpsGhost.Bench.Real;
using AlpsGhost.Cli.Grammar;
using AlpsGhost.Kernel;
using AlpsGhost.Runs;

namespace AlpsGhost.Bench;

/// <summary><c>alps-bench real</c>: the study matrix of <c>run</c> with real processes on this kernel, each policy in turn
/// on the same invocations, beside the simulator's prediction of every case.</summary>
internal static class RealMatrixCommand
{
    private static readonly CultureInfo s_ci = CultureInfo.InvariantCulture;

    /// <summary>The <c>real</c> command.</summary>
    public static Command Create(TextWriter output, TextWriter errors)
    {
        var workloads = CliOptions.List("--workloads", "Workload names (bench/workloads/<name>.json) or file paths.", required: true);
        var policies = CliOptions.List("--policies", "Policies: " + string.Join(", ", RealCaseRunner.Policies) + " (cfs = no agent). Default: cfs,sfs,alps,srpt.");
        var seeds = CliOptions.List("--seeds", "Seeds (non-negative integers); every policy runs the same seeds. Default: 1.");
        var cpus = CliOptions.Cpus("CPUs the invocations run on (the first N this process may use) and of the simulated machine. Default: every CPU.", Environment.ProcessorCount);
        var utilization = CliOptions.Utilization("Override every workload's target CPU utilization.");
        var duration = new Option<double?>("--duration-s") { Description = "Override every workload's duration in seconds (a run takes about this long; the full measurement is about 60 s per run)." };
        var outDir = new Option<DirectoryInfo>("--out") { Description = "Folder for results.json, results.csv, sim-results.json, report.md, plots and runs/ (created).", Required = true };
        var noPlots = new Option<bool>("--no-plots") { Description = "Skip the PNG plots." };
        var startClass = new Option<string>("--start-class")
        {
            Description = "Where each invocation's process start (exec, loading: the stand-in for the platform starting its sandbox) runs: platform (default) = at the launcher's priority, so no policy delays it; fair = in SCHED_OTHER, competing with the invocations.",
            DefaultValueFactory = _ => NativeLauncher.Name(StartClass.Platform),
        };
        startClass.AcceptOnlyFromAmong(NativeLauncher.Name(StartClass.Platform), NativeLauncher.Name(StartClass.Fair));
        var fairClass = PredictionOptions.FairClass();
        var costs = PredictionOptions.Costs();
        var predictHost = PredictionOptions.Host();
        var agent = new Option<FileInfo?>("--agent") { Description = "The alps-ghost-agent executable. Default: the one beside alps-bench." };
        var format = CliOptions.Output(CliOptions.Table, CliOptions.Json, CliOptions.Csv);
        format.Description = "'table' prints progress on stdout; 'json' and 'csv' print results.json or results.csv (the real runs) on stdout once they are done (progress on stderr). The files in --out are written either way.";
        var command = new Command("real", "Run every workload under every policy with every seed as real processes on this Linux kernel (one process per invocation; the stock-Linux agent as a separate process), beside the simulator's prediction of each case; write results.json, results.csv, report.md and plots.")
        {
            workloads, policies, seeds, cpus, utilization, duration, outDir, noPlots, startClass, fairClass, costs, predictHost, agent, format,
        };
        command.SetAction(parse =>
        {
            try
            {
                List<string> policyItems = CliOptions.Items(parse.GetValue(policies));
                List<string> seedItems = CliOptions.Items(parse.GetValue(seeds));
                var spec = new MatrixSpec(
                    CliOptions.Items(parse.GetValue(workloads)),
                    policyItems.Count == 0 ? ["cfs", "sfs", "alps", "srpt"] : policyItems,
                    BenchCommandLine.ParseSeeds(seedItems.Count == 0 ? ["1"] : seedItems),
                    parse.GetValue(cpus),
                    "auto",
                    parse.GetValue(utilization),
                    FairClass: BenchCommandLine.ParseFairClass(parse.GetValue(fairClass)!),
                    Host: parse.GetValue(predictHost)!,
                    HostCosts: MatrixSpec.LoadCosts(parse.GetValue(costs)?.FullName),
                    DurationS: parse.GetValue(duration));
                StartClass start = parse.GetValue(startClass) == NativeLauncher.Name(StartClass.Fair) ? StartClass.Fair : StartClass.Platform;
                string chosen = parse.GetValue(format)!;
                int rc = Run(spec, parse.GetValue(outDir)!, !parse.GetValue(noPlots), parse.GetValue(agent)?.FullName, ResultsEcho.ProgressWriter(chosen, output, errors), start);
                ResultsEcho.Print(chosen, parse.GetValue(outDir)!, output);
                return rc;
            }
            catch (BenchException e)
            {
                errors.WriteLine("alps-bench real: " + e.Message);
                return ExitCodes.Usage;
            }
            catch (RealRunException e)
            {
                errors.WriteLine("alps-bench real: " + e.Message);
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    /// <summary>Runs the matrix for real and simulated, writes the outputs; returns the exit code (1 if anything was lost or left raised).</summary>
    public static int Run(MatrixSpec spec, DirectoryInfo outDir, bool plots, string? agentExecutable, TextWriter output, StartClass startClass = StartClass.Platform)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new BenchException("real runs need Linux (processes, /proc, sched_setattr)");
        }
        RealCaseRunner.CheckPolicies(spec.Policies);
        if (spec.Cpus > Environment.ProcessorCount)
        {
            throw new BenchException($"--cpus {spec.Cpus} is not valid here: this machine has {Environment.ProcessorCount} CPUs");
        }
        List<MatrixRunner.Cell> cells = MatrixRunner.Plan(spec);
        if (spec.Policies.Any(p => p != AlpsGhost.Runs.PolicyNames.Cfs))
        {
            LinuxAgentProcess.Locate(agentExecutable);
        }
        NativeLauncher.Locate(NativeLauncher.LauncherName);
        NativeLauncher.Locate(NativeLauncher.BurnerName);
        Directory.CreateDirectory(outDir.FullName);
        string machine = Machine();
        output.WriteLine(Invariant($"alps-bench real: {cells.Count} real runs ({spec.Workloads.Count} workloads x {spec.Policies.Count} policies x {spec.Seeds.Count} seeds) on {spec.Cpus} CPUs of {machine}; process start: {NativeLauncher.Name(startClass)}; load average {ProcFiles.LoadAverage():F2}"));

        // The simulator's prediction of every cell first: seconds, and a broken case fails before the long real runs.
        List<CaseResult> sim = MatrixRunner.Run(spec, cells, logFolder: null, onDone: null);

        var real = new CaseResult[cells.Count];
        var facts = new RealRunFacts[cells.Count];
        int done = 0;
        // Each workload x seed runs every policy in turn, so the policies see the same invocations back to back.
        foreach (string w in spec.Workloads)
        {
            foreach (ulong seed in spec.Seeds)
            {
                foreach (string p in spec.Policies)
                {
                    int i = cells.FindIndex(c => c.WorkloadName == w && c.Policy == p && c.Seed == seed);
                    string dir = MatrixRunner.RunFolder(outDir.FullName, w, p, seed);
                    (real[i], facts[i]) = RealCaseRunner.Run(cells[i], spec.Cpus, dir, agentExecutable, startClass);
                    done++;
                    RealRunFacts f = facts[i];
                    output.WriteLine(Invariant($"[{done}/{cells.Count}] {w} {p} seed {seed}: mean FCT {real[i].Groups[0].Summary.MeanMs:F2} ms (sim {sim[i].Groups[0].Summary.MeanMs:F2}), lost {f.Lost}, left raised {f.LeftRaised.Count}") +
                        (double.IsFinite(f.AgentCpuPercent) ? Invariant($", agent CPU {f.AgentCpuPercent:F2} %") : "") +
                        (f.Idle ? "" : Invariant($", NOT IDLE (other CPU {f.OtherCpuShare * 100:F1} %)")));
                }
            }
        }
        File.WriteAllText(Path.Combine(outDir.FullName, "results.json"), ResultsJson.Write(real));
        File.WriteAllText(Path.Combine(outDir.FullName, "results.csv"), ResultsCsv.Write(real));
        File.WriteAllText(Path.Combine(outDir.FullName, "sim-results.json"), ResultsJson.Write(sim));
        // With a profile that holds the backend's costs, the twin's prediction again with each run's own measured costs.
        // It is an extra table: if some run lacks a counter, the report is still written, without it.
        List<CaseResult>? simOwnCosts = null;
        if (spec.Host == AlpsGhost.Runs.RunRequest.LinuxHost && spec.HostCosts is { HasLinuxBackendCosts: true })
        {
            try
            {
                simOwnCosts = MatrixRunner.Run(spec, BackendCostsFromRuns.WithOwnCosts(cells, spec.HostCosts, Path.Combine(outDir.FullName, "results.json")), logFolder: null, onDone: null);
            }
            catch (BenchException e)
            {
                output.WriteLine("alps-bench real: warning: no prediction with each run's own costs: " + e.Message);
            }
        }
        Dictionary<string, List<string>> files = plots ? Plots.WriteAll(real, spec.Policies, outDir.FullName) : [];
        File.WriteAllText(Path.Combine(outDir.FullName, "report.md"), RealReport.Write(spec, real, facts, sim, files, machine, startClass, simOwnCosts));
        output.WriteLine($"alps-bench real: wrote {Path.Combine(outDir.FullName, "report.md")}, results.json, results.csv, sim-results.json and {files.Values.Sum(f => f.Count)} plots");
        int busy = facts.Count(f => !f.Idle);
        if (busy > 0)
        {
            output.WriteLine(Invariant($"alps-bench real: warning: the machine was not idle in {busy} of {facts.Length} runs (see report.md)"));
        }
        var failed = facts.Select((f, i) => (f, i)).Where(x => !x.f.Safe).ToList();
        if (failed.Count > 0)
        {
            throw new RealRunException("FAILED: " + string.Join("; ", failed.Select(x =>
                Invariant($"{cells[x.i].WorkloadName} {cells[x.i].Policy} seed {cells[x.i].Seed}: {x.f.Lost} lost, {x.f.Stragglers} left behind, {x.f.LeftRaised.Count} left raised"))) +
                " (report.md and runs/*/launch.csv have the details)");
        }
        return ExitCodes.Ok;
    }

    private static string Machine()
    {
        string release = File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : "?";
        return Invariant($"Linux {release}, {Environment.ProcessorCount} CPUs");
    }

    private static string Invariant(FormattableString s) => s.ToString(s_ci);
}
