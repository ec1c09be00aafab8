namespace AlpsGhost.Ghost;

/// <summary>What the global agent does after one round: when it must run again, and how it waits until then.</summary>
/// <param name="DeadlineNs">Absolute agent-clock ns by which the agent must run again even without a message
/// (a slice expires while a task waits), or <see cref="long.MaxValue"/>.</param>
/// <param name="SpinUntilNs">Absolute agent-clock ns until which the agent keeps polling its queue on its CPU
/// instead of sleeping: <see cref="long.MaxValue"/> = always (a spinning agent), 0 or any past instant =
/// sleep now.</param>
/// <param name="YieldToFair">The fair class wants the agent's CPU (BOOST_PRIO): the agent hands it over
/// now, whatever its mode, and runs again when a message arrives, the deadline passes, or the CPU goes idle.</param>
public readonly record struct AgentWait(long DeadlineNs, long SpinUntilNs, bool YieldToFair);
