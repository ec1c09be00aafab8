using System.Globalization;
using System.Text.Json;
using AlpsGhost.Kernel;

namespace AlpsGhost.Bench.Real;

/// <summary>
/// The stock-Linux backend's costs (<see cref="HostCostProfile.LinuxBackendNames"/>) measured from a finished
/// <c>alps-bench real</c> matrix: what each invocation's process, the launcher, the host's background work and the
/// agent cost in CPU, from the launcher's per-invocation records and the runs' counters (never their completion times).
/// </summary>
/// <remarks>
/// Process costs come from the runs without an agent (<c>cfs</c>), so no policy shapes them: start =
/// <c>startup_cpu_ns</c>, exit = <c>rusage_cpu_ns - cpu_ns - startup_cpu_ns</c> (means over invocations), launcher =
/// <c>launcher_cpu_ns / invocations</c> (mean over runs), background = <c>other_cpu_ns / (wall x CPUs)</c> (median over
/// runs: one disturbed run does not move it). The agent's cost per system call = <c>agent_cpu_ns / agent_syscalls</c>,
/// median over the runs with an agent.
/// </remarks>
internal static class BackendCostsFromRuns
{
    private static readonly CultureInfo s_ci = CultureInfo.InvariantCulture;

    /// <summary>The <c>calibrate</c> option <see cref="Measure"/> serves (named in its errors).</summary>
    public const string FromRealOption = "--costs-from-real";

    /// <summary>The <c>predict</c> option <see cref="MeasurePerRun"/> serves (named in its errors).</summary>
    public const string PerRunOption = "--costs-per-run";

