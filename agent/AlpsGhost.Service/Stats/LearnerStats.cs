namespace AlpsGhost.Service.Stats;

/// <summary>The learner's counters at snapshot time.</summary>
/// <param name="WindowSize">Invocation records in the learning window.</param>
/// <param name="LastLearningSeconds">Wall time the last learning round took.</param>
/// <param name="Rounds">Learning rounds run.</param>
/// <param name="Failures">Learning rounds that failed (the previous policy stayed).</param>
public readonly record struct LearnerStats(int WindowSize, double LastLearningSeconds, long Rounds, long Failures);
