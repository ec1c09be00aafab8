namespace AlpsGhost.Agent.Learning;

/// <summary>The fine-tuning of slices (docs/algorithm.md §2.3 and "What we build from this").</summary>
/// <remarks>Defaults are the original's argparse defaults: α = β = γ = 1, θ = 50 %, both tunings on; smoothing on (applied
/// for real, dead code in the original); monotone cap off (removed in F, §2.7).</remarks>
public sealed record TuningOptions
{
    /// <summary>α: scales the basis before the 200 ms clamp.</summary>
    public double Alpha { get; init; } = 1;

    /// <summary>β: weight of the std penalty, and numerator of the overload factor.</summary>
    public double Beta { get; init; } = 1;

    /// <summary>γ: denominator of the overload factor.</summary>
    public double Gamma { get; init; } = 1;

    /// <summary>θ: CPU utilization (percent) from which the overload factor applies.</summary>
    public double Theta { get; init; } = 50;

    /// <summary>Upper clamp of the unpredictability branch (ms).</summary>
    public double MaxSliceMs { get; init; } = 200;

    /// <summary>Unpredictability tuning: <c>min(200, int(basis·α)) − β·std</c>, floored at 0. Off: the basis as is.</summary>
    public bool Unpredictability { get; init; } = true;

    /// <summary>Overload tuning: × <c>β·(100 + θ − U)/(100·γ)</c> when U ≥ θ.</summary>
    public bool Overload { get; init; } = true;

    /// <summary>Smoothing: <c>0.7·new + 0.3·previous</c> when the function had a slice in the previous snapshot.</summary>
    public bool Smoothing { get; init; } = true;

    /// <summary>Weight of the new value in the smoothing.</summary>
    public double SmoothingWeight { get; init; } = 0.7;

    /// <summary>Monotone cap (D's step 3): a longer function never gets a larger slice than the previous, shorter one.</summary>
    public bool MonotoneCap { get; init; }

    /// <summary>Throws when a setting is not finite or out of range, naming it.</summary>
    public void Validate()
    {
        Check(Alpha, nameof(Alpha), 0);
        Check(Beta, nameof(Beta), 0);
        Check(Theta, nameof(Theta), 0);
        Check(MaxSliceMs, nameof(MaxSliceMs), 0);
        if (!double.IsFinite(Gamma) || Gamma <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Gamma), Gamma, "expected a finite value > 0");
        }
        if (!double.IsFinite(SmoothingWeight) || SmoothingWeight < 0 || SmoothingWeight > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(SmoothingWeight), SmoothingWeight, "expected a value in [0, 1]");
        }
    }

    private static void Check(double value, string name, double min)
    {
        if (!double.IsFinite(value) || value < min)
        {
            throw new ArgumentOutOfRangeException(name, value, $"expected a finite value >= {min}");
        }
    }
}
