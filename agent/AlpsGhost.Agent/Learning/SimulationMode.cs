namespace AlpsGhost.Agent.Learning;

/// <summary>Which SRPT simulation the learner runs over the window.</summary>
public enum SimulationMode
{
    /// <summary>The original's: ONE CPU over a deterministic 1/N sample of the window, last 100 jobs (docs/algorithm.md §1.2c).</summary>
    Reference,

    /// <summary>The enclave's real CPU count over the whole window.</summary>
    Multi,
}
