namespace AlpsGhost.Config;

/// <summary>Which SRPT simulation the learner runs (<c>policy.alps.learning.mode</c>).</summary>
public enum LearningMode
{
    /// <summary>"reference": the original's single CPU over a 1/sample_divisor sample, last max_jobs jobs.</summary>
    Reference,

    /// <summary>"multi": the enclave's real CPU count over the whole window.</summary>
    Multi,
}
