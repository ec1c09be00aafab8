using AlpsGhost.Cli;
using AlpsGhost.Cli.Grammar;
using AlpsGhost.Config;
using AlpsGhost.Kernel;
using AlpsGhost.Workloads;
using AlpsGhost.Runs.Reporting;
using AlpsGhost.Runs;

namespace AlpsGhost.Bench.Matrix;

/// <summary>Runs a <see cref="MatrixSpec"/> on the simulated kernel, independent runs in parallel.</summary>
/// <remarks>Each run is single-threaded and deterministic, and results land in a slot fixed by the
/// (workload, policy, seed) order, so parallelism changes neither the numbers nor their order.</remarks>
internal static class MatrixRunner
{
    /// <summary>One run to do.</summary>
    /// <param name="Source">The workload at this seed, shared with the other policies' runs and drawn only while they run.</param>
    /// <param name="HostCosts">This run's own cost profile (<c>predict --costs-per-run</c>); null: the matrix's.</param>
    internal sealed record Cell(string WorkloadName, WorkloadSource Source, string Policy, ulong Seed, EnclaveConfig Config, string AgentMode,
        HostCostProfile? HostCosts = null);

    /// <summary>Number of runs <paramref name="spec"/> asks for.</summary>
    public static int Count(MatrixSpec spec) => spec.Workloads.Count * spec.Policies.Count * spec.Seeds.Count;

    /// <summary>Validates and runs <paramref name="spec"/>; <paramref name="onDone"/> is called (from any thread) after each run.</summary>
    /// <param name="spec">The matrix.</param>
    /// <param name="logFolder">Where each run's agent log goes (a file per run, only if it logged), or null to drop logs.</param>
    /// <param name="onDone">Progress callback with the finished cell's label.</param>
    public static List<CaseResult> Run(MatrixSpec spec, string? logFolder, Action<string>? onDone) => Run(spec, Plan(spec), logFolder, onDone);

