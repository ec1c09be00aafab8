using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace AlpsGhost.Config;

/// <summary>Hand-written validation of the configuration JSON, mirroring enclave-config.schema.json.</summary>
/// <remarks>Keeps going after an error so one run reports every problem of a file; an invalid or missing optional
/// value falls back to its default so later checks still run. Cross-field rules run only on a file without
/// field errors, because a defaulted field would make them report noise.</remarks>
internal sealed class ConfigReader
{
    private const int MaxRank = 1_000_000;
    private const int MaxSliceMs = 60_000;

    private readonly string _file;
    private readonly List<ConfigError> _errors = [];

    private ConfigReader(string file) => _file = file;

    /// <summary>Parses and validates <paramref name="json"/>; throws <see cref="ConfigException"/> with every error.</summary>
    public static EnclaveConfig Read(string json, string file)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            long line = (ex.LineNumber ?? 0) + 1;
            long column = (ex.BytePositionInLine ?? 0) + 1;
            throw new ConfigException(
            [
                new ConfigError(file, $"line {line}, column {column}", null, DescribeSyntaxError(ex), ConfigErrorKind.MalformedJson),
            ]);
        }
        using (document)
        {
            var reader = new ConfigReader(file);
            var config = reader.ReadRoot(document.RootElement);
            if (reader._errors.Count == 0)
            {
                CrossCheck(config, file, reader._errors);
            }
            if (reader._errors.Count > 0)
            {
                throw new ConfigException(reader._errors);
            }
            return config;
        }
    }

    /// <summary>The cross-field rules; appends to <paramref name="errors"/>.</summary>
    public static void CrossCheck(EnclaveConfig config, string file, List<ConfigError> errors)
    {
        var cpus = config.Cpus;
        if (!cpus.All && config.Agent.GlobalCpu is int global && !cpus.Contains(global))
        {
            errors.Add(new ConfigError(file, "$.agent.global_cpu", global.ToString(CultureInfo.InvariantCulture),
                $"\"first\" or a CPU of $.cpus ({cpus})"));
        }
        if (!cpus.All && config.Agent.Mode == AgentWaitMode.Spinning && cpus.Cpus.Count < 2)
        {
            errors.Add(new ConfigError(file, "$.cpus", Quote(cpus.ToString()),
                "at least 2 CPUs with agent.mode \"spinning\" (the global agent's CPU runs no enclave task)"));
        }
        // ALPS with learning off and no static entries is allowed: in simulation the workload file's
        // static ranks apply, and functions without any entry compete fairly (unknown functions).
        if (config.Identity.RegistrationSocket is null)
        {
            for (int i = 0; i < config.Identity.Rules.Count; i++)
            {
                if (config.Identity.Rules[i].Match == IdentityMatchKind.Metadata)
                {
                    errors.Add(new ConfigError(file, "$.identity.registration_socket", "null",
                        $"a registration socket: the metadata rule $.identity.rules[{i}] only sees metadata registered through it"));
                    break;
                }
            }
        }
        double longestSliceMs = LongestSliceMs(config);
        if (config.RunnableTimeoutMs != 0 && config.RunnableTimeoutMs <= 2 * longestSliceMs)
        {
            errors.Add(new ConfigError(file, "$.runnable_timeout_ms", config.RunnableTimeoutMs.ToString(CultureInfo.InvariantCulture),
                $"0 (off) or more than twice the longest slice the policy may grant ({longestSliceMs.ToString(CultureInfo.InvariantCulture)} ms)"));
        }
        string? registration = config.Identity.RegistrationSocket?.Path;
        if (registration is not null && registration == config.Stats.SocketPath)
        {
            errors.Add(new ConfigError(file, "$.stats.socket_path", Quote(registration),
                "a path different from $.identity.registration_socket.path"));
        }
    }

    private static double LongestSliceMs(EnclaveConfig config)
    {
        switch (config.Policy.Name)
        {
            case PolicyName.Fifo:
                return config.Policy.Fifo.PreemptionSliceMs ?? 0;
            case PolicyName.Alps:
            case PolicyName.AlpsIo:
                var alps = config.Policy.Alps;
                double longest = alps.Learning.Enabled ? alps.Learning.MaxSliceMs : 0;
                foreach (var entry in alps.Static)
                {
                    longest = Math.Max(longest, entry.SliceMs);
                }
                return longest;
            default:
                return 0;
        }
    }

    private EnclaveConfig ReadRoot(JsonElement root)
    {
        var config = new EnclaveConfig();
        if (!BeginObject(root, "$", "$"))
        {
            return config;
        }
        if (root.TryGetProperty("$schema", out var schema) && schema.ValueKind != JsonValueKind.String)
        {
            Invalid("$.$schema", schema, "a string (the schema's URI, ignored by the loader)");
        }
        if (root.TryGetProperty("cpus", out var cpusElement))
        {
            var cpus = cpusElement.ValueKind == JsonValueKind.String ? CpuSelection.TryParse(cpusElement.GetString()) : null;
            if (cpus is null)
            {
                Invalid("$.cpus", cpusElement, CpuSelection.Expected);
            }
            else
            {
                config = config with { Cpus = cpus };
            }
        }
        config = config with
        {
            Agent = ReadAgent(root),
            Policy = ReadPolicy(root),
            Identity = ReadIdentity(root),
            RunnableTimeoutMs = ReadRunnableTimeout(root),
            Stats = ReadStats(root),
            Kernel = ReadKernel(root),
        };
        return config;
    }

    private AgentConfig ReadAgent(JsonElement root)
    {
        var agent = new AgentConfig();
        if (!Section(root, "$", "agent", out var element))
        {
            return agent;
        }
        const string path = "$.agent";
        int? globalCpu = agent.GlobalCpu;
        if (element.TryGetProperty("global_cpu", out var cpu))
        {
            var bounds = new Bounds(0, CpuSelection.MaxCpu);
            if (cpu.ValueKind == JsonValueKind.String && cpu.GetString() == "first")
            {
                globalCpu = null;
            }
            else if (TryInteger(cpu, bounds, out long value))
            {
                globalCpu = (int)value;
            }
            else
            {
                Invalid(path + ".global_cpu", cpu, "\"first\" or " + bounds.Describe(integer: true));
            }
        }
        return agent with
        {
            Mode = Enum(element, path, "mode", agent.Mode),
            GlobalCpu = globalCpu,
        };
    }

    private PolicyConfig ReadPolicy(JsonElement root)
    {
        var policy = new PolicyConfig();
        if (!Section(root, "$", "policy", out var element))
        {
            return policy;
        }
        const string path = "$.policy";
        var fifo = policy.Fifo;
        if (Section(element, path, "fifo", out var fifoElement))
        {
            fifo = fifo with
            {
                PreemptionSliceMs = NullableNumber(fifoElement, path + ".fifo", "preemption_slice_ms", fifo.PreemptionSliceMs,
                    new Bounds(0, MaxSliceMs, MinExclusive: true), "null (never preempt) or "),
            };
        }
        return policy with
        {
            Name = Enum(element, path, "name", policy.Name),
            Fifo = fifo,
            Alps = ReadAlps(element),
        };
    }

    private AlpsConfig ReadAlps(JsonElement policy)
    {
        var alps = new AlpsConfig();
        if (!Section(policy, "$.policy", "alps", out var element))
        {
            return alps;
        }
        const string path = "$.policy.alps";
        return alps with
        {
            Learning = ReadLearning(element),
            Static = ReadStatic(element, path),
            UnknownFunctions = ReadUnknownFunctions(element, path),
            Order = Enum(element, path, "order", alps.Order),
            StarvationLimitMs = Integer(element, path, "starvation_limit_ms", alps.StarvationLimitMs, new Bounds(0, 3_600_000)),
            AgedQuantumMs = Integer(element, path, "aged_quantum_ms", alps.AgedQuantumMs, new Bounds(0, 10_000)),
            IoPreemptGuardMs = Integer(element, path, "io_preempt_guard_ms", alps.IoPreemptGuardMs, new Bounds(0, 10_000)),
        };
    }

    private LearningConfig ReadLearning(JsonElement alps)
    {
        var d = new LearningConfig();
        if (!Section(alps, "$.policy.alps", "learning", out var e))
        {
            return d;
        }
        const string p = "$.policy.alps.learning";
        var seconds = new Bounds(0, 86_400, MinExclusive: true);
        return new LearningConfig
        {
            Enabled = Bool(e, p, "enabled", d.Enabled),
            WindowS = Number(e, p, "window_s", d.WindowS, seconds),
            PeriodS = NullableNumber(e, p, "period_s", d.PeriodS, seconds, "null (one round per window) or "),
            FirstRoundS = NullableNumber(e, p, "first_round_s", d.FirstRoundS, seconds, "null (the first round after one period) or "),
            Mode = Enum(e, p, "mode", d.Mode),
            SampleDivisor = Integer(e, p, "sample_divisor", d.SampleDivisor, new Bounds(1, 1024)),
            MaxJobs = Integer(e, p, "max_jobs", d.MaxJobs, new Bounds(1, 1_000_000)),
            Trainer = Enum(e, p, "trainer", d.Trainer),
            Seed = Integer(e, p, "seed", d.Seed, new Bounds(0, int.MaxValue)),
            Alpha = Number(e, p, "alpha", d.Alpha, new Bounds(0, double.PositiveInfinity, MinExclusive: true)),
            Beta = Number(e, p, "beta", d.Beta, new Bounds(0, double.PositiveInfinity)),
            Gamma = Number(e, p, "gamma", d.Gamma, new Bounds(0, double.PositiveInfinity, MinExclusive: true)),
            Theta = Number(e, p, "theta", d.Theta, new Bounds(0, 100)),
            MinRunTicks = Integer(e, p, "min_run_ticks", d.MinRunTicks, new Bounds(1, 10_000)),
            MaxSliceMs = Integer(e, p, "max_slice_ms", d.MaxSliceMs, new Bounds(1, MaxSliceMs)),
            Smoothing = Number(e, p, "smoothing", d.Smoothing, new Bounds(0, 1, MinExclusive: true), " (weight of the new slice; 1 disables smoothing)"),
            UnpredictabilityTuning = Bool(e, p, "unpredictability_tuning", d.UnpredictabilityTuning),
            OverloadTuning = Bool(e, p, "overload_tuning", d.OverloadTuning),
            MonotoneCap = Bool(e, p, "monotone_cap", d.MonotoneCap),
            RankBasis = Enum(e, p, "rank_basis", d.RankBasis),
        };
    }

    private EquatableArray<StaticFunctionEntry> ReadStatic(JsonElement alps, string alpsPath)
    {
        string path = alpsPath + ".static";
        if (!alps.TryGetProperty("static", out var array))
        {
            return EquatableArray<StaticFunctionEntry>.Empty;
        }
        if (array.ValueKind != JsonValueKind.Array)
        {
            Invalid(path, array, "an array of { \"function\", \"rank\", \"slice_ms\" } objects");
            return EquatableArray<StaticFunctionEntry>.Empty;
        }
        var entries = new List<StaticFunctionEntry>();
        var firstIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        int index = 0;
        foreach (var item in array.EnumerateArray())
        {
            string itemPath = $"{path}[{index}]";
            if (BeginObject(item, itemPath, "$.policy.alps.static[]"))
            {
                string? function = RequiredFunctionName(item, itemPath, "function");
                int? rank = RequiredInteger(item, itemPath, "rank", new Bounds(1, MaxRank));
                int? slice = RequiredInteger(item, itemPath, "slice_ms", new Bounds(0, MaxSliceMs));
                if (function is not null && firstIndex.TryGetValue(function, out int first))
                {
                    _errors.Add(new ConfigError(_file, itemPath + ".function", Quote(function),
                        $"a function name not already listed (it is at {path}[{first}])"));
                }
                else if (function is not null)
                {
                    firstIndex.Add(function, index);
                }
                if (function is not null && rank is int r && slice is int s)
                {
                    entries.Add(new StaticFunctionEntry(function, r, s));
                }
            }
            index++;
        }
        return new EquatableArray<StaticFunctionEntry>(entries);
    }

    private UnknownFunctionsConfig ReadUnknownFunctions(JsonElement alps, string alpsPath)
    {
        var d = new UnknownFunctionsConfig();
        if (!Section(alps, alpsPath, "unknown_functions", out var e))
        {
            return d;
        }
        string path = alpsPath + ".unknown_functions";
        var mode = Enum(e, path, "mode", d.Mode);
        int? rank = null;
        bool hasRank = e.TryGetProperty("rank", out var rankElement);
        var bounds = new Bounds(1, MaxRank);
        if (mode == UnknownFunctionMode.FallbackRank)
        {
            rank = RequiredInteger(e, path, "rank", bounds, " (required with mode \"fallback-rank\")");
        }
        else if (hasRank)
        {
            Invalid(path + ".rank", rankElement, "no rank with mode \"fair\" (rank is used only by \"fallback-rank\")");
        }
        return new UnknownFunctionsConfig { Mode = mode, Rank = rank };
    }

    private IdentityConfig ReadIdentity(JsonElement root)
    {
        var d = new IdentityConfig();
        if (!Section(root, "$", "identity", out var e))
        {
            return d;
        }
        const string path = "$.identity";
        var rules = d.Rules;
        if (e.TryGetProperty("rules", out var array))
        {
            rules = ReadRules(array, path + ".rules");
        }
        RegistrationSocketConfig? socket = null;
        if (e.TryGetProperty("registration_socket", out var socketElement) && socketElement.ValueKind != JsonValueKind.Null)
        {
            socket = ReadRegistrationSocket(socketElement, path + ".registration_socket");
        }
        return new IdentityConfig { Rules = rules, RegistrationSocket = socket };
    }

    private EquatableArray<IdentityRule> ReadRules(JsonElement array, string path)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            Invalid(path, array, "an array of { \"match\", \"pattern\", \"function\" } objects");
            return EquatableArray<IdentityRule>.Empty;
        }
        var rules = new List<IdentityRule>();
        int index = 0;
        foreach (var item in array.EnumerateArray())
        {
            string itemPath = $"{path}[{index++}]";
            if (!BeginObject(item, itemPath, "$.identity.rules[]"))
            {
                continue;
            }
            IdentityMatchKind? match = null;
            if (!item.TryGetProperty("match", out var matchElement))
            {
                Missing(itemPath + ".match", EnumExpectation("$.identity.rules[].match"));
            }
            else
            {
                match = Enum(item, itemPath, "match", IdentityMatchKind.Cgroup, "$.identity.rules[].match", out bool ok);
                if (!ok)
                {
                    match = null;
                }
            }
            string? pattern = null;
            GlobPattern? glob = null;
            if (!item.TryGetProperty("pattern", out var patternElement))
            {
                Missing(itemPath + ".pattern", "a glob pattern string");
            }
            else if (patternElement.ValueKind != JsonValueKind.String)
            {
                Invalid(itemPath + ".pattern", patternElement, "a glob pattern string");
            }
            else if (match is IdentityMatchKind kind)
            {
                pattern = patternElement.GetString()!;
                if (!GlobPattern.TryCompile(pattern, kind, out glob, out string? problem))
                {
                    Invalid(itemPath + ".pattern", patternElement, problem!);
                    pattern = null;
                }
            }
            string? function = null;
            bool hasFunction = item.TryGetProperty("function", out var functionElement);
            if (glob is not null && glob.HasCapture && hasFunction)
            {
                Invalid(itemPath + ".function", functionElement, "no function: the pattern captures {function}");
            }
            else if (glob is not null && !glob.HasCapture)
            {
                function = RequiredFunctionName(item, itemPath, "function", " (the pattern has no {function} capture)");
            }
            string? key = null;
            if (item.TryGetProperty("key", out var keyElement))
            {
                if (match is not null and not IdentityMatchKind.Metadata)
                {
                    Invalid(itemPath + ".key", keyElement, "no key: only \"metadata\" rules read a metadata key");
                }
                else if (keyElement.ValueKind != JsonValueKind.String || !IsName(keyElement.GetString()!))
                {
                    Invalid(itemPath + ".key", keyElement, "a metadata key name (1-255 printable characters)");
                }
                else
                {
                    key = keyElement.GetString();
                }
            }
            if (match == IdentityMatchKind.Metadata)
            {
                key ??= FunctionIdentityRules.DefaultMetadataKey;
            }
            if (match is IdentityMatchKind m && pattern is not null && (glob!.HasCapture || function is not null))
            {
                rules.Add(new IdentityRule(m, pattern, function, key));
            }
        }
        return new EquatableArray<IdentityRule>(rules);
    }

    private RegistrationSocketConfig ReadRegistrationSocket(JsonElement e, string path)
    {
        var d = new RegistrationSocketConfig();
        if (!BeginObject(e, path, "$.identity.registration_socket", "null (no socket) or an object"))
        {
            return d;
        }
        int mode = d.Mode;
        if (e.TryGetProperty("mode", out var modeElement))
        {
            if (modeElement.ValueKind == JsonValueKind.String && TryParseOctalMode(modeElement.GetString()!, out int parsed))
            {
                mode = parsed;
            }
            else
            {
                Invalid(path + ".mode", modeElement, "an octal file mode string like \"0660\" (3 or 4 octal digits, at most 0777)");
            }
        }
        return new RegistrationSocketConfig
        {
            Path = SocketPath(e, path, "path", d.Path, nullable: false)!,
            Mode = mode,
            AllowedUids = IdList(e, path, "allowed_uids"),
            AllowedGids = IdList(e, path, "allowed_gids"),
            MaxLineBytes = Integer(e, path, "max_line_bytes", d.MaxLineBytes, new Bounds(64, 1_048_576)),
            MaxClients = Integer(e, path, "max_clients", d.MaxClients, new Bounds(1, 65_536)),
            MaxLinesPerS = Integer(e, path, "max_lines_per_s", d.MaxLinesPerS, new Bounds(1, 1_000_000)),
        };
    }

    /// <summary>Non-zero runnable_timeout_ms values the file and <c>--runnable-timeout-ms</c> accept (0 = off).</summary>
    internal static readonly Bounds RunnableTimeoutBounds = new(100, 86_400_000);

    /// <summary>What runnable_timeout_ms must be, in words (file and flag alike).</summary>
    internal static string RunnableTimeoutExpected => "0 (off) or " + RunnableTimeoutBounds.Describe(integer: true);

    /// <summary>The one range rule of runnable_timeout_ms (the cross-field rule against slices is in <see cref="CrossCheck"/>).</summary>
    internal static bool IsRunnableTimeout(long value) => value == 0 || RunnableTimeoutBounds.Contains(value);

    private int ReadRunnableTimeout(JsonElement root)
    {
        int value = new EnclaveConfig().RunnableTimeoutMs;
        if (root.TryGetProperty("runnable_timeout_ms", out var e))
        {
            if (TryInteger(e, new Bounds(0, RunnableTimeoutBounds.Max), out long parsed) && IsRunnableTimeout(parsed))
            {
                value = (int)parsed;
            }
            else
            {
                Invalid("$.runnable_timeout_ms", e, RunnableTimeoutExpected);
            }
        }
        return value;
    }

    private StatsConfig ReadStats(JsonElement root)
    {
        var d = new StatsConfig();
        if (!Section(root, "$", "stats", out var e))
        {
            return d;
        }
        const string path = "$.stats";
        var prometheus = d.Prometheus;
        if (Section(e, path, "prometheus", out var p))
        {
            const string pp = path + ".prometheus";
            string address = prometheus.Address;
            if (p.TryGetProperty("address", out var addressElement))
            {
                if (addressElement.ValueKind == JsonValueKind.String && IsIpLiteral(addressElement.GetString()!))
                {
                    address = addressElement.GetString()!;
                }
                else
                {
                    Invalid(pp + ".address", addressElement, "an IPv4 or IPv6 address literal like \"127.0.0.1\" or \"::1\"");
                }
            }
            prometheus = new PrometheusConfig
            {
                Enabled = Bool(p, pp, "enabled", prometheus.Enabled),
                Address = address,
                Port = Integer(p, pp, "port", prometheus.Port, new Bounds(1, 65_535)),
            };
        }
        return new StatsConfig
        {
            Prometheus = prometheus,
            SocketPath = SocketPath(e, path, "socket_path", d.SocketPath, nullable: true),
        };
    }

    private KernelConfig ReadKernel(JsonElement root)
    {
        var d = new KernelConfig();
        if (!Section(root, "$", "kernel", out var e))
        {
            return d;
        }
        const string path = "$.kernel";
        int? abi = d.Abi;
        if (e.TryGetProperty("abi", out var abiElement))
        {
            if (abiElement.ValueKind == JsonValueKind.String && abiElement.GetString() == "auto")
            {
                abi = null;
            }
            else if (TryInteger(abiElement, new Bounds(0, int.MaxValue), out long value) && Array.IndexOf(ConfigShape.KernelAbis, (int)value) >= 0)
            {
                abi = (int)value;
            }
            else
            {
                Invalid(path + ".abi", abiElement, "\"auto\" or one of the integers " + string.Join(", ", ConfigShape.KernelAbis));
            }
        }
        return new KernelConfig { Abi = abi, DeliverTicks = Bool(e, path, "deliver_ticks", d.DeliverTicks) };
    }

    // ---- generic helpers -------------------------------------------------------------------------------------

    /// <summary>Checks an object: its type, duplicate and unknown property names.</summary>
    private bool BeginObject(JsonElement element, string path, string shape, string expected = "an object")
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Invalid(path, element, expected);
            return false;
        }
        string[] allowed = ConfigShape.Objects[shape];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            string propertyPath = Child(path, property.Name);
            if (!seen.Add(property.Name))
            {
                _errors.Add(new ConfigError(_file, propertyPath, Quote(property.Name), "each property once per object", ConfigErrorKind.DuplicateProperty));
            }
            else if (Array.IndexOf(allowed, property.Name) < 0)
            {
                _errors.Add(new ConfigError(_file, propertyPath, Quote(property.Name), DescribeAllowed(allowed, property.Name), ConfigErrorKind.UnknownProperty));
            }
        }
        return true;
    }

    /// <summary>An optional sub-object: false when absent or not an object (the latter is reported).</summary>
    private bool Section(JsonElement parent, string parentPath, string name, out JsonElement section)
    {
        if (!parent.TryGetProperty(name, out section))
        {
            return false;
        }
        string path = Child(parentPath, name);
        return BeginObject(section, path, path);
    }

    private bool Bool(JsonElement obj, string path, string name, bool fallback)
    {
        if (!obj.TryGetProperty(name, out var e))
        {
            return fallback;
        }
        if (e.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return e.GetBoolean();
        }
        Invalid(Child(path, name), e, "true or false");
        return fallback;
    }

    private double Number(JsonElement obj, string path, string name, double fallback, Bounds bounds, string note = "")
    {
        if (!obj.TryGetProperty(name, out var e))
        {
            return fallback;
        }
        if (e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out double value) && double.IsFinite(value) && bounds.Contains(value))
        {
            return value;
        }
        Invalid(Child(path, name), e, bounds.Describe(integer: false) + note);
        return fallback;
    }

    private double? NullableNumber(JsonElement obj, string path, string name, double? fallback, Bounds bounds, string nullMeaning)
    {
        if (!obj.TryGetProperty(name, out var e))
        {
            return fallback;
        }
        if (e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out double value) && double.IsFinite(value) && bounds.Contains(value))
        {
            return value;
        }
        Invalid(Child(path, name), e, nullMeaning + bounds.Describe(integer: false));
        return fallback;
    }

    private int Integer(JsonElement obj, string path, string name, int fallback, Bounds bounds)
    {
        if (!obj.TryGetProperty(name, out var e))
        {
            return fallback;
        }
        if (TryInteger(e, bounds, out long value))
        {
            return (int)value;
        }
        Invalid(Child(path, name), e, bounds.Describe(integer: true));
        return fallback;
    }

    private int? RequiredInteger(JsonElement obj, string path, string name, Bounds bounds, string note = "")
    {
        if (!obj.TryGetProperty(name, out var e))
        {
            Missing(Child(path, name), bounds.Describe(integer: true) + note);
            return null;
        }
        if (TryInteger(e, bounds, out long value))
        {
            return (int)value;
        }
        Invalid(Child(path, name), e, bounds.Describe(integer: true) + note);
        return null;
    }

    private static bool TryInteger(JsonElement e, Bounds bounds, out long value)
    {
        value = 0;
        return e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out value) && bounds.Contains(value);
    }

    private T Enum<T>(JsonElement obj, string path, string name, T fallback)
        where T : struct, Enum => Enum(obj, path, name, fallback, Child(path, name), out _);

    private T Enum<T>(JsonElement obj, string path, string name, T fallback, string shape, out bool ok)
        where T : struct, Enum
    {
        ok = false;
        if (!obj.TryGetProperty(name, out var e))
        {
            return fallback;
        }
        string[] names = ConfigShape.Enums[shape];
        if (e.ValueKind == JsonValueKind.String)
        {
            int index = Array.IndexOf(names, e.GetString());
            if (index >= 0)
            {
                ok = true;
                return System.Enum.GetValues<T>()[index];
            }
        }
        Invalid(Child(path, name), e, EnumExpectation(shape));
        return fallback;
    }

    private string? RequiredFunctionName(JsonElement obj, string path, string name, string note = "")
    {
        const string expected = "a function name (1-255 printable characters)";
        if (!obj.TryGetProperty(name, out var e))
        {
            Missing(Child(path, name), expected + note);
            return null;
        }
        if (e.ValueKind == JsonValueKind.String && IsName(e.GetString()!))
        {
            return e.GetString();
        }
        Invalid(Child(path, name), e, expected + note);
        return null;
    }

    private string? SocketPath(JsonElement obj, string path, string name, string? fallback, bool nullable)
    {
        if (!obj.TryGetProperty(name, out var e))
        {
            return fallback;
        }
        if (nullable && e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (e.ValueKind == JsonValueKind.String && IsSocketPath(e.GetString()!))
        {
            return e.GetString();
        }
        Invalid(Child(path, name), e, (nullable ? "null (none) or " : "") + UnixSocketPath.Expected);
        return fallback;
    }

    private EquatableArray<int> IdList(JsonElement obj, string path, string name)
    {
        if (!obj.TryGetProperty(name, out var e))
        {
            return EquatableArray<int>.Empty;
        }
        string listPath = Child(path, name);
        if (e.ValueKind != JsonValueKind.Array)
        {
            Invalid(listPath, e, "an array of numeric ids");
            return EquatableArray<int>.Empty;
        }
        // uid_t is 32 bits but ids above int.MaxValue are not used in practice and (uid_t)-1 means "no id".
        var bounds = new Bounds(0, int.MaxValue);
        var ids = new List<int>();
        int index = 0;
        foreach (var item in e.EnumerateArray())
        {
            if (!TryInteger(item, bounds, out long id))
            {
                Invalid($"{listPath}[{index}]", item, bounds.Describe(integer: true));
            }
            else if (ids.Contains((int)id))
            {
                Invalid($"{listPath}[{index}]", item, "an id not already listed");
            }
            else
            {
                ids.Add((int)id);
            }
            index++;
        }
        return new EquatableArray<int>(ids);
    }

    private void Invalid(string path, JsonElement value, string expected) =>
        _errors.Add(new ConfigError(_file, path, Raw(value), expected));

    private void Missing(string path, string expected) =>
        _errors.Add(new ConfigError(_file, path, null, expected, ConfigErrorKind.Missing));

    // ---- shared value rules (also used by ConfigOverrides) ---------------------------------------------------

    /// <summary>"one of \"a\", \"b\"" for the enumeration at <paramref name="shape"/>.</summary>
    internal static string EnumExpectation(string shape) => "one of " + string.Join(", ", Array.ConvertAll(ConfigShape.Enums[shape], Quote));

    /// <summary>Maps an enumeration's text to its value; false when not accepted.</summary>
    internal static bool TryEnum<T>(string shape, string? text, out T value)
        where T : struct, Enum
    {
        int index = Array.IndexOf(ConfigShape.Enums[shape], text);
        value = index >= 0 ? System.Enum.GetValues<T>()[index] : default;
        return index >= 0;
    }

    /// <summary>Parses "0660"-style modes: 3 or 4 octal digits, at most 0777.</summary>
    internal static bool TryParseOctalMode(string text, out int mode)
    {
        mode = 0;
        if (text.Length is < 3 or > 4 || (text.Length == 4 && text[0] != '0'))
        {
            return false;
        }
        foreach (char c in text)
        {
            if (c is < '0' or > '7')
            {
                return false;
            }
            mode = (mode * 8) + (c - '0');
        }
        return true;
    }

    // The JSON string literal of text, as JsonSerializer writes it (same default encoder) but without the reflection
    // serializer, which NativeAOT cannot use.
    internal static string Quote(string text) => "\"" + JsonEncodedText.Encode(text).Value + "\"";

    private static bool IsName(string text)
    {
        if (text.Length is 0 or > 255)
        {
            return false;
        }
        foreach (char c in text)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsSocketPath(string text) => UnixSocketPath.IsValid(text);

    private static bool IsIpLiteral(string text) =>
        // IPAddress.TryParse also accepts shorthand like "1" (= 0.0.0.1); require a dotted quad or an IPv6 colon form.
        (text.Contains(':', StringComparison.Ordinal) || text.Split('.').Length == 4) && IPAddress.TryParse(text, out _);

    private static string Child(string path, string name)
    {
        bool simple = name.Length > 0 && !char.IsAsciiDigit(name[0]);
        foreach (char c in name)
        {
            simple &= char.IsAsciiLetterOrDigit(c) || c is '_' or '$';
        }
        return simple ? path + "." + name : path + "[" + Quote(name) + "]";
    }

    private static string Raw(JsonElement value)
    {
        string raw = value.GetRawText();
        return raw.Length <= 80 ? raw : string.Concat(raw.AsSpan(0, 77), "...");
    }

    private static string DescribeAllowed(string[] allowed, string name)
    {
        string text = "one of " + string.Join(", ", Array.ConvertAll(allowed, Quote));
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in allowed)
        {
            int distance = EditDistance(name, candidate);
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }
        // Suggest only near misses (typos), not arbitrary names.
        return best is not null && bestDistance <= Math.Max(1, name.Length / 3) ? $"{text} (did you mean {Quote(best)}?)" : text;
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    private static string DescribeSyntaxError(JsonException ex)
    {
        // System.Text.Json appends its own position (" Path: ... | LineNumber: ... | BytePositionInLine: ...") and
        // hints about reader options the user cannot set; we report the position ourselves, 1-based.
        string message = ex.Message;
        foreach (string marker in new[] { " Path:", " LineNumber:" })
        {
            int cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut >= 0)
            {
                message = message[..cut];
            }
        }
        message = message
            .Replace(" Change the reader options.", "", StringComparison.Ordinal)
            .Replace(" in this mode", "", StringComparison.Ordinal)
            .Replace(", when isFinalBlock is true", "", StringComparison.Ordinal)
            .TrimEnd();
        return ex.Path is { Length: > 0 } path && path != "$" ? $"{message} (inside {path})" : message;
    }
}
