using System.Diagnostics;
using AlpsGhost.Agent.Observation;
using AlpsGhost.Agent.Policy;

namespace AlpsGhost.Agent.Learning;

/// <summary>One learning round: window -> SRPT -> profiles -> trainer -> rank/slice -> snapshot.</summary>
/// <remarks>Pure apart from the Stopwatch: the same window, utilization and previous snapshot give the same snapshot.</remarks>
public sealed class LearningRound
{
    private readonly LearningOptions _options;
    private readonly ITrainer _trainer;

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
        FunctionDecision[] decisions = PolicyComputer.Compute(trained, utilizationPercent, _options.Tuning, previous);

        int size = 0;
        foreach (FunctionDecision d in decisions)
        {
            size = Math.Max(size, d.FunctionId + 1);
        }
        if (_options.CarryOverAbsent)
        {
            size = Math.Max(size, previous.FunctionCount);
        }
        var table = new FunctionPolicy[size];
        var known = new bool[size];
        if (_options.CarryOverAbsent)
        {
            for (int f = 0; f < previous.FunctionCount; f++)
            {
                if (previous.TryGet(f, out FunctionPolicy old))
                {
                    table[f] = old;
                    known[f] = true;
                }
            }
        }
        foreach (FunctionDecision d in decisions)
        {
            table[d.FunctionId] = new FunctionPolicy(d.Rank, d.SliceNs);
            known[d.FunctionId] = true;
        }
        var snapshot = new PolicySnapshot(previous.Version + 1, nowNs, table, known);
        watch.Stop();
        return new RoundResult(snapshot, profiles, decisions, orderedWindow.Length, watch.Elapsed);
    }
}
