using AlpsGhost.Agent.Identity;
using AlpsGhost.Config;
using AlpsGhost.Ghost;
using AlpsGhost.Workloads;

namespace AlpsGhost.Runs;

/// <summary>
/// Function identity for simulated tasks, as on a real host: the config's identity rules name the
/// function from the task's cgroup path and comm (which the workload file gives each function); a
/// name the workload defines maps to its function id. Tasks no rule names fall back to the workload's
/// own cgroup of each function, so a workload runs without identity configuration.
/// </summary>
public sealed class SimulatedFunctionResolver : IFunctionResolver
{
    private readonly FunctionIdentityRules _rules;
    private readonly Dictionary<string, int> _byName = new(StringComparer.Ordinal);
    private readonly CgroupFunctionResolver _byCgroup;

    /// <summary>Resolves by <paramref name="rules"/> first, then by the cgroups of <paramref name="workload"/>'s functions.</summary>
    public SimulatedFunctionResolver(FunctionIdentityRules rules, IWorkloadDefinition workload)
    {
        _rules = rules;
        var byCgroup = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (FunctionSpec f in workload.Functions)
        {
            _byName[f.Name] = f.Id;
            byCgroup[f.CgroupPath] = f.Id;
        }
        _byCgroup = new CgroupFunctionResolver(byCgroup);
    }

    /// <summary>Tasks a config rule identified (the rest used the workload's cgroups).</summary>
    public long RuleMatches { get; private set; }

    /// <inheritdoc/>
    public int Resolve(in TaskDescription task)
    {
        string? name = _rules.Match(task.CgroupPath, task.Comm, metadata: null);
        if (name is not null)
        {
            RuleMatches++;
            // A rule that names a function the workload does not define makes the task unknown, as a real host would.
            return _byName.TryGetValue(name, out int id) ? id : -1;
        }
        return _byCgroup.Resolve(task);
    }
}
