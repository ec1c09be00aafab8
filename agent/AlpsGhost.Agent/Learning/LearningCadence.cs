namespace AlpsGhost.Agent.Learning;

/// <summary>When learning rounds run: a first round soon after the start, then waits that double until they reach the
/// period, then one round per period.</summary>
/// <remarks>
/// <para>Why: until the first round every function is unknown and ALPS orders tasks by CPU used alone (least attained
/// service), which the learned order then has to undo: at 2-12 s a window already holds hundreds of completions, but the
/// original cadence waited a whole period (12 s) for the first round.</para>
/// <para>One rule for every driver (the simulated one in virtual time, the background thread on a host), so the
/// simulator predicts the cadence a host runs.</para>
/// </remarks>
public static class LearningCadence
{
    /// <summary>The wait after a wait of <paramref name="wait"/>: twice as long, at most <paramref name="period"/> (any unit).</summary>
    public static long NextWait(long wait, long period)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(wait);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(period);
        return wait >= period / 2 ? period : wait * 2;
    }
}
