namespace AlpsGhost.Agent.Learning;

/// <summary>Everything a learning round needs besides its input.</summary>
public sealed record LearningOptions
{
    /// <summary>Sliding window length (ns); also the background thread's period.</summary>
    public long WindowNs { get; init; } = InvocationWindow.DefaultWindowNs;

    /// <summary>Trainer name: <c>avg|lr|forest</c>.</summary>
    public string Trainer { get; init; } = "avg";

    /// <summary>SRPT stage settings.</summary>
    public SrptOptions Srpt { get; init; } = new();

    /// <summary>Fine-tuning settings.</summary>
    public TuningOptions Tuning { get; init; } = new();

    /// <summary>What orders functions into ranks (the slice always comes from the SRPT segments).</summary>
    public RankBasis RankBasis { get; init; } = RankBasis.Demand;

    /// <summary>
    /// Keep the previous snapshot's decision for functions absent from this round's simulation (as the original
    /// merges its previous policy, docs/algorithm.md §2.5). Off: a function not seen in the window loses its decision.
    /// </summary>
    public bool CarryOverAbsent { get; init; } = true;

    /// <summary>
    /// A function with fewer completed invocations than this in the window gets its service curve from its samples
    /// completed to this many by the pooled shape prior (<see cref="ShapePrior"/>); 0 = its own samples only.
    /// Default 0 (off): with 32 it changed mean FCT by under 1 % on every workload at 2 CPUs (docs/alps-evaluation.md,
    /// "Thin and wide data"), so the measured default stays the plain empirical curve.
    /// </summary>
    public int CurvePriorSamples { get; init; }
}
