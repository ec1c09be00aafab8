using AlpsGhost.Agent.Policy;

namespace AlpsGhost.Agent.Policies;

/// <summary>
/// ALPS's order keys read from a <see cref="PolicySnapshot"/>: a task's Gittins index at the CPU time it has used,
/// and the rank of an unknown function. One place for these rules, used by the ghOSt policy (<see cref="AlpsPolicy"/>)
/// and by the stock-Linux backend, which maps the same keys onto kernel priorities.
/// </summary>
/// <remarks>
/// <para>A function without a learned curve is indexed as the worst fresh invocation the snapshot knows plus the
/// CPU time it has used (least attained service among such tasks, like unknown ranks).</para>
/// <para>Caches two maxima per snapshot (recomputed once, without allocation, when a new snapshot is seen);
/// not thread-safe: one instance per scheduling thread.</para>
/// </remarks>
public sealed class AlpsOrderKeys
{
    private readonly int? _unknownFunctionRank;
    private PolicySnapshot? _cacheFor;
    private int _largestKnownRank = 1;
    private long _largestInitialIndexNs;

    /// <summary>Creates the keys; <paramref name="unknownFunctionRank"/> as <see cref="AlpsPolicyOptions.UnknownFunctionRank"/>.</summary>
    public AlpsOrderKeys(int? unknownFunctionRank = null) => _unknownFunctionRank = unknownFunctionRank;

    /// <summary>The Gittins index (ns) of a task of <paramref name="functionId"/> that has used <paramref name="cpuNs"/>.</summary>
    public long IndexNs(PolicySnapshot snapshot, int functionId, long cpuNs) =>
        snapshot.TryGetCurve(functionId, out ServiceCurve curve)
            ? curve.IndexAt(cpuNs)
            : Nanoseconds.SaturatingAdd(UnknownIndexBase(snapshot), Math.Max(0, cpuNs));

    /// <summary>Index of a fresh invocation of a function without a curve: the worst fresh invocation with one.</summary>
    public long UnknownIndexBase(PolicySnapshot snapshot)
    {
        Refresh(snapshot);
        return _largestInitialIndexNs;
    }

    /// <summary>Rank of a function the snapshot does not know: the fixed one if configured, else the largest known.</summary>
    public int UnknownRank(PolicySnapshot snapshot)
    {
        if (_unknownFunctionRank is int fixedRank)
        {
            return fixedRank;
        }
        Refresh(snapshot);
        return _largestKnownRank;
    }

    private void Refresh(PolicySnapshot snapshot)
    {
        if (ReferenceEquals(snapshot, _cacheFor))
        {
            return;
        }
        // Once per published snapshot: a scan over its functions, no allocation.
        int largest = 1;
        long largestIndex = 0;
        for (int f = 0; f < snapshot.FunctionCount; f++)
        {
            if (snapshot.TryGet(f, out FunctionPolicy fp) && fp.Rank > largest)
            {
                largest = fp.Rank;
            }
            if (snapshot.TryGetCurve(f, out ServiceCurve curve) && curve.InitialIndexNs > largestIndex)
            {
                largestIndex = curve.InitialIndexNs;
            }
        }
        _largestKnownRank = largest;
        _largestInitialIndexNs = largestIndex;
        _cacheFor = snapshot;
    }
}
