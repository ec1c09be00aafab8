using AlpsGhost.Agent.Policy;

namespace AlpsGhost.Agent.Learning;

/// <summary>Rank and slice per function from trained bases (docs/algorithm.md §2.2, §2.3, "What we build from this").</summary>
/// <remarks>
/// Per function, in rank order (basis ascending, ties by function id; rank 1 = shortest):
/// <list type="number">
/// <item>unpredictability on: <c>new = max(0, min(200, trunc(basis·α)) − β·std)</c>; off: <c>new = basis</c>;</item>
/// <item>monotone cap (option): if the previous function's final slice <c>up ≠ 0</c> and <c>new &gt; up</c>, <c>new = up</c>;</item>
/// <item>overload on and U ≥ θ: <c>new ×= β·(100 + θ − U)/(100·γ)</c>;</item>
/// <item>smoothing on and the function has a slice in the previous snapshot: <c>new = 0.7·new + 0.3·previous</c>;</item>
/// <item>slice = trunc(new) ms.</item>
/// </list>
/// Smoothing comes after the overload factor (the original computed it before and then discarded it): the
/// previous slice was already scaled by last round's factor, and smoothing before scaling would scale it twice,
/// biasing slices down at steady high load. Any NaN, infinite or negative input or result throws
/// <see cref="LearningException"/>.
/// </remarks>
public static class PolicyComputer
{
    /// <summary>Computes decisions for <paramref name="trained"/> (function id, trainer result).</summary>
    /// <param name="trained">One entry per function; ids must be distinct and &gt;= 0.</param>
    /// <param name="utilizationPercent">Enclave CPU utilization U in percent (0..100).</param>
    /// <param name="options">Tuning options.</param>
    /// <param name="previous">The snapshot in force (for smoothing), or null.</param>
    public static FunctionDecision[] Compute(IReadOnlyList<(int FunctionId, TrainerResult Result)> trained, double utilizationPercent,
        TuningOptions options, PolicySnapshot? previous) => Compute(trained, utilizationPercent, options, previous, rankKeys: null);

    /// <summary>As <see cref="Compute(IReadOnlyList{ValueTuple{int, TrainerResult}}, double, TuningOptions, PolicySnapshot?)"/>,
    /// ranking by <paramref name="rankKeys"/> (parallel to <paramref name="trained"/>) instead of the trainer's basis.</summary>
    public static FunctionDecision[] Compute(IReadOnlyList<(int FunctionId, TrainerResult Result)> trained, double utilizationPercent,
        TuningOptions options, PolicySnapshot? previous, IReadOnlyList<double>? rankKeys)
    {
        if (rankKeys is not null && rankKeys.Count != trained.Count)
        {
            throw new ArgumentException($"rankKeys has {rankKeys.Count} entries, trained has {trained.Count}", nameof(rankKeys));
        }
        ArgumentNullException.ThrowIfNull(trained);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!double.IsFinite(utilizationPercent) || utilizationPercent < 0 || utilizationPercent > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(utilizationPercent), utilizationPercent, "expected a CPU utilization in percent, 0..100");
        }

        var order = new int[trained.Count];
        for (int i = 0; i < order.Length; i++)
        {
            (int id, TrainerResult r) = trained[i];
            if (id < 0)
            {
                throw new ArgumentException($"function id {id} (expected >= 0)", nameof(trained));
            }
            if (!double.IsFinite(r.Basis) || r.Basis < 0 || !double.IsFinite(r.Std) || r.Std < 0)
            {
                throw new LearningException($"function {id}: trainer gave basis {r.Basis}, std {r.Std} (expected finite values >= 0)");
            }
            order[i] = i;
        }
        double Key(int i) => rankKeys is null ? trained[i].Result.Basis : rankKeys[i];
        Array.Sort(order, (a, b) =>
        {
            int c = Key(a).CompareTo(Key(b));
            return c != 0 ? c : trained[a].FunctionId.CompareTo(trained[b].FunctionId);
        });

        double factor = 1;
        if (options.Overload && utilizationPercent >= options.Theta)
        {
            factor = options.Beta * (100 + options.Theta - utilizationPercent) / (100 * options.Gamma);
        }

        var decisions = new FunctionDecision[order.Length];
        double up = 0;
        for (int rank = 0; rank < order.Length; rank++)
        {
            (int id, TrainerResult r) = trained[order[rank]];
            double value;
            if (options.Unpredictability)
            {
                double bound = Math.Min(options.MaxSliceMs, Math.Truncate(r.Basis * options.Alpha));
                value = Math.Max(0, bound - (options.Beta * r.Std));
            }
            else
            {
                value = r.Basis;
            }
            if (options.MonotoneCap && up != 0 && value > up)
            {
                value = up;
            }
            value *= factor;
            if (options.Smoothing && previous is not null && previous.TryGet(id, out FunctionPolicy old))
            {
                value = (options.SmoothingWeight * value) + ((1 - options.SmoothingWeight) * (old.SliceNs / 1_000_000.0));
            }
            if (!double.IsFinite(value) || value < 0 || value > long.MaxValue / 1_000_000)
            {
                throw new LearningException($"function {id}: slice {value} ms (expected a finite value in [0, {long.MaxValue / 1_000_000}])");
            }
            long slice = (long)Math.Truncate(value);
            up = slice;
            decisions[rank] = new FunctionDecision(id, r.Basis, r.Std, rank + 1, slice) { RankKey = Key(order[rank]) };
        }
        return decisions;
    }
}
