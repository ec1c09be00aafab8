using AlpsGhost.Workloads;

namespace AlpsGhost.Bench.Matrix;

/// <summary>
/// One workload file at one seed (and the matrix's overrides), shared by the runs of every policy on it: the
/// invocations are drawn when the first of those runs starts and dropped when the last one ends.
/// </summary>
/// <remarks>
/// <para>Why: a matrix used to hold every workload at every seed from its plan to its report; at 56 CPUs that is
/// millions of invocations no run in flight needs. Now only the workloads of the runs in flight are held.</para>
/// <para>Every <see cref="Acquire"/> returns the same invocations: the file and overrides fix them (a workload that
/// was dropped early, because its runs were counted short, is drawn again identically). Thread-safe.</para>
/// </remarks>
internal sealed class WorkloadSource
{
    private readonly string _path;
    private readonly WorkloadOverrides _overrides;
    private readonly object _gate = new();
    private Workload? _loaded;
    private int _runsLeft;

    /// <summary>A source for <paramref name="runs"/> runs; <paramref name="validated"/> is the workload as the plan
    /// loaded it to check it (only its name and functions are kept).</summary>
    public WorkloadSource(string path, WorkloadOverrides overrides, Workload validated, int runs)
    {
        ArgumentNullException.ThrowIfNull(validated);
        _path = path;
        _overrides = overrides;
        Name = validated.Name;
        Functions = validated.Functions;
        _runsLeft = runs;
    }

    /// <summary>The workload's name.</summary>
    public string Name { get; }

    /// <summary>The workload's functions (id order).</summary>
    public IReadOnlyList<FunctionSpec> Functions { get; }

    /// <summary>Whether the invocations are in memory now.</summary>
    public bool IsLoaded
    {
        get
        {
            lock (_gate)
            {
                return _loaded is not null;
            }
        }
    }

    /// <summary>The materialised workload for one run; pair each call with <see cref="Release"/>.</summary>
    public Workload Acquire()
    {
        lock (_gate)
        {
            return _loaded ??= WorkloadFile.Load(_path, _overrides);
        }
    }

    /// <summary>One run of this workload is over; after the last the invocations are dropped.</summary>
    public void Release()
    {
        lock (_gate)
        {
            if (--_runsLeft <= 0)
            {
                _loaded = null;
            }
        }
    }
}
