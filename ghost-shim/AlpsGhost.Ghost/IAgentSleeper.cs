namespace AlpsGhost.Ghost;

/// <summary>How the global agent's thread blocks on a real host (the simulator models the same in virtual time).</summary>
public interface IAgentSleeper
{
    /// <summary>
    /// Blocks the calling global agent until its agent barrier moves past <paramref name="agentBarrier"/> (a
    /// queued message or a ping woke it), <paramref name="deadlineNs"/> passes, or, with
    /// <paramref name="yieldToFair"/>, its CPU goes idle. Returns at once if the barrier already moved.
    /// </summary>
    /// <param name="agentBarrier">The agent's own barrier, read before it drained its queue.</param>
    /// <param name="deadlineNs">Absolute CLOCK_MONOTONIC ns to wake at, or <see cref="long.MaxValue"/>.</param>
    /// <param name="yieldToFair">Hand the CPU to the fair class and come back when it idles (RTLA_ON_IDLE).</param>
    void Sleep(uint agentBarrier, long deadlineNs, bool yieldToFair);
}
