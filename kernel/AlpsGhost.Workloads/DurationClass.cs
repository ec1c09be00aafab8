namespace AlpsGhost.Workloads;

/// <summary>The report groups generated functions (trace replays, synthetic) are put in by their mean CPU demand.</summary>
public static class DurationClass
{
    /// <summary>Means below this are <c>short</c>.</summary>
    public const double ShortBelowMs = 100;

    /// <summary>Means below this (and not short) are <c>medium</c>; the rest are <c>long</c>.</summary>
    public const double MediumBelowMs = 1000;

    /// <summary><c>short</c> (&lt; 100 ms), <c>medium</c> (&lt; 1 s) or <c>long</c>.</summary>
    public static string Of(double meanMs) => meanMs < ShortBelowMs ? "short" : meanMs < MediumBelowMs ? "medium" : "long";
}
