using AlpsGhost.Ghost;

namespace AlpsGhost.Agent.Identity;

/// <summary>
/// Resolves a task's function from its cgroup path, or failing that its command name, through tables
/// built up front.
/// </summary>
/// <remarks>
/// Lookup order: the cgroup path itself, then each parent directory up to the root (so
/// <c>/faas/fib/inv-17</c> matches an entry <c>/faas/fib</c>), then the comm. Paths compare without
/// trailing slashes. Lookups slice the path as spans against an alternate dictionary lookup, so they
/// do not allocate. Immutable after construction; safe to share.
/// </remarks>
public sealed class CgroupFunctionResolver : IFunctionResolver
{
    private readonly Dictionary<string, int> _byCgroup;
    private readonly Dictionary<string, int> _byComm;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _cgroupLookup;

    /// <summary>Creates a resolver.</summary>
    /// <param name="byCgroup">cgroup path (or a parent directory of the task's cgroup) -> function id (>= 0).</param>
    /// <param name="byComm">Command name -> function id (>= 0), used when no cgroup entry matches.</param>
    /// <exception cref="ArgumentException">An empty key or a negative function id.</exception>
    public CgroupFunctionResolver(IReadOnlyDictionary<string, int> byCgroup, IReadOnlyDictionary<string, int>? byComm = null)
    {
        ArgumentNullException.ThrowIfNull(byCgroup);
        _byCgroup = new Dictionary<string, int>(byCgroup.Count, StringComparer.Ordinal);
        foreach (KeyValuePair<string, int> entry in byCgroup)
        {
            string path = Normalize(entry.Key);
            if (path.Length == 0 || entry.Value < 0)
            {
                throw new ArgumentException($"cgroup entry '{entry.Key}' -> {entry.Value}: expected a non-empty path and a function id >= 0", nameof(byCgroup));
            }
            _byCgroup[path] = entry.Value;
        }
        _byComm = new Dictionary<string, int>(StringComparer.Ordinal);
        if (byComm is not null)
        {
            foreach (KeyValuePair<string, int> entry in byComm)
            {
                if (entry.Key.Length == 0 || entry.Value < 0)
                {
                    throw new ArgumentException($"comm entry '{entry.Key}' -> {entry.Value}: expected a non-empty name and a function id >= 0", nameof(byComm));
                }
                _byComm[entry.Key] = entry.Value;
            }
        }
        _cgroupLookup = _byCgroup.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <inheritdoc/>
    public int Resolve(in TaskDescription task)
    {
        ReadOnlySpan<char> path = (task.CgroupPath ?? string.Empty).AsSpan().TrimEnd('/');
        while (path.Length > 0)
        {
            if (_cgroupLookup.TryGetValue(path, out int id))
            {
                return id;
            }
            int cut = path.LastIndexOf('/');
            if (cut < 0)
            {
                break;
            }
            path = path[..cut].TrimEnd('/');
        }
        return task.Comm is not null && _byComm.TryGetValue(task.Comm, out int byComm) ? byComm : -1;
    }

    private static string Normalize(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.TrimEnd('/');
    }
}
