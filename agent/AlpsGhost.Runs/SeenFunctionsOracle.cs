using AlpsGhost.Agent.Observation;
using AlpsGhost.Agent.Policy;
using AlpsGhost.Kernel;
using AlpsGhost.Workloads;

namespace AlpsGhost.Runs;

/// <summary>
/// The knowledge of the <c>gittins-oracle-seen</c> bound: a function's true service curve (as
/// <see cref="GittinsOracleTable"/> builds it) from the moment the agent has seen one of its invocations complete;
/// before that the function is unknown and ordered by the same rule as an unknown function under alps.
/// </summary>
/// <remarks>
/// <para>Why: gittins-oracle knows every function before it has ever run, which no learner can. This bound knows
/// exactly as much as a perfect learner could after one completion (the whole distribution, not one sample), at
/// no learning cost and within <see cref="PollNs"/>. alps against it measures how well the learner learns; it
/// against gittins-oracle measures what knowing never-run functions is worth.</para>
/// <para>Deterministic: it reads the agent's completion records on the simulator's thread every
/// <see cref="PollNs"/> of virtual time and publishes a new snapshot only when a function was seen for the first time.</para>
/// </remarks>
public sealed class SeenFunctionsOracle
{
    /// <summary>How often the completions are read (virtual time): the bound learns a function at most this late.</summary>
    public const long PollNs = 1_000_000;

    private readonly ServiceCurve[] _curves;
    private readonly bool[] _seen;
    private long _version = 1;

    /// <summary>Builds the true curves of <paramref name="workload"/>'s functions; none is known yet.</summary>
    /// <exception cref="ArgumentException">The workload has no demand models (built by hand, not from a file).</exception>
    public SeenFunctionsOracle(IWorkloadDefinition workload)
    {
        _curves = GittinsOracleTable.TrueCurves(workload, PolicyNames.GittinsOracleSeen);
        _seen = new bool[_curves.Length];
        Initial = GittinsOracleTable.Snapshot(_version, _seen, _curves);
    }

    /// <summary>The snapshot to start with: no function known.</summary>
    public PolicySnapshot Initial { get; }

    /// <summary>Functions seen to complete so far (each published once).</summary>
    public int SeenFunctions { get; private set; }

    /// <summary>From now on, reads <paramref name="completions"/> every <see cref="PollNs"/> of <paramref name="kernel"/>'s
    /// time and publishes to <paramref name="publisher"/> the curve of each function seen completing for the first time.</summary>
    public void Start(SimulatedKernel kernel, PolicyPublisher publisher, ObservationQueue completions)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(completions);
        void Poll(long nowNs)
        {
            if (Observe(completions) is PolicySnapshot next)
            {
                publisher.Publish(next);
            }
            kernel.ScheduleCallback(nowNs + PollNs, Poll);
        }
        kernel.ScheduleCallback(PollNs, Poll);
    }

    /// <summary>The report's note: how many functions the bound came to know.</summary>
    public string Describe() =>
        $"{PolicyNames.GittinsOracleSeen}: knew {SeenFunctions} of {_seen.Length} functions by the end, each from its first completion seen by the agent (read every {PollNs / 1_000_000} ms)";

    /// <summary>Drains <paramref name="completions"/>; the next snapshot when a function completed for the first time, else null.</summary>
    internal PolicySnapshot? Observe(ObservationQueue completions)
    {
        bool changed = false;
        while (completions.TryRead(out InvocationRecord record))
        {
            if (record.Completed && (uint)record.FunctionId < (uint)_seen.Length && !_seen[record.FunctionId])
            {
                _seen[record.FunctionId] = true;
                SeenFunctions++;
                changed = true;
            }
        }
        return changed ? GittinsOracleTable.Snapshot(++_version, _seen, _curves) : null;
    }
}
