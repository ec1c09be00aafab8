using AlpsGhost.Agent.Policies;
using AlpsGhost.Agent.Policy;

namespace AlpsGhost.Linux;

/// <summary>What a task's priority follows while it is raised.</summary>
public enum OrderKeyKind
{
    /// <summary>Nothing: the priority set at placement holds (rank order, fifo, sfs).</summary>
    None,

    /// <summary>The function's Gittins index at the CPU time the task has used (alps, order gittins).</summary>
    GittinsIndex,

    /// <summary>The task's remaining declared demand (srpt).</summary>
    RemainingDemand,
}

/// <summary>Where a newly discovered task goes: its SCHED_FIFO priority, how much CPU time it keeps it, and what
/// its priority follows afterwards.</summary>
/// <param name="Priority">SCHED_FIFO priority in 1..<see cref="PriorityBands.BandTop"/>.</param>
/// <param name="SliceNs">CPU time (ns) before the task returns to fair; <see cref="LinuxPlacement.NoSlice"/> = never.</param>
/// <param name="Key">What the priority follows on the tick.</param>
public readonly record struct Placement(int Priority, long SliceNs, OrderKeyKind Key);

/// <summary>
/// The backend's decisions per policy, from the same sources as the ghOSt policies: the published
/// <see cref="PolicySnapshot"/> (rank, slice, service curve) through <see cref="AlpsOrderKeys"/>, SFS's
/// <see cref="SfsSliceAdapter"/>, and the declared demand for the srpt oracle.
/// </summary>
/// <remarks>Runs on the agent thread only; no allocation. A function the snapshot does not know, a slice of 0, or
/// an srpt task without a declared demand is not placed: the task stays fair.</remarks>
public sealed class LinuxPlacement
{
    /// <summary>Slice of policies that never demote on CPU time (fifo, srpt).</summary>
    public const long NoSlice = long.MaxValue;

    private readonly LinuxPolicyKind _kind;
    private readonly PolicyPublisher _publisher;
    private readonly AlpsOrder _order;
    private readonly AlpsOrderKeys _keys;
    private readonly SfsSliceAdapter? _sfs;

    /// <summary>Creates the decisions of <paramref name="kind"/>.</summary>
    /// <param name="kind">The policy.</param>
    /// <param name="publisher">The current ALPS snapshot (alps, alps-io).</param>
    /// <param name="order">ALPS's order (Gittins index or rank).</param>
    /// <param name="cpuCount">CPUs the tasks share (SFS's slice adaptation).</param>
    /// <param name="unknownFunctionRank">As the ghOSt policy's option of that name.</param>
    public LinuxPlacement(LinuxPolicyKind kind, PolicyPublisher publisher, AlpsOrder order = AlpsOrder.Gittins, int cpuCount = 1, int? unknownFunctionRank = null)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        _kind = kind;
        _publisher = publisher;
        _order = order;
        _keys = new AlpsOrderKeys(unknownFunctionRank);
        _sfs = kind == LinuxPolicyKind.Sfs ? new SfsSliceAdapter(cpuCount, new SfsPolicyOptions()) : null;
    }

    /// <summary>The policy.</summary>
    public LinuxPolicyKind Kind => _kind;

    /// <summary>Whether raised tasks use SCHED_RR (equal priorities take turns) instead of SCHED_FIFO.</summary>
    public bool RoundRobin => _kind == LinuxPolicyKind.AlpsIo;

    /// <summary>SFS's current global slice T (ns), or 0 for other policies.</summary>
    public long SfsSliceNs => _sfs?.SliceNs ?? 0;

    /// <summary>Decides for a task of <paramref name="functionId"/> discovered at <paramref name="nowNs"/>.</summary>
    /// <param name="functionId">Its function (>= 0).</param>
    /// <param name="declaredDemandNs">srpt: its declared CPU demand (0 = none).</param>
    /// <param name="nowNs">Agent clock (SFS counts inter-arrival times on it).</param>
    /// <param name="placement">Where it goes, when the result is true.</param>
    /// <returns>False: the task stays fair.</returns>
    public bool TryPlace(int functionId, long declaredDemandNs, long nowNs, out Placement placement)
    {
        switch (_kind)
        {
            case LinuxPolicyKind.Alps:
            case LinuxPolicyKind.AlpsIo:
                PolicySnapshot snapshot = _publisher.Current;
                if (!snapshot.TryGet(functionId, out FunctionPolicy fp) || fp.SliceNs <= 0)
                {
                    break;
                }
                placement = _order == AlpsOrder.Gittins && snapshot.HasCurves
                    ? new Placement(PriorityBands.ForKey(_keys.IndexNs(snapshot, functionId, 0)), fp.SliceNs, OrderKeyKind.GittinsIndex)
                    : new Placement(PriorityBands.ForRank(fp.Rank), fp.SliceNs, OrderKeyKind.None);
                return true;
            case LinuxPolicyKind.Sfs:
                placement = new Placement(PriorityBands.Single, _sfs!.Arrive(nowNs), OrderKeyKind.None);
                return true;
            case LinuxPolicyKind.Fifo:
                placement = new Placement(PriorityBands.Single, NoSlice, OrderKeyKind.None);
                return true;
            case LinuxPolicyKind.Srpt when declaredDemandNs > 0:
                placement = new Placement(PriorityBands.ForKey(declaredDemandNs), NoSlice, OrderKeyKind.RemainingDemand);
                return true;
        }
        placement = default;
        return false;
    }

    /// <summary>The priority now of a raised task whose priority follows <paramref name="key"/>.</summary>
    public int PriorityAt(OrderKeyKind key, int functionId, long declaredDemandNs, long cpuNs) => key switch
    {
        OrderKeyKind.GittinsIndex => PriorityBands.ForKey(_keys.IndexNs(_publisher.Current, functionId, cpuNs)),
        OrderKeyKind.RemainingDemand => PriorityBands.ForKey(Math.Max(0, declaredDemandNs - cpuNs)),
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "a placement without an order key keeps its priority"),
    };
}
