using AlpsGhost.Agent.Learning;
using AlpsGhost.Config;

namespace AlpsGhost.Runs;

/// <summary>Maps the configuration's learning section onto the learner's options.</summary>
public static class LearnerSettings
{
    /// <summary>The learner's options for learning section <paramref name="c"/> on an enclave of <paramref name="enclaveCpus"/> CPUs.</summary>
    /// <remarks>The default section maps to <c>new LearningOptions()</c> (a test holds it).</remarks>
    public static LearningOptions From(LearningConfig c, int enclaveCpus) => new()
    {
        WindowNs = (long)(c.WindowS * 1e9),
        Trainer = c.Trainer switch
        {
            TrainerKind.Lr => "lr",
            TrainerKind.Forest => "forest",
            _ => "avg",
        },
        RankBasis = c.RankBasis == RankBasisKind.Segment ? RankBasis.Segment : RankBasis.Demand,
        Srpt = new SrptOptions
        {
            Mode = c.Mode == LearningMode.Multi ? SimulationMode.Multi : SimulationMode.Reference,
            CpuCount = c.Mode == LearningMode.Multi ? Math.Max(1, enclaveCpus) : 1,
            SampleDivisor = c.SampleDivisor,
            KeepLast = c.MaxJobs,
            MinRunTicks = c.MinRunTicks,
        },
        Tuning = new TuningOptions
        {
            Alpha = c.Alpha,
            Beta = c.Beta,
            Gamma = c.Gamma,
            Theta = c.Theta,
            MaxSliceMs = c.MaxSliceMs,
            Unpredictability = c.UnpredictabilityTuning,
            Overload = c.OverloadTuning,
            Smoothing = c.Smoothing > 0,
            SmoothingWeight = c.Smoothing > 0 ? c.Smoothing : 0.7,
            MonotoneCap = c.MonotoneCap,
        },
    };

    /// <summary>Why the configured trainer (<c>--ml</c> or <c>policy.alps.learning.trainer</c>) cannot run in this build
    /// (<see cref="Trainers.Unavailable(string)"/>), or null: checked before anything starts, so the choice is refused
    /// as bad input (exit 2) instead of failing every learning round.</summary>
    public static string? TrainerUnavailable(EnclaveConfig config, Func<string, string?> unavailable)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(unavailable);
        string name = From(config.Policy.Alps.Learning, 1).Trainer;
        return unavailable(name) is string why ? $"--ml / policy.alps.learning.trainer '{name}' is not available: {why}" : null;
    }

    /// <summary>Seconds between rounds: the configured period, or the window.</summary>
    public static long PeriodNs(LearningConfig c) => (long)(c.EffectivePeriodS * 1e9);

    /// <summary>Wait before the first round (ns): the configured <c>first_round_s</c>, at most the period.</summary>
    public static long FirstWaitNs(LearningConfig c) => Math.Max(1, (long)(c.EffectiveFirstRoundS * 1e9));
}
