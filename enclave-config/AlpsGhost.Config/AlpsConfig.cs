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
}
