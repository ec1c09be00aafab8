namespace AlpsGhost.Agent.Policy;

/// <summary>
/// An immutable table function id -> (rank, slice) and, when learned, the function's
/// <see cref="ServiceCurve"/>; built by the learner (or from a static config) and read by the hot path without locks.
/// </summary>
/// <remarks>Never mutated after construction; a new table is published as a whole by
/// <see cref="PolicyPublisher"/>. Function ids outside the table are unknown functions.</remarks>
public sealed class PolicySnapshot
{
    private readonly FunctionPolicy[] _byFunction;
    private readonly bool[] _known;
    private readonly ServiceCurve?[] _curves;

    /// <summary>A snapshot that knows no function.</summary>
    public static PolicySnapshot Empty { get; } = new(0, 0, [], []);

    /// <summary>Creates a snapshot; <paramref name="known"/>[i] says whether function i has a decision.</summary>
    /// <param name="version">Monotonic version.</param>
    /// <param name="createdAtNs">Agent clock when built.</param>
    /// <param name="byFunction">Rank and slice per function id.</param>
    /// <param name="known">Whether each function id has a decision.</param>
    /// <param name="curves">Learned service curve per function id (null entries: none); null = no curves (a static table).
    /// A function can have a curve without a decision: the learner saw it complete but has not ranked it yet.</param>
    public PolicySnapshot(long version, long createdAtNs, FunctionPolicy[] byFunction, bool[] known, ServiceCurve?[]? curves = null)
    {
        ArgumentNullException.ThrowIfNull(byFunction);
        ArgumentNullException.ThrowIfNull(known);
        if (byFunction.Length != known.Length)
        {
            throw new ArgumentException($"byFunction has {byFunction.Length} entries but known has {known.Length}", nameof(known));
        }
        for (int i = 0; i < byFunction.Length; i++)
        {
            if (known[i] && (byFunction[i].Rank < 1 || byFunction[i].SliceNs < 0))
            {
                throw new ArgumentException($"function {i}: rank {byFunction[i].Rank} (expected >= 1), slice {byFunction[i].SliceNs} ns (expected >= 0)", nameof(byFunction));
            }
        }
        if (curves is not null && curves.Length != byFunction.Length)
        {
            throw new ArgumentException($"byFunction has {byFunction.Length} entries but curves has {curves.Length}", nameof(curves));
        }
        Version = version;
        CreatedAtNs = createdAtNs;
        _byFunction = (FunctionPolicy[])byFunction.Clone();
        _known = (bool[])known.Clone();
        _curves = curves is null ? new ServiceCurve?[byFunction.Length] : (ServiceCurve?[])curves.Clone();
        for (int i = 0; i < _curves.Length; i++)
        {
            HasCurves |= _curves[i] is not null;
        }
    }

    /// <summary>Monotonic version; 0 for a static or empty table.</summary>
    public long Version { get; }

    /// <summary>Agent clock when the snapshot was built (ns).</summary>
    public long CreatedAtNs { get; }

    /// <summary>Number of function slots (known or not).</summary>
    public int FunctionCount => _byFunction.Length;

    /// <summary>Whether any function has a learned <see cref="ServiceCurve"/>.</summary>
    public bool HasCurves { get; }

    /// <summary>The learned service curve of <paramref name="functionId"/>, if any.</summary>
    public bool TryGetCurve(int functionId, out ServiceCurve curve)
    {
        if ((uint)functionId < (uint)_curves.Length && _curves[functionId] is { } c)
        {
            curve = c;
            return true;
        }
        curve = null!;
        return false;
    }

    /// <summary>The decision for <paramref name="functionId"/>, if the snapshot has one.</summary>
    public bool TryGet(int functionId, out FunctionPolicy policy)
    {
        if ((uint)functionId < (uint)_known.Length && _known[functionId])
        {
            policy = _byFunction[functionId];
            return true;
        }
        policy = default;
        return false;
    }
}
