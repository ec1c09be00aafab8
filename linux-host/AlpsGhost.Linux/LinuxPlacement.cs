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
/// <remarks>
/// <para>Runs on the agent thread only; no allocation.</para>
/// <para>alps and alps-io: a function the snapshot does not know is placed by the same rule as the ghOSt policy
/// (<see cref="AlpsOrderKeys"/>: indexed as the worst fresh invocation the snapshot knows plus the CPU it has used,
/// so with nothing learned yet the band follows least attained service) for the largest learned slice, or
/// <c>unknownSliceNs</c> when none is learned: before its first learning round ALPS already orders by least CPU
/// used instead of leaving everything fair. No alps slice is shorter than <c>minimumSliceNs</c> (the tick): a
/// function learned with slice 0 ("no protected run") is raised for one tick, so its band still orders it (left
/// in the fair tier it waited behind every raised task of a worse function: auth-video's 1-5 ms functions, p99 169
/// ms instead of 14 ms, in the simulated twin).</para>
/// <para>An srpt task without a declared demand is not placed: the task stays fair.</para>
/// <para>In the fair tier (<see cref="FairTierMode.Order"/>, alps and alps-io with the Gittins order) a task's nice
/// follows its Gittins index at the CPU it has used (<see cref="FairTier"/>); otherwise nice 0.</para>
/// </remarks>
public sealed class LinuxPlacement
{
    /// <summary>Slice of policies that never demote on CPU time (fifo, srpt).</summary>
    public const long NoSlice = long.MaxValue;

    private readonly LinuxPolicyKind _kind;
    private readonly PolicyPublisher _publisher;
    private readonly AlpsOrder _order;
    private readonly AlpsOrderKeys _keys;
    private readonly SfsSliceAdapter? _sfs;
    private readonly long _unknownSliceNs;
    private readonly FairTierMode _fairTier;
    private readonly long _minimumSliceNs;
    private PolicySnapshot? _sliceCacheFor;
    private long _cachedUnknownSliceNs;

    /// <summary>Creates the decisions of <paramref name="kind"/>.</summary>
    /// <param name="kind">The policy.</param>
    /// <param name="publisher">The current ALPS snapshot (alps, alps-io).</param>
    /// <param name="order">ALPS's order (Gittins index or rank).</param>
    /// <param name="cpuCount">CPUs the tasks share (SFS's slice adaptation).</param>
    /// <param name="unknownFunctionRank">As the ghOSt policy's option of that name.</param>
    /// <param name="unknownSliceNs">Slice of a function the snapshot does not know while it knows no slice at all
    /// (before the first learning round): the learner's slice cap.</param>
    /// <param name="fairTier">How alps weights the fair tier.</param>
    /// <param name="minimumSliceNs">The least slice of an alps task (the tick: no slice can end sooner), so a function
    /// learned with slice 0 is still raised in its band.</param>
    public LinuxPlacement(LinuxPolicyKind kind, PolicyPublisher publisher, AlpsOrder order = AlpsOrder.Gittins, int cpuCount = 1, int? unknownFunctionRank = null,
        long unknownSliceNs = DefaultUnknownSliceNs, FairTierMode fairTier = FairTierMode.Order, long minimumSliceNs = LinuxAgentOptions.DefaultTickMs * 1_000_000L)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentOutOfRangeException.ThrowIfNegative(unknownSliceNs);
        ArgumentOutOfRangeException.ThrowIfNegative(minimumSliceNs);
        _minimumSliceNs = minimumSliceNs;
        _unknownSliceNs = unknownSliceNs;
        _fairTier = fairTier;
        _kind = kind;
        _publisher = publisher;
        _order = order;
        _keys = new AlpsOrderKeys(unknownFunctionRank);
        _sfs = kind == LinuxPolicyKind.Sfs ? new SfsSliceAdapter(cpuCount, new SfsPolicyOptions()) : null;
    }

    /// <summary>The learner's default slice cap (200 ms, ALPS's): the slice of unknown functions before any is learned.</summary>
    public const long DefaultUnknownSliceNs = 200_000_000;

    /// <summary>The policy.</summary>
    public LinuxPolicyKind Kind => _kind;

    /// <summary>Whether fair-tier tasks are weighted by ALPS's order (alps and alps-io, Gittins order, <see cref="FairTierMode.Order"/>).</summary>
    public bool WeightsFairTier => _fairTier == FairTierMode.Order && _order == AlpsOrder.Gittins && _kind is LinuxPolicyKind.Alps or LinuxPolicyKind.AlpsIo;

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
                bool known = snapshot.TryGet(functionId, out FunctionPolicy fp);
                // No slice shorter than the tick: the backend cannot end one sooner, and a learned slice of 0 ("no
                // protected run") still leaves the function its place in the order, which on SCHED_FIFO is its band.
                long slice = Math.Max(known ? fp.SliceNs : UnknownSliceNs(snapshot), _minimumSliceNs);
                // A static table has ranks but no curves: its known functions keep the rank order.
                placement = _order == AlpsOrder.Gittins && (snapshot.HasCurves || !known)
                    ? new Placement(PriorityBands.ForKey(_keys.IndexNs(snapshot, functionId, 0)), slice, OrderKeyKind.GittinsIndex)
                    : new Placement(PriorityBands.ForRank(known ? fp.Rank : _keys.UnknownRank(snapshot)), slice, OrderKeyKind.None);
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

    /// <summary>The nice of a task of <paramref name="functionId"/> in the fair tier after <paramref name="cpuNs"/> of CPU.</summary>
    public int FairNiceAt(int functionId, long cpuNs) =>
        WeightsFairTier ? FairTier.NiceForKey(_keys.IndexNs(_publisher.Current, functionId, cpuNs)) : 0;

    // Unknown functions get the largest learned slice (as they get the largest rank), or the cap before any is learned.
    // Cached per published snapshot: one scan when a new one is seen.
    private long UnknownSliceNs(PolicySnapshot snapshot)
    {
        if (ReferenceEquals(snapshot, _sliceCacheFor))
        {
            return _cachedUnknownSliceNs;
        }
        long largest = 0;
        for (int f = 0; f < snapshot.FunctionCount; f++)
        {
            if (snapshot.TryGet(f, out FunctionPolicy fp) && fp.SliceNs > largest)
            {
                largest = fp.SliceNs;
            }
        }
        _cachedUnknownSliceNs = largest > 0 ? largest : _unknownSliceNs;
        _sliceCacheFor = snapshot;
        return _cachedUnknownSliceNs;
    }

    /// <summary>The priority now of a raised task whose priority follows <paramref name="key"/>.</summary>
    public int PriorityAt(OrderKeyKind key, int functionId, long declaredDemandNs, long cpuNs) => key switch
    {
        OrderKeyKind.GittinsIndex => PriorityBands.ForKey(_keys.IndexNs(_publisher.Current, functionId, cpuNs)),
        OrderKeyKind.RemainingDemand => PriorityBands.ForKey(Math.Max(0, declaredDemandNs - cpuNs)),
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "a placement without an order key keeps its priority"),
    };
}
