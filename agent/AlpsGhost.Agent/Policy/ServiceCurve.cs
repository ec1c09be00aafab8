namespace AlpsGhost.Agent.Policy;

/// <summary>
/// One function's scheduling index as a function of the CPU time an invocation has already used (its
/// attained service): lower runs first. Learned from the function's recent invocations (see
/// <c>Learning.ServiceCurveBuilder</c>); read on the hot path without allocation.
/// </summary>
/// <remarks>
/// <para>Piecewise linear through points (attained_i, index_i), attained_0 = 0 and strictly increasing,
/// then down to index 0 at <see cref="ObservedMaxNs"/>, the largest demand the function was seen to have
/// (an invocation about to reach it is about to finish, if the history holds). From there on the index
/// is the CPU time used itself: an invocation that has outrun everything seen is assumed to need as much
/// again as it has had, so it yields to fresh invocations and cannot hold a CPU on the strength of an
/// estimate that no longer fits it.</para>
/// <para>Immutable: built by the learner, published inside a <see cref="PolicySnapshot"/>.</para>
/// </remarks>
public sealed class ServiceCurve
{
    private readonly long[] _attainedNs;
    private readonly long[] _indexNs;
    private readonly long[] _maxIndexFromNs; // [i] = the largest index of points i..end
    private readonly long _observedMaxNs;

    /// <summary>Creates the curve through (<paramref name="attainedNs"/>[i], <paramref name="indexNs"/>[i]) and
    /// (<paramref name="observedMaxNs"/>, 0).</summary>
    /// <exception cref="ArgumentException">Lengths differ or are 0, the first attained value is not 0, attained
    /// values do not strictly increase up to <paramref name="observedMaxNs"/>, or an index is negative.</exception>
    public ServiceCurve(long[] attainedNs, long[] indexNs, long observedMaxNs)
    {
        ArgumentNullException.ThrowIfNull(attainedNs);
        ArgumentNullException.ThrowIfNull(indexNs);
        if (attainedNs.Length == 0 || attainedNs.Length != indexNs.Length)
        {
            throw new ArgumentException($"a service curve needs as many index values as attained points, at least one (got {attainedNs.Length} and {indexNs.Length})", nameof(indexNs));
        }
        if (attainedNs[0] != 0)
        {
            throw new ArgumentException($"a service curve starts at attained 0 (got {attainedNs[0]} ns)", nameof(attainedNs));
        }
        for (int i = 0; i < attainedNs.Length; i++)
        {
            if (i > 0 && attainedNs[i] <= attainedNs[i - 1])
            {
                throw new ArgumentException($"attained points must strictly increase (point {i}: {attainedNs[i]} ns after {attainedNs[i - 1]} ns)", nameof(attainedNs));
            }
            if (indexNs[i] < 0)
            {
                throw new ArgumentException($"index {i} is {indexNs[i]} ns (expected >= 0)", nameof(indexNs));
            }
        }
        if (observedMaxNs <= attainedNs[^1])
        {
            throw new ArgumentException($"the largest observed demand ({observedMaxNs} ns) must lie beyond the last point ({attainedNs[^1]} ns)", nameof(observedMaxNs));
        }
        _observedMaxNs = observedMaxNs;
        _attainedNs = [.. attainedNs, observedMaxNs];
        _indexNs = [.. indexNs, 0];
        _maxIndexFromNs = new long[_indexNs.Length];
        long max = 0;
        for (int i = _indexNs.Length - 1; i >= 0; i--)
        {
            max = Math.Max(max, _indexNs[i]);
            _maxIndexFromNs[i] = max;
        }
    }

    /// <summary>Number of learned points (without the final (<see cref="ObservedMaxNs"/>, 0)).</summary>
    public int Count => _attainedNs.Length - 1;

    /// <summary>The largest demand observed (ns): the index reaches 0 there, and equals the CPU time used beyond.</summary>
    public long ObservedMaxNs => _observedMaxNs;

    /// <summary>The index of an invocation that has not run yet (ns).</summary>
    public long InitialIndexNs => _indexNs[0];

    /// <summary>Point <paramref name="i"/>: (attained ns, index ns).</summary>
    public (long AttainedNs, long IndexNs) this[int i] => (_attainedNs[i], _indexNs[i]);

    /// <summary>The index of an invocation that has used <paramref name="attainedNs"/> of CPU.</summary>
    public long IndexAt(long attainedNs)
    {
        if (attainedNs <= 0)
        {
            return _indexNs[0];
        }
        if (attainedNs >= _observedMaxNs)
        {
            return attainedNs - _observedMaxNs;
        }
        return IndexInSegment(SegmentOf(attainedNs), attainedNs);
    }

