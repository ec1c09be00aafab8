namespace AlpsGhost.Config;

/// <summary>The <c>policy.alps</c> section.</summary>
public sealed record AlpsConfig
{
    /// <summary>Learning parameters.</summary>
    public LearningConfig Learning { get; init; } = new();

    /// <summary>Fixed decisions used when learning is disabled (function names are unique).</summary>
    public EquatableArray<StaticFunctionEntry> Static { get; init; } = EquatableArray<StaticFunctionEntry>.Empty;

    /// <summary>Treatment of tasks without a known function.</summary>
    public UnknownFunctionsConfig UnknownFunctions { get; init; } = new();

    /// <summary>How runnable tasks are ordered: learned Gittins index (default) or function rank.</summary>
    public AlpsOrderKind Order { get; init; } = AlpsOrderKind.Gittins;

    /// <summary>Starvation bound (ms): a task waiting this long is served before every task that has not
    /// waited as long, whatever its rank; 0 = strict ranks.</summary>
    public int StarvationLimitMs { get; init; } = 500;

    /// <summary>Protected run (ms) of a task dispatched because it aged.</summary>
    public int AgedQuantumMs { get; init; } = 20;

    /// <summary>Policy <c>alps-io</c> only: least run (ms) of a dispatched task before a better-ranked task
    /// (typically an I/O-bound function waking up) may preempt it; 0 = off (default: measured no gain,
    /// docs/alps-io.md); <c>alps</c> ignores it.</summary>
    public int IoPreemptGuardMs { get; init; }
}
