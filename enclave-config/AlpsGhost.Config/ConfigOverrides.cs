using System.Globalization;

namespace AlpsGhost.Config;

/// <summary>Command-line values that replace file values; null members leave the file's value alone.</summary>
/// <remarks>Values are the flags' text and go through the same checks as the file; errors name the JSON path the
/// flag overrides and the file "command line".</remarks>
public sealed record ConfigOverrides
{
    /// <summary>The file name used in errors about overrides.</summary>
    public const string Source = "command line";

    /// <summary>Replaces <c>cpus</c> ("all" or a cpulist).</summary>
    public string? Cpus { get; init; }

    /// <summary>Replaces <c>agent.mode</c> ("spinning" or "queue-wakeup").</summary>
    public string? AgentMode { get; init; }

    /// <summary>Replaces <c>agent.global_cpu</c> ("first" or a CPU number).</summary>
    public string? GlobalCpu { get; init; }

    /// <summary>Replaces <c>policy.name</c> ("fifo", "alps", "cfs", "sfs", "srpt", "alps-io", "gittins-oracle", "gittins-oracle-seen").</summary>
    public string? Policy { get; init; }

    /// <summary>Replaces <c>policy.alps.learning.enabled</c>.</summary>
    public bool? Learning { get; init; }

    /// <summary>Replaces <c>policy.alps.learning.mode</c> ("reference" or "multi").</summary>
    public string? LearningMode { get; init; }

    /// <summary>Replaces <c>policy.alps.learning.trainer</c> ("avg", "lr", "forest").</summary>
    public string? Trainer { get; init; }

    /// <summary>Replaces <c>policy.alps.learning.window_s</c>.</summary>
    public double? WindowS { get; init; }

    /// <summary>Replaces <c>policy.alps.learning.period_s</c>.</summary>
    public double? PeriodS { get; init; }

    /// <summary>Replaces <c>policy.alps.learning.seed</c>.</summary>
    public int? Seed { get; init; }

    /// <summary>Replaces <c>runnable_timeout_ms</c> (same range and cross-field rule as the file).</summary>
    public long? RunnableTimeoutMs { get; init; }

    /// <summary>Applies <paramref name="overrides"/> to <paramref name="config"/> and re-checks the cross-field rules.</summary>
    /// <exception cref="ConfigException">Every invalid override (and any broken cross-field rule).</exception>
    public static EnclaveConfig Apply(EnclaveConfig config, ConfigOverrides overrides)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(overrides);
        var errors = new List<ConfigError>();
        var agent = config.Agent;
        var policy = config.Policy;
        var learning = policy.Alps.Learning;
        var cpus = config.Cpus;

        if (overrides.Cpus is not null)
        {
            cpus = CpuSelection.TryParse(overrides.Cpus) ?? Fail(errors, "$.cpus", overrides.Cpus, CpuSelection.Expected, cpus);
        }
        if (overrides.AgentMode is not null)
        {
            agent = agent with { Mode = Enum(errors, "$.agent.mode", overrides.AgentMode, agent.Mode) };
        }
        if (overrides.GlobalCpu is not null)
        {
            if (overrides.GlobalCpu == "first")
            {
                agent = agent with { GlobalCpu = null };
            }
            else if (int.TryParse(overrides.GlobalCpu, NumberStyles.None, CultureInfo.InvariantCulture, out int cpu) && cpu <= CpuSelection.MaxCpu)
            {
                agent = agent with { GlobalCpu = cpu };
            }
            else
            {
                Fail(errors, "$.agent.global_cpu", overrides.GlobalCpu, $"\"first\" or an integer >= 0 and <= {CpuSelection.MaxCpu}", 0);
            }
        }
        if (overrides.Policy is not null)
        {
            policy = policy with { Name = Enum(errors, "$.policy.name", overrides.Policy, policy.Name) };
        }
        if (overrides.Learning is bool enabled)
        {
            learning = learning with { Enabled = enabled };
        }
        if (overrides.LearningMode is not null)
        {
            learning = learning with { Mode = Enum(errors, "$.policy.alps.learning.mode", overrides.LearningMode, learning.Mode) };
        }
        if (overrides.Trainer is not null)
        {
            learning = learning with { Trainer = Enum(errors, "$.policy.alps.learning.trainer", overrides.Trainer, learning.Trainer) };
        }
        var seconds = new Bounds(0, 86_400, MinExclusive: true);
        if (overrides.WindowS is double window)
        {
            learning = seconds.Contains(window)
                ? learning with { WindowS = window }
                : Fail(errors, "$.policy.alps.learning.window_s", window, seconds.Describe(integer: false), learning);
        }
        if (overrides.PeriodS is double period)
        {
            learning = seconds.Contains(period)
                ? learning with { PeriodS = period }
                : Fail(errors, "$.policy.alps.learning.period_s", period, seconds.Describe(integer: false), learning);
        }
        if (overrides.Seed is int seed)
        {
            learning = seed >= 0
                ? learning with { Seed = seed }
                : Fail(errors, "$.policy.alps.learning.seed", seed, "an integer >= 0", learning);
        }
        int runnableTimeout = config.RunnableTimeoutMs;
        if (overrides.RunnableTimeoutMs is long timeout)
        {
            runnableTimeout = ConfigReader.IsRunnableTimeout(timeout)
                ? (int)timeout
                : Fail(errors, "$.runnable_timeout_ms", timeout, ConfigReader.RunnableTimeoutExpected, runnableTimeout);
        }
        var result = config with
        {
            RunnableTimeoutMs = runnableTimeout,
            Cpus = cpus,
            Agent = agent,
            Policy = policy with { Alps = policy.Alps with { Learning = learning } },
        };
        if (errors.Count == 0)
        {
            ConfigReader.CrossCheck(result, Source, errors);
        }
        return errors.Count == 0 ? result : throw new ConfigException(errors);
    }

    private static T Enum<T>(List<ConfigError> errors, string path, string text, T fallback)
        where T : struct, Enum =>
        ConfigReader.TryEnum(path, text, out T value) ? value : Fail(errors, path, text, ConfigReader.EnumExpectation(path), fallback);

    private static T Fail<T>(List<ConfigError> errors, string path, string text, string expected, T fallback)
    {
        errors.Add(new ConfigError(Source, path, ConfigReader.Quote(text), expected));
        return fallback;
    }

    private static T Fail<T>(List<ConfigError> errors, string path, double value, string expected, T fallback)
    {
        errors.Add(new ConfigError(Source, path, value.ToString("R", CultureInfo.InvariantCulture), expected));
        return fallback;
    }
}
