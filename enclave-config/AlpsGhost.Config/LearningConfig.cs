namespace AlpsGhost.Config;

/// <summary>The <c>policy.alps.learning</c> section: the sliding window, SRPT simulation, trainer and fine-tuning.</summary>
public sealed record LearningConfig
{
    /// <summary>Learn rank and slice from observations; false = use the static table.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Length of the sliding observation window, seconds.</summary>
    public double WindowS { get; init; } = 60;

    /// <summary>Seconds between learning rounds (default 12, the original's cadence); null = one round per window (<see cref="EffectivePeriodS"/>).</summary>
    public double? PeriodS { get; init; } = 12;

    /// <summary>The period actually used: <see cref="PeriodS"/> or, when unset, <see cref="WindowS"/>.</summary>
    public double EffectivePeriodS => PeriodS ?? WindowS;

    /// <summary>Seconds from the start to the first round (default 3); each later wait doubles until it reaches the
    /// period. Null = the first round after one period (the original's cadence).</summary>
    public double? FirstRoundS { get; init; } = 3;

    /// <summary>The wait before the first round actually used: <see cref="FirstRoundS"/>, at most the period.</summary>
    public double EffectiveFirstRoundS => Math.Min(FirstRoundS ?? EffectivePeriodS, EffectivePeriodS);

    /// <summary>Which SRPT simulation runs.</summary>
    public LearningMode Mode { get; init; } = LearningMode.Reference;

    /// <summary>Reference mode simulates 1/this of the window's invocations on one CPU.</summary>
    public int SampleDivisor { get; init; } = 24;

    /// <summary>Reference mode keeps the most recent this many sampled jobs.</summary>
    public int MaxJobs { get; init; } = 100;

    /// <summary>How the per-function basis is computed.</summary>
    public TrainerKind Trainer { get; init; } = TrainerKind.Avg;

    /// <summary>Seed of every random choice the learner makes (sampling, forest).</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Multiplier of the basis (unpredictability tuning).</summary>
    public double Alpha { get; init; } = 1;

    /// <summary>Weight of the segment standard deviation, and numerator of the overload factor.</summary>
    public double Beta { get; init; } = 1;

    /// <summary>Divisor of the overload factor.</summary>
    public double Gamma { get; init; } = 1;

    /// <summary>CPU utilization (percent) from which overload tuning shrinks slices.</summary>
    public double Theta { get; init; } = 50;

    /// <summary>Minimum run (ticks = ms) before a strictly shorter job may preempt in the SRPT simulation.</summary>
    public int MinRunTicks { get; init; } = 8;

    /// <summary>Upper bound of a learned slice, ms.</summary>
    public int MaxSliceMs { get; init; } = 200;

    /// <summary>Weight of the new slice against the previous round's: slice = s*new + (1-s)*previous; 1 = no smoothing.</summary>
    public double Smoothing { get; init; } = 0.7;

    /// <summary>Apply <c>min(max_slice, int(basis*alpha)) - beta*std</c>; false = slice is the basis.</summary>
    public bool UnpredictabilityTuning { get; init; } = true;

    /// <summary>Shrink slices by <c>beta*(100+theta-U)/(100*gamma)</c> when utilization U >= theta.</summary>
    public bool OverloadTuning { get; init; } = true;

    /// <summary>A longer-ranked function never gets a larger slice than the previous one (the D variant).</summary>
    public bool MonotoneCap { get; init; }

    /// <summary>What orders functions into ranks: mean demand (default) or mean SRPT segment (the original).</summary>
    public RankBasisKind RankBasis { get; init; } = RankBasisKind.Demand;
}
