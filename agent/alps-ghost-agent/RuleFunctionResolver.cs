using AlpsGhost.Agent.Identity;
using AlpsGhost.Config;
using AlpsGhost.Ghost;

namespace AlpsGhost.Cli;

/// <summary>
/// Function identity on a real host: the config's rules name a task's function from its cgroup path and
/// comm; names get dense ids in order of first appearance, which the learner and the policy key on.
/// </summary>
/// <remarks>Runs once per task at TASK_NEW (the agent caches the id), never per decision.</remarks>
internal sealed class RuleFunctionResolver(FunctionIdentityRules rules, int maxFunctions = 4096) : IFunctionResolver
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

    /// <summary>Functions seen so far, by id.</summary>
    public List<string> Names { get; } = [];

    public int Resolve(in TaskDescription task)
    {
        string? name = rules.Match(task.CgroupPath, task.Comm, metadata: null);
        if (name is null)
        {
            return -1;
        }
        if (_ids.TryGetValue(name, out int id))
        {
            return id;
        }
        if (Names.Count >= maxFunctions)
        {
            // Beyond the cap a function is treated as unknown (fair), not an error: the agent must keep running.
            return -1;
        }
        id = Names.Count;
        Names.Add(name);
        _ids.Add(name, id);
        return id;
    }
}
