using System.Diagnostics;
using AlpsGhost.Agent.Observation;
using AlpsGhost.Agent.Policy;

namespace AlpsGhost.Agent.Learning;

/// <summary>One learning round: window -> SRPT -> profiles -> trainer -> rank/slice (+ service curves) -> snapshot.</summary>
/// <remarks>Deterministic: the same sequence of windows, utilizations and previous snapshots gives the same
/// snapshots. The only state kept between rounds is each function's last rank key, so functions carried
/// over from an earlier round are ranked against this round's functions instead of keeping a stale rank.</remarks>
public sealed class LearningRound
{
    private readonly LearningOptions _options;
    private readonly ITrainer _trainer;
    private readonly Dictionary<int, double> _lastRankKey = [];

    /// <summary>Creates a round runner; <paramref name="trainer"/> defaults to the one named in the options.</summary>
    public LearningRound(LearningOptions options, ITrainer? trainer = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Srpt.Validate();
        options.Tuning.Validate();
        _options = options;
        _trainer = trainer ?? Trainers.Create(options.Trainer);
    }

    /// <summary>The trainer in use.</summary>
    public ITrainer Trainer => _trainer;

    /// <summary>Runs a round over <paramref name="orderedWindow"/> (window order).</summary>
    /// <param name="orderedWindow">Records in <see cref="InvocationWindow.CompareWindowOrder"/> order.</param>
    /// <param name="utilizationPercent">Enclave CPU utilization U (percent) for the overload tuning.</param>
    /// <param name="previous">The snapshot in force: smoothing, carry-over, version.</param>
    /// <param name="nowNs">Clock stamped on the snapshot.</param>
    /// <exception cref="LearningException">A trainer or the tuning produced NaN, infinity or a negative value.</exception>
    public RoundResult Run(ReadOnlySpan<InvocationRecord> orderedWindow, double utilizationPercent, PolicySnapshot previous, long nowNs)
    {
        ArgumentNullException.ThrowIfNull(previous);
        var watch = Stopwatch.StartNew();
        FunctionProfile[] profiles = SrptProfiler.Build(orderedWindow, _options.Srpt);
        var trained = new (int, TrainerResult)[profiles.Length];
        for (int i = 0; i < profiles.Length; i++)
        {
            trained[i] = (profiles[i].FunctionId, _trainer.Train(profiles[i]));
        }
        double[]? rankKeys = _options.RankBasis == RankBasis.Demand ? MeanDemandMs(orderedWindow, profiles) : null;
        FunctionDecision[] decisions = PolicyComputer.Compute(trained, utilizationPercent, _options.Tuning, previous, rankKeys);

        int size = 0;
        foreach (FunctionDecision d in decisions)
        {
            size = Math.Max(size, d.FunctionId + 1);
        }
        if (_options.CarryOverAbsent)
        {
            size = Math.Max(size, previous.FunctionCount);
        }
        Dictionary<int, ServiceCurve> learnedCurves = ServiceCurveBuilder.Build(orderedWindow, priorSamples: _options.CurvePriorSamples);
        foreach (int f in learnedCurves.Keys)
        {
            size = Math.Max(size, f + 1);
        }
        var table = new FunctionPolicy[size];
        var known = new bool[size];
        var basis = new double[size];
        var curves = new ServiceCurve?[size];
        foreach ((int f, ServiceCurve curve) in learnedCurves)
        {
            curves[f] = curve; // also for functions without a decision yet: the curve alone orders them
        }
        foreach (FunctionDecision d in decisions)
        {
            table[d.FunctionId] = new FunctionPolicy(d.Rank, d.SliceNs);
            known[d.FunctionId] = true;
            basis[d.FunctionId] = d.RankKey;
            _lastRankKey[d.FunctionId] = d.RankKey;
        }
        if (_options.CarryOverAbsent)
        {
            bool carried = false;
            for (int f = 0; f < previous.FunctionCount; f++)
            {
                if (!known[f] && previous.TryGet(f, out FunctionPolicy old))
                {
                    table[f] = old;
                    known[f] = true;
                    // A function learned earlier keeps its rank key; one that only ever came from a static table
                    // has none and keeps its place behind every learned function.
                    basis[f] = _lastRankKey.TryGetValue(f, out double b) ? b : double.MaxValue;
                    carried = true;
                }
            }
            // Only a fresh decision can collide with a carried rank; a round that learned nothing keeps the
            // previous table as it was.
            if (carried && decisions.Length > 0)
            {
                Rerank(table, known, basis);
            }
        }
        for (int f = 0; f < Math.Min(size, previous.FunctionCount); f++)
        {
            // A function that completed nothing in this window keeps the curve it had (a ranked one always,
            // the others when absent functions carry over).
            if (curves[f] is null && (known[f] || _options.CarryOverAbsent) && previous.TryGetCurve(f, out ServiceCurve old))
            {
                curves[f] = old;
            }
        }
        var snapshot = new PolicySnapshot(previous.Version + 1, nowNs, table, known, curves);
        watch.Stop();
        return new RoundResult(snapshot, profiles, decisions, orderedWindow.Length, watch.Elapsed);
    }

    /// <summary>Ranks every known function 1..n by (basis, function id), keeping each one's slice.</summary>
    private static void Rerank(FunctionPolicy[] table, bool[] known, double[] basis)
    {
        var order = new List<int>(table.Length);
        for (int f = 0; f < table.Length; f++)
        {
            if (known[f])
            {
                order.Add(f);
            }
        }
        order.Sort((a, b) => basis[a] != basis[b] ? basis[a].CompareTo(basis[b]) : a.CompareTo(b));
        for (int rank = 0; rank < order.Count; rank++)
        {
            int f = order[rank];
            table[f] = table[f] with { Rank = rank + 1 };
        }
    }

    /// <summary>Mean CPU ms per invocation of each profiled function over every record of the window
    /// (running invocations count with the CPU time used so far).</summary>
    private static double[] MeanDemandMs(ReadOnlySpan<InvocationRecord> window, FunctionProfile[] profiles)
    {
        var sums = new Dictionary<int, (double Sum, int Count)>();
        foreach (ref readonly InvocationRecord r in window)
        {
            if (r.FunctionId >= 0)
            {
                sums.TryGetValue(r.FunctionId, out var acc);
                sums[r.FunctionId] = (acc.Sum + (r.CpuNs / 1e6), acc.Count + 1);
            }
        }
        var keys = new double[profiles.Length];
        for (int i = 0; i < profiles.Length; i++)
        {
            keys[i] = sums.TryGetValue(profiles[i].FunctionId, out var acc) && acc.Count > 0 ? acc.Sum / acc.Count : double.MaxValue;
        }
        return keys;
    }
}