    /// <summary>Runs the cells <see cref="Plan"/> made of <paramref name="spec"/>.</summary>
    /// <param name="keepRecords">Which runs keep every invocation's record after their group summaries are taken (plots,
    /// per-invocation comparisons); null keeps all. A run that does not keep them holds only its summaries.</param>
    /// <remarks>After <paramref name="cancel"/> (SIGINT) no further run starts and the runs in flight stop early;
    /// the result then holds the finished runs and the stopped ones (<see cref="RunReport.Partial"/>), in report order.</remarks>
    public static List<CaseResult> Run(MatrixSpec spec, List<Cell> cells, string? logFolder, Action<string>? onDone, CancellationToken cancel = default,
        Func<string, bool>? keepRecords = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(cells);
        var results = new CaseResult?[cells.Count];
        foreach (Cell c in cells)
        {
            c.Source.AddRuns(1); // this pass's runs of each workload: dropped after its last
        }
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, cells.Count, options, i =>
        {
            if (cancel.IsCancellationRequested)
            {
                return;
            }
            Cell c = cells[i];
            using var log = new StringWriter();
            var request = new RunRequest(c.Config, "sim", null, spec.Cpus, c.Seed, spec.Utilization,
                FairClass: spec.FairClass, HostCosts: c.HostCosts ?? spec.HostCosts, Host: spec.Host);
            RunReport report;
            try
            {
                report = SimulationRun.Run(c.Source.Acquire(), request, log, cancel);
            }
            finally
            {
                c.Source.Release();
            }
            CaseResult result = Summarise(c, spec.Cpus, report);
            results[i] = keepRecords is null || keepRecords(c.Policy) ? result : result with { Report = report.WithoutRecords() };
            string label = $"{c.WorkloadName} {c.Policy} seed {c.Seed}";
            if (logFolder is not null && log.GetStringBuilder().Length > 0)
            {
                File.WriteAllText(Path.Combine(logFolder, $"{Sanitize(c.WorkloadName)}-{c.Policy}-seed{c.Seed}.log"), log.ToString());
            }
            onDone?.Invoke(label);
        });
        var done = new List<CaseResult>(results.Length);
        foreach (CaseResult? r in results)
        {
            if (r is not null)
            {
                done.Add(r);
            }
        }
        return done;
    }

    /// <summary>The runs of <paramref name="spec"/> in report order; everything that can be wrong with the input throws here, before any run starts.</summary>
    public static List<Cell> Plan(MatrixSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Workloads.Count == 0 || spec.Policies.Count == 0 || spec.Seeds.Count == 0)
        {
            throw new BenchException("--workloads, --policies and --seeds each need at least one value");
        }
        if (spec.Cpus is < 1 or > CliOptions.MaxCpus)
        {
            throw new BenchException($"--cpus {spec.Cpus} is not valid: expected 1..{CliOptions.MaxCpus}");
        }
        if (spec.Utilization is double u && !WorkloadFile.IsValidUtilization(u))
        {
            throw new BenchException($"--utilization {u} is not valid: expected {WorkloadFile.UtilizationExpected}");
        }
        if (spec.DurationS is double d && !(d > 0 && d <= 3600))
        {
            throw new BenchException($"--duration-s {d} is not valid: expected 0 < seconds <= 3600");
        }
        string mode = MatrixSpec.ResolveAgentMode(spec.AgentMode);
        var configs = new Dictionary<string, EnclaveConfig>();
        foreach (string p in spec.Policies)
        {
            configs[p] = PolicyCatalog.Config(p, mode, spec.ConfigPath);
            if (spec.Host == RunRequest.LinuxHost && PolicyNames.LinuxBackendRefusal(p) is string refusal)
            {
                throw new BenchException(refusal);
            }
            if (p != PolicyNames.Cfs && mode == "spinning" && spec.Cpus < 2)
            {
                throw new BenchException($"policy '{p}' with a spinning agent needs at least 2 CPUs (the agent owns one); use --agent-mode queue-wakeup or auto");
            }
        }
        var cells = new List<Cell>(Count(spec));
        foreach (string w in spec.Workloads)
        {
            FileInfo file = WorkloadLocator.Resolve(w);
            foreach (ulong seed in spec.Seeds)
            {
                StreamedWorkload parsed;
                int invocations;
                var overrides = new WorkloadOverrides
                {
                    CpuCount = spec.Cpus,
                    Seed = seed,
                    Utilization = spec.Utilization,
                    DurationNs = spec.DurationS is double s ? (long)(s * 1e9) : null,
                };
                try
                {
                    // Read once; drawn here to check it before any run starts, then dropped: the runs draw it again
                    // from what was read (the same invocations) while they need it.
                    parsed = WorkloadFile.LoadStreamed(file.FullName, overrides);
                    invocations = parsed.Materialise().Invocations.Count;
                }
                catch (WorkloadFileException e)
                {
                    throw new BenchException(e.Message);
                }
                var source = new WorkloadSource(parsed);
                foreach (string p in spec.Policies)
                {
                    if (p != PolicyNames.Cfs && spec.Host != RunRequest.LinuxHost)
                    {
                        try
                        {
                            SimulatedKernel.CheckEnclaveInvocations(parsed.Name, invocations);
                        }
                        catch (SimulationLimitException e)
                        {
                            throw new BenchException($"policy '{p}': {e.Message}");
                        }
                    }
                    cells.Add(new Cell(w, source, p, seed, configs[p], mode));
                }
            }
        }
        // Report order: workload, then policy, then seed, whatever order the loops above ran in.
        var ordered = new List<Cell>(cells.Count);
        foreach (string w in spec.Workloads)
        {
            foreach (string p in spec.Policies)
            {
                foreach (ulong seed in spec.Seeds)
                {
                    ordered.Add(cells.Find(c => c.WorkloadName == w && c.Policy == p && c.Seed == seed)!);
                }
            }
        }
        return ordered;
    }

    /// <summary>The matrix result of <paramref name="report"/>, the run of cell <paramref name="c"/> (simulated or real).</summary>
    internal static CaseResult Summarise(Cell c, int cpus, RunReport report)
    {
        var groupOfFunction = new string[c.Source.Functions.Count];
        var groups = new List<string>();
        foreach (FunctionSpec f in c.Source.Functions)
        {
            groupOfFunction[f.Id] = f.Group;
            if (!groups.Contains(f.Group))
            {
                groups.Add(f.Group);
            }
        }
        List<GroupResult> stats = GroupResult.Of(report.Records, groupOfFunction, groups, report.SpanNs);
        return new CaseResult(c.Source.Name, c.Policy, c.Seed, cpus, report.AgentMode, report, stats);
    }

    /// <summary>The folder of one run under a matrix's <c>runs/</c>: where <c>real</c> keeps launch.csv and <c>predict --records</c> writes twin.csv.</summary>
    public static string RunFolder(string outDir, string workload, string policy, ulong seed) =>
        Path.Combine(outDir, "runs", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Sanitize(workload)}-{policy}-seed{seed}"));

    /// <summary>A workload argument (maybe a path) as a file-name part.</summary>
    public static string Sanitize(string name)
    {
        string stem = name.EndsWith(".json", StringComparison.Ordinal) ? Path.GetFileNameWithoutExtension(name) : name;
        var chars = stem.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            if (!char.IsAsciiLetterOrDigit(chars[i]) && chars[i] is not ('-' or '_' or '.'))
            {
                chars[i] = '_';
            }
        }
        return new string(chars);
    }
}
