namespace AlpsGhost.Config;

/// <summary>The property names and enumeration values the loader accepts, per JSON path template.</summary>
/// <remarks>The single source the loader checks unknown keys and enum values against; a test compares it with
/// <c>enclave-config.schema.json</c> so the schema and the hand-written validation cannot drift apart.
/// Array items are written <c>path[]</c>.</remarks>
internal static class ConfigShape
{
    /// <summary>Object path template -> allowed property names.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Objects = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["$"] = ["$schema", "cpus", "agent", "policy", "identity", "runnable_timeout_ms", "stats", "kernel"],
        ["$.agent"] = ["mode", "global_cpu"],
        ["$.policy"] = ["name", "fifo", "alps"],
        ["$.policy.fifo"] = ["preemption_slice_ms"],
        ["$.policy.alps"] = ["learning", "static", "unknown_functions", "order", "starvation_limit_ms", "aged_quantum_ms", "io_preempt_guard_ms"],
        ["$.policy.alps.learning"] =
        [
            "enabled", "window_s", "period_s", "first_round_s", "mode", "sample_divisor", "max_jobs", "trainer", "seed", "alpha", "beta",
            "gamma", "theta", "min_run_ticks", "max_slice_ms", "smoothing", "unpredictability_tuning",
            "overload_tuning", "monotone_cap", "rank_basis",
        ],
        ["$.policy.alps.static[]"] = ["function", "rank", "slice_ms"],
        ["$.policy.alps.unknown_functions"] = ["mode", "rank"],
        ["$.identity"] = ["rules", "registration_socket"],
        ["$.identity.rules[]"] = ["match", "pattern", "function", "key"],
        ["$.identity.registration_socket"] =
            ["path", "mode", "allowed_uids", "allowed_gids", "max_line_bytes", "max_clients", "max_lines_per_s"],
        ["$.stats"] = ["prometheus", "socket_path"],
        ["$.stats.prometheus"] = ["enabled", "address", "port"],
        ["$.kernel"] = ["abi", "deliver_ticks"],
    };

    /// <summary>Path template of a pure string enumeration -> its values, in the order of the matching C# enum.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Enums = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["$.agent.mode"] = ["spinning", "queue-wakeup", "adaptive"],
        ["$.policy.name"] = ["fifo", "alps", "cfs", "sfs", "srpt", "alps-io", "gittins-oracle", "gittins-oracle-seen"],
        ["$.policy.alps.learning.mode"] = ["reference", "multi"],
        ["$.policy.alps.learning.trainer"] = ["avg", "lr", "forest"],
        ["$.policy.alps.learning.rank_basis"] = ["demand", "segment"],
        ["$.policy.alps.order"] = ["rank", "gittins"],
        ["$.policy.alps.unknown_functions.mode"] = ["fair", "fallback-rank"],
        ["$.identity.rules[].match"] = ["cgroup", "comm", "metadata"],
    };

    /// <summary>The ghOSt ABIs the shim knows (docs/ghost-abi.md section 1).</summary>
    public static readonly int[] KernelAbis = [84, 90, 91];
}