    // The segment [seg, seg + 1] holding 0 < attainedNs < ObservedMaxNs: its last point at or before attainedNs.
    // A plain binary search: the policy asks this for every running CPU in every agent round (at 56 CPUs the
    // generic Array.BinarySearch with its comparer was a fifth of a Gittins-ordered run).
    private int SegmentOf(long attainedNs)
    {
        long[] attained = _attainedNs;
        int lo = 0, hi = attained.Length - 1; // attained[lo] <= attainedNs < attained[hi]
        while (hi - lo > 1)
        {
            int mid = (lo + hi) >>> 1;
            if (attained[mid] <= attainedNs)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    private long IndexInSegment(int seg, long attainedNs) =>
        _attainedNs[seg] == attainedNs ? _indexNs[seg] : Interpolate(seg, attainedNs);

    /// <summary>
    /// The least attained CPU time &gt;= <paramref name="attainedNs"/> at which the index exceeds
    /// <paramref name="thresholdNs"/>: when a running invocation stops being the better choice against a
    /// waiting one of index <paramref name="thresholdNs"/>. Always finite (past the observed maximum the index is
    /// the attained time itself).
    /// </summary>
    public long AttainedWhenAbove(long attainedNs, long thresholdNs)
    {
        attainedNs = Math.Max(0, attainedNs);
        int last = _attainedNs.Length - 1;
        int seg; // segment [seg, seg + 1] contains attainedNs (seg = last past the observed maximum)
        long index;
        if (attainedNs >= _observedMaxNs)
        {
            seg = last;
            index = attainedNs - _observedMaxNs;
        }
        else
        {
            seg = attainedNs == 0 ? 0 : SegmentOf(attainedNs);
            index = IndexInSegment(seg, attainedNs);
        }
        if (index > thresholdNs)
        {
            return attainedNs;
        }
        // No later point above the threshold (a task past its curve's peak, the usual case for a running task that a
        // waiting one does not beat): skip the segment walk, the answer lies past the observed maximum.
        if (seg >= last || _maxIndexFromNs[seg + 1] <= thresholdNs)
        {
            seg = last;
        }
        for (; seg < last; seg++)
        {
            long y1 = _indexNs[seg + 1];
            if (y1 > thresholdNs)
            {
                // Crossing inside this rising segment: the least x with y0 + floor(dy (x - x0) / dx) > threshold,
                // i.e. dy (x - x0) >= (threshold - y0 + 1) dx, solved exactly in 128-bit integers.
                long x0 = _attainedNs[seg], x1 = _attainedNs[seg + 1], y0 = _indexNs[seg];
                long from = Math.Max(attainedNs, x0);
                if (y0 > thresholdNs)
                {
                    return from;
                }
                Int128 need = ((Int128)(thresholdNs - y0) + 1) * (x1 - x0);
                Int128 dy = y1 - y0;
                long offset = (long)((need + dy - 1) / dy);
                return Math.Clamp(x0 + offset, from, x1);
            }
        }
        // Past the observed maximum the index is the time run beyond it: above the threshold from max + threshold + 1 on.
        return Math.Max(Math.Max(attainedNs, _observedMaxNs), Nanoseconds.SaturatingAdd(_observedMaxNs, Nanoseconds.SaturatingAdd(thresholdNs, 1)));
    }

    // Floor of the straight line through points seg and seg + 1 (exact: 128-bit products cannot overflow).
    private long Interpolate(int seg, long attainedNs)
    {
        long x0 = _attainedNs[seg], y0 = _indexNs[seg];
        long high = Math.BigMul(_indexNs[seg + 1] - y0, attainedNs - x0, out long low);
        if (high == low >> 63)
        {
            // The product fits 64 bits (the common case): the same floor in long arithmetic, without 128-bit division.
            long run64 = _attainedNs[seg + 1] - x0;
            long q64 = low / run64;
            if (low < 0 && q64 * run64 != low)
            {
                q64--;
            }
            return y0 + q64;
        }
        Int128 rise = (Int128)(_indexNs[seg + 1] - y0) * (attainedNs - x0);
        Int128 run = _attainedNs[seg + 1] - x0;
        Int128 q = Int128.DivRem(rise, run).Quotient;
        if (rise < 0 && q * run != rise)
        {
            q--; // round toward minus infinity so rising and falling segments floor alike
        }
        return y0 + (long)q;
    }
}
