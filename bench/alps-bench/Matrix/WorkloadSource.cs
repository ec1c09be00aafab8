using AlpsGhost.Workloads;

namespace AlpsGhost.Bench.Matrix;

/// <summary>
/// One workload file at one seed (and the matrix's overrides), shared by the runs of every policy on it: the
/// invocations are drawn when the first of those runs starts and dropped when the last one ends.
/// </summary>
/// <remarks>
/// <para>Why: a matrix used to hold every workload at every seed from its plan to its report; at 56 CPUs that is
/// millions of invocations no run in flight needs. Now only the workloads of the runs in flight are held.</para>
/// <para>Every <see cref="Acquire"/> returns the same invocations: they are drawn from the file as parsed when the
/// matrix was planned (never read again, so an edit to the file during a matrix changes nothing), and a workload drawn
/// again after it was dropped is identical. Runs are counted per pass (<see cref="AddRuns"/>). Thread-safe.</para>
/// </remarks>
internal sealed class WorkloadSource
{
    private readonly StreamedWorkload _parsed;
    private readonly object _gate = new();
    private Workload? _loaded;
    private int _runsLeft;

    /// <summary>A source drawing its invocations from <paramref name="parsed"/> (the file as the plan read it).</summary>
    public WorkloadSource(StreamedWorkload parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        _parsed = parsed;
    }

    /// <summary>The workload's name.</summary>
    public string Name => _parsed.Name;

    /// <summary>The workload's functions (id order).</summary>
    public IReadOnlyList<FunctionSpec> Functions => _parsed.Functions;

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

    /// <summary>Announces <paramref name="runs"/> more runs of this workload (a pass over the matrix's cells): it
    /// stays drawn until they have all released it.</summary>
    public void AddRuns(int runs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(runs);
        lock (_gate)
        {
            _runsLeft += runs;
        }
    }

    /// <summary>The materialised workload for one run; pair each call with <see cref="Release"/>.</summary>
    public Workload Acquire()
    {
        lock (_gate)
        {
            return _loaded ??= _parsed.Materialise();
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
