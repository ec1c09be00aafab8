using AlpsGhost.Agent.Policy;

namespace AlpsGhost.Agent.Policies;

/// <summary>
/// Per task slot, the last answer to "from this much CPU time on, when does the function's index first exceed this
/// threshold" (<see cref="ServiceCurve.AttainedWhenAbove"/>): what the Gittins order asks of every running task
/// against the best waiting one, in every agent round, mostly with the same function, threshold and snapshot.
/// </summary>
/// <remarks>
/// <para>Invariant: an entry (snapshot, function, threshold, from, passesAt) states that under that snapshot the
/// function's index is at most the threshold for every CPU time in [from, passesAt) and above it at passesAt. That is
/// a fact about the curve, not about the task that filled the slot, so a hit returns exactly what recomputing would
/// (and the index itself need not be read: it cannot beat the threshold inside the interval).</para>
/// <para>Preallocated arrays, no allocation after construction; one instance per scheduling thread.</para>
/// </remarks>
internal sealed class IndexCrossingMemo
{
    private readonly PolicySnapshot?[] _snapshot;
    private readonly int[] _function;
    private readonly long[] _threshold;
    private readonly long[] _from;
    private readonly long[] _passesAt;

    public IndexCrossingMemo(int taskCapacity)
    {
        _snapshot = new PolicySnapshot?[taskCapacity];
        _function = new int[taskCapacity];
        _threshold = new long[taskCapacity];
        _from = new long[taskCapacity];
        _passesAt = new long[taskCapacity];
    }

    /// <summary>The remembered crossing of slot <paramref name="slot"/> if it answers this question at
    /// <paramref name="attainedNs"/>.</summary>
    public bool TryGet(int slot, PolicySnapshot snapshot, int functionId, long thresholdNs, long attainedNs, out long passesAtNs)
    {
        passesAtNs = _passesAt[slot];
        return ReferenceEquals(_snapshot[slot], snapshot) && _function[slot] == functionId && _threshold[slot] == thresholdNs
            && attainedNs >= _from[slot] && attainedNs < passesAtNs;
    }

    /// <summary>Remembers that from <paramref name="fromNs"/> the index stays at most <paramref name="thresholdNs"/>
    /// until <paramref name="passesAtNs"/>.</summary>
    public void Set(int slot, PolicySnapshot snapshot, int functionId, long thresholdNs, long fromNs, long passesAtNs)
    {
        _snapshot[slot] = snapshot;
        _function[slot] = functionId;
        _threshold[slot] = thresholdNs;
        _from[slot] = fromNs;
        _passesAt[slot] = passesAtNs;
    }
}
