using AlpsGhost.Agent.Identity;
using AlpsGhost.Config;
using AlpsGhost.Ghost;

namespace AlpsGhost.Service.Registration;

/// <summary>The config's identity rules (cgroup path, comm) over a shared <see cref="FunctionNameIds"/>, so rule
/// matches and registrations of the same function name get the same id.</summary>
public sealed class RuleNameResolver(FunctionIdentityRules rules, FunctionNameIds ids) : IFunctionResolver
{
    /// <inheritdoc/>
    public int Resolve(in TaskDescription task)
    {
        string? name = rules.Match(task.CgroupPath ?? string.Empty, task.Comm ?? string.Empty, metadata: null);
        return name is null ? -1 : ids.IdOf(name);
    }
}
