namespace AlpsGhost.Service.Registration;

/// <summary>Function name -> dense id (the ids the learner and the policy key on), in order of first appearance.</summary>
/// <remarks>Used only on the agent thread (TASK_NEW and the stats snapshot), so it needs no lock.</remarks>
public sealed class FunctionNameIds
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];

    /// <summary>Creates the table with <paramref name="initial"/> names taking ids 0, 1, ... in order.</summary>
    public FunctionNameIds(IEnumerable<string>? initial = null, int maxFunctions = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFunctions, 1);
        MaxFunctions = maxFunctions;
        foreach (string name in initial ?? [])
        {
            IdOf(name);
        }
    }

    /// <summary>Beyond this many names, new ones are unknown (-1): the agent must keep running.</summary>
    public int MaxFunctions { get; }

    /// <summary>Names by id.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>The id of <paramref name="name"/>, allocating the next one for a new name; -1 when full.</summary>
    public int IdOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_ids.TryGetValue(name, out int id))
        {
            return id;
        }
        if (_names.Count >= MaxFunctions)
        {
            return -1;
        }
        id = _names.Count;
        _names.Add(name);
        _ids.Add(name, id);
        return id;
    }
}
