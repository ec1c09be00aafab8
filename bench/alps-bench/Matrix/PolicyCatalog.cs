using AlpsGhost.Cli;
using AlpsGhost.Config;
using AlpsGhost.Runs;

namespace AlpsGhost.Bench.Matrix;

/// <summary>The policy names alps-bench accepts: every policy the agent accepts, plus <c>alps-static</c>.</summary>
/// <remarks>Taken from the agent's <c>PolicyNames.All</c> at run time, so a policy added to the agent
/// (sfs, srpt, ...) is usable here without touching this file.</remarks>
internal static class PolicyCatalog
{
    /// <summary>ALPS with learning off: the static table (config or workload file) only.</summary>
    public const string AlpsStatic = "alps-static";

    /// <summary>Every accepted name, the agent's first.</summary>
    public static IReadOnlyList<string> Accepted
    {
        get
        {
            var names = new List<string>(PolicyNames.All);
            if (!names.Contains(AlpsStatic))
            {
                names.Add(AlpsStatic);
            }
            return names;
        }
    }

    /// <summary>Throws a <see cref="BenchException"/> naming the accepted policies unless <paramref name="name"/> is one.</summary>
    public static void Check(string name)
    {
        if (!Accepted.Contains(name))
        {
            throw new BenchException($"unknown policy '{name}' in --policies: accepted are {string.Join(", ", Accepted)}");
        }
    }

    /// <summary>The effective configuration for policy <paramref name="name"/> and agent mode <paramref name="agentMode"/>,
    /// over the enclave config file at <paramref name="basePath"/> (null: the built-in defaults).</summary>
    public static EnclaveConfig Config(string name, string agentMode, string? basePath = null)
    {
        Check(name);
        bool isStatic = name == AlpsStatic;
        var overrides = new ConfigOverrides
        {
            Policy = isStatic ? PolicyNames.Alps : name,
            AgentMode = agentMode,
            Learning = isStatic ? false : null,
        };
        try
        {
            return EnclaveConfigLoader.Load(basePath, overrides);
        }
        catch (ConfigException e)
        {
            throw new BenchException(basePath is null
                ? $"policy '{name}' is not accepted by the agent's configuration: {e.Message}"
                : $"--config {basePath} with policy '{name}': {e.Message}");
        }
    }
}
