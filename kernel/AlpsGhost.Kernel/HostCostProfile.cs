using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AlpsGhost.Kernel;

/// <summary>One measured host cost: its value, how many samples, how it was measured (e.g. <c>cpu-time</c>, <c>wall-p10</c>).</summary>
public sealed record HostCost(long ValueNs, int Samples, string Method);

/// <summary>
/// Host costs measured on one machine by <c>alps-bench calibrate --costs-out FILE</c> (bench/calibration/hostcosts.c),
/// with the provenance every shipped constant needs: the command, the machine, its kernel and its load average.
/// </summary>
/// <remarks>
/// File format (JSON, <see cref="Format"/>, <see cref="CurrentVersion"/>): <c>format</c>, <c>version</c>, <c>machine</c>,
/// <c>kernel</c>, <c>cpus</c>, <c>measured_at_utc</c>, <c>load_average</c> (1/5/15 min), <c>command</c>, and
/// <c>costs</c> = an object with exactly the <see cref="Names"/> and optionally all of the
/// <see cref="LinuxBackendNames"/>, each <c>{"value_ns", "samples", "method"}</c>.
/// Invariants after <see cref="Parse"/>: every cost of <see cref="Names"/> is present, the Linux backend's are all
/// present or all absent, 0 &lt;= value &lt;= <see cref="MaxValueNs"/>, samples &gt; 0.
/// </remarks>
public sealed record HostCostProfile(
    string Machine,
    string Kernel,
    int Cpus,
    string MeasuredAtUtc,
    IReadOnlyList<double> LoadAverage,
    string Command,
    IReadOnlyDictionary<string, HostCost> Costs)
{
    /// <summary>The <c>format</c> field.</summary>
    public const string Format = "alps-ghost-cost-profile";

    /// <summary>The only <c>version</c> this build reads and writes.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Largest accepted cost: one second (anything above is a broken measurement).</summary>
    public const long MaxValueNs = 1_000_000_000;

    /// <summary>Largest profile file read (bytes).</summary>
    public const long MaxFileBytes = 1 << 20;

    /// <summary>Context switch between two tasks on one CPU (CPU time per switch) -> <see cref="SimulationCosts.ContextSwitchNs"/>.</summary>
    public const string SameCpuSwitch = "same_cpu_switch_ns";

    /// <summary>Context switch whose wake-up crosses CPUs (CPU time per switch, both sides); recorded, not used by the model.</summary>
    public const string CrossCpuSwitch = "cross_cpu_switch_ns";

    /// <summary>From a wake-up to the task running on an idle CPU -> <see cref="SimulationCosts.IdleWakeupNs"/>.</summary>
    public const string WakeupLatency = "wakeup_latency_ns";

    /// <summary>fork + exec + exit of one process (CPU time) -> <see cref="SimulationCosts.ProcessStartNs"/>.</summary>
    public const string ProcessStartExit = "process_start_exit_ns";

    /// <summary>One sched_setattr call -> <see cref="SimulationCosts.SchedSetattrNs"/>.</summary>
    public const string SchedSetattr = "sched_setattr_ns";

    /// <summary>How late a periodic timer wakes a thread -> <see cref="SimulationCosts.AgentTickWakeupNs"/>.</summary>
    public const string TimerWakeupLate = "timer_wakeup_late_ns";

    /// <summary>Reading one thread's schedstat -> <see cref="SimulationCosts.AgentPerTaskReadNs"/>.</summary>
    public const string SchedstatRead = "schedstat_read_ns";

    /// <summary>Every cost a profile holds, in file order.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [SameCpuSwitch, CrossCpuSwitch, WakeupLatency, ProcessStartExit, SchedSetattr, TimerWakeupLate, SchedstatRead];

    /// <summary>Stock-Linux backend: CPU of one invocation's process start (exec, loading; alps-burn's startup_cpu).</summary>
    public const string InvocationStartCpu = "invocation_start_cpu_ns";

    /// <summary>Stock-Linux backend: CPU of one invocation's process after its work (result, teardown, exit).</summary>
    public const string InvocationExitCpu = "invocation_exit_cpu_ns";

    /// <summary>Stock-Linux backend: the launcher's own CPU per invocation.</summary>
    public const string LauncherCpuPerInvocation = "launcher_cpu_per_invocation_ns";

    /// <summary>Stock-Linux backend: CPU used by nothing a run started (kernel threads, daemons), ns per CPU per second.</summary>
    public const string BackgroundCpuPerCpuSecond = "background_cpu_ns_per_cpu_second";

    /// <summary>Stock-Linux backend: the agent's CPU per system call it makes (its own work around the call included).</summary>
    public const string AgentCpuPerSyscall = "agent_cpu_per_syscall_ns";

    /// <summary>
    /// The stock-Linux backend's costs (the <c>--host linux</c> twin): optional, all or none, measured from a finished
    /// <c>alps-bench real</c> matrix (<c>alps-bench calibrate --costs-from-real DIR</c>); absent, the twin uses its
    /// built-in measurements.
    /// </summary>
    public static IReadOnlyList<string> LinuxBackendNames { get; } =
        [InvocationStartCpu, InvocationExitCpu, LauncherCpuPerInvocation, BackgroundCpuPerCpuSecond, AgentCpuPerSyscall];

    /// <summary>Whether the profile holds the stock-Linux backend's costs (<see cref="LinuxBackendNames"/>).</summary>
    public bool HasLinuxBackendCosts => LinuxBackendNames.All(Costs.ContainsKey);

    /// <summary><paramref name="basis"/> (the ghOSt mechanism costs, which no stock host can measure) with this host's costs.</summary>
    public SimulationCosts Apply(SimulationCosts basis)
    {
        ArgumentNullException.ThrowIfNull(basis);
        return basis with
        {
            ContextSwitchNs = Costs[SameCpuSwitch].ValueNs,
            IdleWakeupNs = Costs[WakeupLatency].ValueNs,
            ProcessStartNs = Costs[ProcessStartExit].ValueNs,
            SchedSetattrNs = Costs[SchedSetattr].ValueNs,
            AgentTickWakeupNs = Costs[TimerWakeupLate].ValueNs,
            AgentPerTaskReadNs = Costs[SchedstatRead].ValueNs,
        };
    }

    /// <summary>This profile for runs whose invocations are threads of one process (no fork, exec or exit per invocation).</summary>
    public HostCostProfile ForThreads() =>
        WithCosts([new(ProcessStartExit, new HostCost(0, Costs[ProcessStartExit].Samples, "not charged: invocations are threads"))]);

    /// <summary>This profile with <paramref name="replaced"/> costs put in (added or replacing this profile's).</summary>
    /// <exception cref="ArgumentException">A name is not a cost a profile holds, or the result would hold some but not
    /// all of the stock-Linux backend's costs (the invariants <see cref="Parse"/> guarantees).</exception>
    public HostCostProfile WithCosts(IEnumerable<KeyValuePair<string, HostCost>> replaced)
    {
        ArgumentNullException.ThrowIfNull(replaced);
        var costs = new Dictionary<string, HostCost>(Costs, StringComparer.Ordinal);
        foreach (KeyValuePair<string, HostCost> kv in replaced)
        {
            if (!Names.Contains(kv.Key) && !LinuxBackendNames.Contains(kv.Key))
            {
                throw new ArgumentException($"'{kv.Key}' is not a host cost: expected one of {string.Join(", ", Names.Concat(LinuxBackendNames))}", nameof(replaced));
            }
            costs[kv.Key] = kv.Value;
        }
        int linux = LinuxBackendNames.Count(costs.ContainsKey);
        if (linux > 0 && linux < LinuxBackendNames.Count)
        {
            throw new ArgumentException("the stock-Linux backend's costs must be all present or all absent", nameof(replaced));
        }
        return this with { Costs = costs };
    }

    /// <summary>Reads and validates <paramref name="path"/>.</summary>
    /// <exception cref="HostCostProfileException">Missing, too large, not JSON, or a field is wrong (the message names the file, field and value).</exception>
    public static HostCostProfile Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new HostCostProfileException($"{path}: cost profile not found");
        }
        if (info.Length > MaxFileBytes)
        {
            throw new HostCostProfileException($"{path}: cost profile is {info.Length} bytes: expected at most {MaxFileBytes}");
        }
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses and validates profile <paramref name="json"/>; <paramref name="source"/> names it in errors.</summary>
    public static HostCostProfile Parse(string json, string source)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 8 }) as JsonObject
                ?? throw new HostCostProfileException($"{source}: expected a JSON object");
        }
        catch (JsonException e)
        {
            throw new HostCostProfileException($"{source}: not valid JSON: {e.Message}");
        }
        string format = Text(root, "format", source);
        if (format != Format)
        {
            throw new HostCostProfileException($"{source}: field 'format' is '{format}': expected '{Format}'");
        }
        long version = Integer(root, "version", source, 1, int.MaxValue);
        if (version != CurrentVersion)
        {
            throw new HostCostProfileException($"{source}: field 'version' is {version}: this build reads version {CurrentVersion}");
        }
        if (root["load_average"] is not JsonArray la || la.Count != 3)
        {
            throw new HostCostProfileException($"{source}: field 'load_average' must be an array of 3 numbers (1, 5, 15 min)");
        }
        var load = new List<double>(3);
        foreach (JsonNode? n in la)
        {
            if (n is not JsonValue v || !v.TryGetValue(out double d) || !(d >= 0 && d < 1e6))
            {
                throw new HostCostProfileException($"{source}: field 'load_average' has '{n?.ToJsonString()}': expected numbers >= 0");
            }
            load.Add(d);
        }
        if (root["costs"] is not JsonObject costs)
        {
            throw new HostCostProfileException($"{source}: field 'costs' must be an object with {string.Join(", ", Names)}");
        }
        var parsed = new Dictionary<string, HostCost>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, JsonNode?> kv in costs)
        {
            if (!Names.Contains(kv.Key) && !LinuxBackendNames.Contains(kv.Key))
            {
                throw new HostCostProfileException($"{source}: unknown cost 'costs.{kv.Key}': expected one of {string.Join(", ", Names.Concat(LinuxBackendNames))}");
            }
            if (kv.Value is not JsonObject c)
            {
                throw new HostCostProfileException($"{source}: 'costs.{kv.Key}' must be an object with value_ns, samples and method");
            }
            string field = "costs." + kv.Key;
            parsed[kv.Key] = new HostCost(
                Integer(c, "value_ns", source, 0, MaxValueNs, field),
                (int)Integer(c, "samples", source, 1, int.MaxValue, field),
                Text(c, "method", source, field));
        }
        foreach (string name in Names)
        {
            if (!parsed.ContainsKey(name))
            {
                throw new HostCostProfileException($"{source}: cost 'costs.{name}' is missing");
            }
        }
        int linux = LinuxBackendNames.Count(parsed.ContainsKey);
        if (linux > 0 && linux < LinuxBackendNames.Count)
        {
            throw new HostCostProfileException($"{source}: the stock-Linux backend's costs come all together or not at all: " +
                $"missing {string.Join(", ", LinuxBackendNames.Where(n => !parsed.ContainsKey(n)).Select(n => "'costs." + n + "'"))}");
        }
        return new HostCostProfile(Text(root, "machine", source), Text(root, "kernel", source),
            (int)Integer(root, "cpus", source, 1, 4096), Text(root, "measured_at_utc", source), load, Text(root, "command", source), parsed);
    }

    /// <summary>The profile as the JSON file <see cref="Parse"/> reads (fixed field order, invariant culture).</summary>
    public string ToJson()
    {
        var costs = new JsonObject();
        foreach (string name in HasLinuxBackendCosts ? Names.Concat(LinuxBackendNames) : Names)
        {
            HostCost c = Costs[name];
            costs[name] = new JsonObject { ["value_ns"] = c.ValueNs, ["samples"] = c.Samples, ["method"] = c.Method };
        }
        var root = new JsonObject
        {
            ["format"] = Format,
            ["version"] = CurrentVersion,
            ["machine"] = Machine,
            ["kernel"] = Kernel,
            ["cpus"] = Cpus,
            ["measured_at_utc"] = MeasuredAtUtc,
            ["load_average"] = new JsonArray([.. LoadAverage.Select(d => (JsonNode?)JsonValue.Create(d))]),
            ["command"] = Command,
            ["costs"] = costs,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>How <see cref="Provenance"/> starts (reports that state it once filter per-run copies by it).</summary>
    public const string ProvenancePrefix = "host costs measured ";

    /// <summary>One line for reports: where the costs came from.</summary>
    public string Provenance() => ProvenancePrefix + string.Format(CultureInfo.InvariantCulture,
        "{0} on {1} ({2} CPUs, {3}), load average {4:0.##}/{5:0.##}/{6:0.##}, by `{7}`",
        MeasuredAtUtc, Machine, Cpus, Kernel, LoadAverage[0], LoadAverage[1], LoadAverage[2], Command);

    private static string Text(JsonObject o, string name, string source, string? parent = null)
    {
        string field = parent is null ? name : parent + "." + name;
        if (o[name] is not JsonValue v || !v.TryGetValue(out string? s) || string.IsNullOrWhiteSpace(s) || s.Length > 1000)
        {
            throw new HostCostProfileException($"{source}: field '{field}' must be a non-empty string of at most 1000 characters");
        }
        return s;
    }

    private static long Integer(JsonObject o, string name, string source, long min, long max, string? parent = null)
    {
        string field = parent is null ? name : parent + "." + name;
        if (o[name] is not JsonValue v || !v.TryGetValue(out long x))
        {
            throw new HostCostProfileException($"{source}: field '{field}' is {o[name]?.ToJsonString() ?? "missing"}: expected an integer in {min}..{max}");
        }
        if (x < min || x > max)
        {
            throw new HostCostProfileException($"{source}: field '{field}' is {x}: expected an integer in {min}..{max}");
        }
        return x;
    }
}

/// <summary>A cost profile file is missing or invalid; the message names the file, field and value.</summary>
public sealed class HostCostProfileException(string message) : Exception(message);
