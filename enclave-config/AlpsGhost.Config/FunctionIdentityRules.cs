using System.Globalization;

namespace AlpsGhost.Config;

/// <summary>Finds a task's function name from its cgroup path, command name or registered metadata.</summary>
/// <remarks>
/// Pure (no I/O) and immutable, so one instance can be shared. Rules are tried in order and the first match wins.
/// Patterns are compiled once here; a match allocates only the captured name (fixed names are shared strings).
/// Metadata reaches the agent through the registration socket (a launcher such as OpenLambda sends the pid and its
/// worker config's <c>function_name</c> / <c>seal_priority</c>); the caller passes what was registered for the task.
/// </remarks>
public sealed class FunctionIdentityRules
{
    /// <summary>The metadata key a metadata rule reads unless it names another (OpenLambda's worker config key).</summary>
    public const string DefaultMetadataKey = "function_name";

    /// <summary>OpenLambda's per-function priority key, read as a rank hint (docs/algorithm.md section 3.4).</summary>
    public const string RankHintKey = "seal_priority";

    /// <summary>Longest function name, as for names in the config file.</summary>
    public const int MaxFunctionNameLength = 255;

    private readonly CompiledRule[] _rules;

    /// <summary>Compiles <paramref name="rules"/> (in order).</summary>
    /// <exception cref="ArgumentException">A rule's pattern is invalid or it has neither a capture nor a function.</exception>
    public FunctionIdentityRules(IReadOnlyList<IdentityRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _rules = new CompiledRule[rules.Count];
        for (int i = 0; i < rules.Count; i++)
        {
            var rule = rules[i] ?? throw new ArgumentException($"rule {i} is null", nameof(rules));
            if (!GlobPattern.TryCompile(rule.Pattern, rule.Match, out var glob, out string? problem))
            {
                throw new ArgumentException($"rule {i}: pattern \"{rule.Pattern}\" is not valid: expected {problem}", nameof(rules));
            }
            if (!glob!.HasCapture && string.IsNullOrEmpty(rule.Function))
            {
                throw new ArgumentException($"rule {i}: pattern \"{rule.Pattern}\" has no {{function}} capture, so a function name is required", nameof(rules));
            }
            _rules[i] = new CompiledRule(rule.Match, glob, glob.HasCapture ? null : rule.Function, rule.Key ?? DefaultMetadataKey);
        }
    }

    /// <summary>The rules of <paramref name="config"/>'s identity section.</summary>
    public static FunctionIdentityRules FromConfig(EnclaveConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new FunctionIdentityRules(config.Identity.Rules);
    }

    /// <summary>Number of rules.</summary>
    public int Count => _rules.Length;

    /// <summary>The function name of the first matching rule, or null when none matches.</summary>
    /// <param name="cgroupPath">The task's cgroup v2 path ("" if unknown).</param>
    /// <param name="comm">The task's command name ("" if unknown).</param>
    /// <param name="metadata">Metadata registered for the task, or null.</param>
    public string? Match(string cgroupPath, string comm, IReadOnlyDictionary<string, string>? metadata) =>
        TryMatch(cgroupPath, comm, metadata, out var identity) ? identity.Function : null;

    /// <summary>Like <see cref="Match"/>, also telling which rule matched and any rank hint.</summary>
    public bool TryMatch(string cgroupPath, string comm, IReadOnlyDictionary<string, string>? metadata, out FunctionIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(cgroupPath);
        ArgumentNullException.ThrowIfNull(comm);
        for (int i = 0; i < _rules.Length; i++)
        {
            var rule = _rules[i];
            string? subject = rule.Kind switch
            {
                IdentityMatchKind.Cgroup => cgroupPath,
                IdentityMatchKind.Comm => comm,
                _ => metadata is not null && metadata.TryGetValue(rule.Key, out string? value) ? value : null,
            };
            if (subject is null || !rule.Glob.TryMatch(subject, out int start, out int length))
            {
                continue;
            }
            if (rule.Function is null && !IsAcceptableName(subject.AsSpan(start, length)))
            {
                // Captured text comes from outside (metadata may come from unprivileged peers): a name the config
                // could not have spelled (control characters, whitespace, > 255 characters) is not a function name.
                continue;
            }
            string function = rule.Function ?? subject.Substring(start, length);
            int? hint = rule.Kind == IdentityMatchKind.Metadata ? RankHint(metadata!) : null;
            identity = new FunctionIdentity(function, i, hint);
            return true;
        }
        identity = default;
        return false;
    }

    private static bool IsAcceptableName(ReadOnlySpan<char> name)
    {
        if (name.Length is 0 or > MaxFunctionNameLength)
        {
            return false;
        }
        foreach (char c in name)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c))
            {
                return false;
            }
        }
        return true;
    }

    private static int? RankHint(IReadOnlyDictionary<string, string> metadata)
    {
        // OpenLambda's default seal_priority is "0", meaning "no priority"; anything that is not a positive integer is ignored.
        return metadata.TryGetValue(RankHintKey, out string? text)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int rank)
            && rank >= 1
            ? rank
            : null;
    }

    private sealed record CompiledRule(IdentityMatchKind Kind, GlobPattern Glob, string? Function, string Key);
}