    /// <summary>The five costs measured from the real matrix in <paramref name="folder"/> (results.json and runs/*/launch.csv).</summary>
    /// <exception cref="BenchException">Files missing or malformed, or no cfs run / no agent run to measure from (the message says which).</exception>
    public static Dictionary<string, HostCost> Measure(string folder)
    {
        string results = Path.Combine(folder, "results.json");
        string resultsText = Read(results, "expected the --out folder of a finished `alps-bench real`", p => AlpsGhost.Ghost.BoundedFile.ReadAllText(p));
        var launcher = new List<double>();
        var background = new List<double>();
        var perSyscall = new List<double>();
        double startSum = 0, exitSum = 0;
        long invocations = 0;
        try
        {
            using JsonDocument doc = JsonDocument.Parse(resultsText);
            foreach (JsonElement run in doc.RootElement.EnumerateArray())
            {
                (string workload, string policy, ulong seed, int cpus, JsonElement k) = Header(run);
                if (policy == AlpsGhost.Runs.PolicyNames.Cfs)
                {
                    long n = Counter(k, "invocations", results);
                    launcher.Add(Counter(k, "launcher_cpu_ns", results) / (double)Math.Max(1, n));
                    background.Add(Counter(k, "other_cpu_ns", results) / ((double)Counter(k, "wall_ns", results) * cpus));
                    string csv = Path.Combine(Matrix.MatrixRunner.RunFolder(folder, workload, policy, seed), "launch.csv");
                    (double start, double exit, long count) = ProcessCosts(csv);
                    startSum += start;
                    exitSum += exit;
                    invocations += count;
                }
                else if (k.TryGetProperty("agent_syscalls", out JsonElement sys) && sys.GetInt64() > 0)
                {
                    perSyscall.Add(Counter(k, "agent_cpu_ns", results) / (double)sys.GetInt64());
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw new BenchException($"{FromRealOption}: {results} is not an alps-bench real results.json: {e.Message}");
        }
        if (invocations == 0)
        {
            throw new BenchException($"{FromRealOption}: {results} has no cfs run (no agent) with completed invocations: process costs are measured there");
        }
        if (perSyscall.Count == 0)
        {
            throw new BenchException($"{FromRealOption}: {results} has no run with an agent (agent_syscalls): the agent's cost is measured there");
        }
        int runs = launcher.Count;
        return new Dictionary<string, HostCost>(StringComparer.Ordinal)
        {
            [HostCostProfile.InvocationStartCpu] = new((long)(startSum / invocations), (int)invocations, "cpu-time mean (alps-burn startup_cpu_ns, cfs runs)"),
            [HostCostProfile.InvocationExitCpu] = new((long)(exitSum / invocations), (int)invocations, "cpu-time mean (rusage - work - startup, cfs runs)"),
            [HostCostProfile.LauncherCpuPerInvocation] = new((long)launcher.Average(), runs, "cpu-time mean over cfs runs (launcher_cpu_ns / invocations)"),
            [HostCostProfile.BackgroundCpuPerCpuSecond] = new((long)(Median(background) * 1e9), runs, "median over cfs runs (other_cpu_ns / (wall x CPUs))"),
            [HostCostProfile.AgentCpuPerSyscall] = new((long)Median(perSyscall), perSyscall.Count, "median over agent runs (agent_cpu_ns / agent_syscalls)"),
        };
    }

    /// <summary>
    /// The host costs each run of the real matrix <paramref name="resultsPath"/> measured for itself, from its counters
    /// alone: its process start (<c>startup_cpu_ns / invocations</c>), launcher (<c>launcher_cpu_ns / invocations</c>),
    /// background (<c>other_cpu_ns / (wall x CPUs)</c>) and, for a run with an agent, the agent's CPU per system call.
    /// </summary>
    /// <remarks>
    /// For <c>predict --costs-per-run</c>: on a shared VM the background and the process start vary from run to run
    /// (one run after a build had 3.6 % background against 0.6 %), and near saturation such a difference alone moves
    /// completion times by more than the bar. Predicting each run with its own measured costs separates that noise from
    /// the model's error. Exit CPU needs the launcher's records, so it stays the profile's. Completion times never enter.
    /// </remarks>
    /// <exception cref="BenchException">The file is missing or malformed (the message says which run and counter).</exception>
    public static Dictionary<(string Workload, string Policy, ulong Seed), Dictionary<string, HostCost>> MeasurePerRun(string resultsPath)
    {
        string text = Read(resultsPath, "expected the results.json of a finished `alps-bench real`", p => AlpsGhost.Ghost.BoundedFile.ReadAllText(p), PerRunOption);
        var perRun = new Dictionary<(string, string, ulong), Dictionary<string, HostCost>>();
        try
        {
            using JsonDocument doc = JsonDocument.Parse(text);
            foreach (JsonElement run in doc.RootElement.EnumerateArray())
            {
                (string workload, string policy, ulong seed, int cpus, JsonElement k) = Header(run);
                long n = Math.Max(1, Counter(k, "invocations", resultsPath, PerRunOption));
                long wall = Counter(k, "wall_ns", resultsPath, PerRunOption);
                if (wall <= 0 || cpus <= 0)
                {
                    throw new BenchException($"{PerRunOption}: {resultsPath}: run {workload} {policy} seed {seed} has wall_ns {wall} and cpus {cpus}: expected both positive");
                }
                var costs = new Dictionary<string, HostCost>(StringComparer.Ordinal)
                {
                    [HostCostProfile.InvocationStartCpu] = new(Counter(k, "startup_cpu_ns", resultsPath, PerRunOption) / n, (int)n, "cpu-time mean of this run (startup_cpu_ns / invocations)"),
                    [HostCostProfile.LauncherCpuPerInvocation] = new(Counter(k, "launcher_cpu_ns", resultsPath, PerRunOption) / n, (int)n, "cpu-time mean of this run (launcher_cpu_ns / invocations)"),
                    [HostCostProfile.BackgroundCpuPerCpuSecond] = new((long)(Counter(k, "other_cpu_ns", resultsPath, PerRunOption) / ((double)wall * cpus) * 1e9), 1, "this run (other_cpu_ns / (wall x CPUs))"),
                };
                if (k.TryGetProperty("agent_syscalls", out JsonElement sys) && sys.TryGetInt64(out long calls) && calls > 0)
                {
                    costs[HostCostProfile.AgentCpuPerSyscall] = new(Counter(k, "agent_cpu_ns", resultsPath, PerRunOption) / calls, 1, "this run (agent_cpu_ns / agent_syscalls)");
                }
                perRun[(workload, policy, seed)] = costs;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw new BenchException($"{PerRunOption}: {resultsPath} is not an alps-bench real results.json: {e.Message}");
        }
        return perRun;
    }

    /// <summary><c>--costs-per-run</c>: each of <paramref name="cells"/> with <paramref name="profile"/> overlaid by the costs its own
    /// real run in <paramref name="resultsPath"/> measured (<see cref="MeasurePerRun"/>).</summary>
    /// <exception cref="BenchException">The profile lacks the stock-Linux backend's costs, or a cell has no real run.</exception>
    public static List<Matrix.MatrixRunner.Cell> WithOwnCosts(List<Matrix.MatrixRunner.Cell> cells, HostCostProfile? profile, string resultsPath)
    {
        if (profile is not { HasLinuxBackendCosts: true })
        {
            throw new BenchException($"{PerRunOption} needs --costs with the stock-Linux backend's costs (e.g. bench/cost-profiles/firecracker-2vcpu-linux-6.18.json): the exit CPU comes from there");
        }
        Dictionary<(string Workload, string Policy, ulong Seed), Dictionary<string, HostCost>> measured = MeasurePerRun(resultsPath);
        var own = new List<Matrix.MatrixRunner.Cell>(cells.Count);
        foreach (Matrix.MatrixRunner.Cell c in cells)
        {
            if (!measured.TryGetValue((c.Source.Name, c.Policy, c.Seed), out Dictionary<string, HostCost>? costs))
            {
                throw new BenchException($"{PerRunOption}: {resultsPath} has no run {c.Source.Name} {c.Policy} seed {c.Seed} to take costs from");
            }
            own.Add(c with { HostCosts = profile.WithCosts(costs) });
        }
        return own;
    }

    // The fields that name a run of results.json, and its counters (a missing one throws KeyNotFoundException).
    private static (string Workload, string Policy, ulong Seed, int Cpus, JsonElement Counters) Header(JsonElement run) =>
        (run.GetProperty("workload").GetString()!, run.GetProperty("policy").GetString()!, run.GetProperty("seed").GetUInt64(),
            run.GetProperty("cpus").GetInt32(), run.GetProperty("counters"));

    // Sums of start and exit CPU over the completed invocations of one launch.csv, and their count.
    private static (double Start, double Exit, long Count) ProcessCosts(string csv)
    {
        string[] lines = Read(csv, "every run's launcher records are needed", p => AlpsGhost.Ghost.BoundedFile.ReadAllLines(p));
        string[] header = lines.Length > 0 ? lines[0].Split(',') : [];
        int cpu = Array.IndexOf(header, "cpu_ns"), startup = Array.IndexOf(header, "startup_cpu_ns"), rusage = Array.IndexOf(header, "rusage_cpu_ns");
        if (cpu < 0 || startup < 0 || rusage < 0)
        {
            throw new BenchException($"{FromRealOption}: {csv}: expected columns cpu_ns, startup_cpu_ns and rusage_cpu_ns in its header");
        }
        double start = 0, exit = 0;
        long count = 0;
        for (int i = 1; i < lines.Length; i++)
        {
            string[] f = lines[i].Split(',');
            if (f.Length != header.Length
                || !long.TryParse(f[cpu], NumberStyles.Integer, s_ci, out long c)
                || !long.TryParse(f[startup], NumberStyles.Integer, s_ci, out long s)
                || !long.TryParse(f[rusage], NumberStyles.Integer, s_ci, out long r))
            {
                throw new BenchException($"{FromRealOption}: {csv} line {i + 1}: expected {header.Length} comma-separated fields with integer cpu_ns, startup_cpu_ns and rusage_cpu_ns");
            }
            if (c < 0 || s <= 0 || r <= 0)
            {
                continue; // not completed: no measurement
            }
            start += s;
            exit += Math.Max(0, r - c - s);
            count++;
        }
        return (start, exit, count);
    }

    // Reads path through BoundedFile (a regular file, at most 64 MiB); a refusal is bad input saying why the file is needed.
    private static T Read<T>(string path, string why, Func<string, T> read, string option = FromRealOption)
    {
        try
        {
            return read(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BenchException($"{option}: {e.Message} ({why})");
        }
    }

    private static long Counter(JsonElement counters, string name, string file, string option = FromRealOption) =>
        counters.TryGetProperty(name, out JsonElement e) && e.TryGetInt64(out long v) && v >= 0 ? v
        : throw new BenchException($"{option}: {file}: counter '{name}' missing or not a non-negative integer in a run");

    private static double Median(List<double> values)
    {
        values.Sort();
        int n = values.Count;
        return n % 2 == 1 ? values[n / 2] : (values[(n / 2) - 1] + values[n / 2]) / 2;
    }
}
