namespace AlpsGhost.Agent.Policy;

/// <summary>
/// One function's scheduling index as a function of the CPU time an invocation has already used (its
/// attained service): lower runs first. Learned from the function's recent invocations (see
/// <c>Learning.ServiceCurveBuilder</c>); read on the hot path without allocation.
/// </summary>
/// <remarks>
/// <para>Piecewise linear through points (attained_i, index_i), attained_0 = 0 and strictly increasing.
/// Past the last point the index grows one-for-one with the CPU time used: an invocation that has run
/// longer than the function's history explains is treated as ever longer, so it cannot hold a CPU
/// indefinitely on the strength of an estimate that no longer fits it.</para>
/// <para>Immutable: built by the learner, published inside a <see cref="PolicySnapshot"/>.</para>
/// </remarks>
public sealed class ServiceCurve
{
    private readonly long[] _attainedNs;
    private readonly long[] _indexNs;

    /// <summary>Creates the curve through (<paramref name="attainedNs"/>[i], <paramref name="indexNs"/>[i]).</summary>
    /// <exception cref="ArgumentException">Lengths differ or are 0, the first attained value is not 0, attained
    /// values do not strictly increase, or an index is negative.</exception>
    public ServiceCurve(long[] attainedNs, long[] indexNs)
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
        _attainedNs = (long[])attainedNs.Clone();
        _indexNs = (long[])indexNs.Clone();
    }

    /// <summary>Number of points.</summary>
    public int Count => _attainedNs.Length;

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
        int last = _attainedNs.Length - 1;
        if (attainedNs >= _attainedNs[last])
        {
            return SaturatingAdd(_indexNs[last], attainedNs - _attainedNs[last]);
        }
        int i = Array.BinarySearch(_attainedNs, attainedNs);
        if (i >= 0)
        {
            return _indexNs[i];
        }
        int hi = ~i; // first point after attainedNs; hi >= 1 because attained_0 = 0 < attainedNs
        return Interpolate(hi - 1, attainedNs);
    }

    /// <summary>
    /// The least attained CPU time &gt;= <paramref name="attainedNs"/> at which the index exceeds
    /// <paramref name="thresholdNs"/>: when a running invocation stops being the better choice against a
    /// waiting one of index <paramref name="thresholdNs"/>. Always finite (the curve grows past its last point).
    /// </summary>
    public long AttainedWhenAbove(long attainedNs, long thresholdNs)
    {
        attainedNs = Math.Max(0, attainedNs);
        if (IndexAt(attainedNs) > thresholdNs)
        {
            return attainedNs;
        }
        int last = _attainedNs.Length - 1;
        int i = Array.BinarySearch(_attainedNs, attainedNs);
        int seg = i >= 0 ? i : ~i - 1; // segment [seg, seg + 1] contains attainedNs
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
        long fromLast = Math.Max(attainedNs, _attainedNs[last]);
        long needed = thresholdNs - _indexNs[last] + 1; // index = last + (attained - attained_last)
        return Math.Max(fromLast, SaturatingAdd(_attainedNs[last], Math.Max(0, needed)));
    }

    // Floor of the straight line through points seg and seg + 1 (exact: 128-bit products cannot overflow).
    private long Interpolate(int seg, long attainedNs)
    {
        long x0 = _attainedNs[seg], y0 = _indexNs[seg];
        Int128 rise = (Int128)(_indexNs[seg + 1] - y0) * (attainedNs - x0);
        Int128 run = _attainedNs[seg + 1] - x0;
        Int128 q = Int128.DivRem(rise, run).Quotient;
        if (rise < 0 && q * run != rise)
        {
            q--; // round toward minus infinity so rising and falling segments floor alike
        }
        return y0 + (long)q;
    }

    private static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
