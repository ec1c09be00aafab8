namespace AlpsGhost.Agent.Policy;

/// <summary>
/// An immutable table function id -> (rank, slice), built by the learner (or from a static config) and
/// read by the hot path without locks.
/// </summary>
/// <remarks>Never mutated after construction; a new table is published as a whole by
/// <see cref="PolicyPublisher"/>. Function ids outside the table are unknown functions.</remarks>
public sealed class PolicySnapshot
{
    private readonly FunctionPolicy[] _byFunction;
    private readonly bool[] _known;

    /// <summary>A snapshot that knows no function.</summary>
    public static PolicySnapshot Empty { get; } = new(0, 0, [], []);

    /// <summary>Creates a snapshot; <paramref name="known"/>[i] says whether function i has a decision.</summary>
    public PolicySnapshot(long version, long createdAtNs, FunctionPolicy[] byFunction, bool[] known)
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
        Version = version;
        CreatedAtNs = createdAtNs;
        _byFunction = (FunctionPolicy[])byFunction.Clone();
        _known = (bool[])known.Clone();
    }

    /// <summary>Monotonic version; 0 for a static or empty table.</summary>
    public long Version { get; }

    /// <summary>Agent clock when the snapshot was built (ns).</summary>
    public long CreatedAtNs { get; }

    /// <summary>Number of function slots (known or not).</summary>
    public int FunctionCount => _byFunction.Length;

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
