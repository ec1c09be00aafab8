using AlpsGhost.Agent.Observation;
using AlpsGhost.Agent.Policy;

namespace AlpsGhost.Agent.Learning;

/// <summary>
/// Learns each function's <see cref="ServiceCurve"/>: the Gittins index of an invocation as a function of
/// the CPU time it has used, from the CPU demands of the function's completed invocations in the window.
/// </summary>
/// <remarks>
/// <para>Why: SRPT runs the invocation with the least remaining work. A scheduler that cannot see an
/// invocation's size but knows its function's demand distribution does best (for mean completion time, on
/// one server; near-best on several) by the Gittins index: for an invocation that has used a,
/// index(a) = min over quanta q of E[min(D - a, q) | D &gt; a] / P(D - a &lt;= q | D &gt; a), the expected CPU
/// spent per completion if it is given up to q more. Lowest index runs first. For a tight demand
/// distribution the index is about the expected remaining demand, so a nearly finished long invocation
/// overtakes a fresh medium one, as under SRPT, and the invocations of one function finish oldest first;
/// for a heavy-tailed one it grows with a, so a long runner yields to fresh ones, as least-attained-service
/// does. One rank per function (the original ALPS) can do neither.</para>
/// <para>Exact over the empirical distribution: the minimum is attained at q = d_j - a for a sample d_j, so
/// each point costs one pass over the sorted samples with prefix sums. Points sit at evenly spaced
/// quantiles of the samples (and at 0), <see cref="DefaultPoints"/> per function; the curve then falls
/// to 0 at the largest demand seen, past which it is the CPU time used (see <see cref="ServiceCurve"/>).</para>
/// <para>Only completed invocations are samples: a running one's demand is not known yet. A function
/// with no completed invocation in the window gets no curve (it keeps its previous one, if carried over).</para>
/// </remarks>
public static class ServiceCurveBuilder
{
    /// <summary>Curve points per function (quantiles of its demand, including 0).</summary>
    public const int DefaultPoints = 24;

    /// <summary>Builds a curve per function id with completed invocations in <paramref name="window"/>.</summary>
    /// <param name="window">The learner's window (any order).</param>
    /// <param name="points">Quantile points per curve.</param>
    /// <param name="priorSamples">A function with fewer samples than this is completed to this many with pseudo-samples
    /// from the pooled shape prior (<see cref="ShapePrior"/>); 0 = every curve from its own samples only.</param>
    public static Dictionary<int, ServiceCurve> Build(ReadOnlySpan<InvocationRecord> window, int points = DefaultPoints, int priorSamples = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(priorSamples);
        var demands = new Dictionary<int, List<long>>();
        foreach (ref readonly InvocationRecord r in window)
        {
            if (r.FunctionId < 0 || !r.Completed)
            {
                continue;
            }
            if (!demands.TryGetValue(r.FunctionId, out List<long>? list))
            {
                demands[r.FunctionId] = list = [];
            }
            list.Add(Math.Max(1, r.CpuNs));
        }
        var sortedByFunction = new Dictionary<int, long[]>(demands.Count);
        foreach ((int function, List<long> list) in demands)
        {
            long[] sorted = [.. list];
            Array.Sort(sorted);
            sortedByFunction[function] = sorted;
        }
        ShapePrior? prior = priorSamples > 0 ? ShapePrior.Fit(sortedByFunction) : null;
        var curves = new Dictionary<int, ServiceCurve>(demands.Count);
        foreach ((int function, long[] sorted) in sortedByFunction)
        {
            long[] samples = prior is not null && sorted.Length < priorSamples ? prior.Complete(sorted, priorSamples) : sorted;
            curves[function] = FromSortedDemands(samples, points);
        }
        return curves;
    }

    /// <summary>The curve for one function from its demands (ns), sorted ascending, at least one.</summary>
    public static ServiceCurve FromSortedDemands(ReadOnlySpan<long> sorted, int points = DefaultPoints)
    {
        if (sorted.IsEmpty)
        {
            throw new ArgumentException("a service curve needs at least one demand sample", nameof(sorted));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 1);
        var prefix = new double[sorted.Length + 1];
        for (int i = 0; i < sorted.Length; i++)
        {
            if (i > 0 && sorted[i] < sorted[i - 1])
            {
                throw new ArgumentException($"demands must be sorted ascending (sample {i}: {sorted[i]} after {sorted[i - 1]})", nameof(sorted));
            }
            prefix[i + 1] = prefix[i] + sorted[i];
        }
        var attained = new List<long>(points + TailPoints + 1);
        var index = new List<long>(points + TailPoints + 1);
        foreach (long a in AttainedPoints(sorted, points))
        {
            if ((attained.Count > 0 && a <= attained[^1]) || a >= sorted[^1])
            {
                continue; // ties in the samples: one point per distinct value; nothing is seen beyond the largest
            }
            attained.Add(a);
            index.Add(IndexAt(sorted, prefix, a));
        }
        return new ServiceCurve([.. attained], [.. index], sorted[^1]);
    }

    /// <summary>Extra points in the tail (quantiles 1 - 2^-k), where heavy-tailed functions' curves bend.</summary>
    public const int TailPoints = 8;

    // Ascending: 0, the quantiles k / points, the tail quantiles 1 - 2^-k beyond them, and the largest value
    // below the maximum (from there to the maximum only the maximum remains: the index is max - a, a straight
    // line to the curve's end, so interpolation is exact).
    private static IEnumerable<long> AttainedPoints(ReadOnlySpan<long> sorted, int points)
    {
        int n = sorted.Length;
        var result = new List<long>(points + TailPoints + 1) { 0 };
        for (int k = 1; k < points; k++)
        {
            result.Add(sorted[(int)((long)k * n / points)]);
        }
        double level = 1.0 - (1.0 / points);
        for (int k = 0; k < TailPoints; k++)
        {
            level = 1.0 - ((1.0 - level) / 2);
            result.Add(sorted[Math.Min(n - 1, (int)(level * n))]);
        }
        int below = UpperBound(sorted, sorted[^1] - 1) - 1; // last sample smaller than the maximum
        if (below >= 0)
        {
            result.Add(sorted[below]);
        }
        result.Sort();
        return result;
    }

    /// <summary>Gittins index at attained <paramref name="a"/> over the samples above it (at least one).</summary>
    internal static long IndexAt(ReadOnlySpan<long> sorted, double[] prefix, long a)
    {
        int first = UpperBound(sorted, a); // first sample > a
        int n = sorted.Length;
        double best = double.MaxValue;
        for (int j = first; j < n; j++)
        {
            if (j + 1 < n && sorted[j + 1] == sorted[j])
            {
                continue; // a quantum ending at a tied value completes all of them: take the last
            }
            int completed = j - first + 1;
            double q = sorted[j] - a;
            double spent = prefix[j + 1] - prefix[first] - ((double)completed * a) + ((n - 1 - j) * q);
            double ratio = spent / completed;
            if (ratio < best)
            {
                best = ratio;
            }
        }
        return (long)Math.Round(best);
    }

    private static int UpperBound(ReadOnlySpan<long> sorted, long value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }
}
