using AlpsGhost.Ghost;

namespace AlpsGhost.Agent.Core;

/// <summary>
/// The global agent's loop, the same on every host: one <see cref="CentralizedAgent.RunOnce"/> round, then
/// the decision how to wait for the next one (spin, sleep on queue wakeup, spin-then-sleep) and whether to
/// hand the CPU to the fair class. The simulated kernel calls <see cref="Iterate"/> and models the returned
/// <see cref="AgentWait"/> in virtual time; a real ghOSt host calls <see cref="RunIteration"/>, which
/// carries the decision out through an <see cref="IAgentSleeper"/> (docs/ghost-host.md, "How the agent waits").
/// </summary>
/// <remarks>
/// <para>Decisions, after each round (deadline = what the round asked for):</para>
/// <list type="bullet">
/// <item>BOOST_PRIO on the agent's status word (a CFS/RT task wants its CPU): yield the CPU in every mode;
/// the agent runs again on a message, at the deadline, or when the CPU goes idle (RTLA_ON_IDLE).</item>
/// <item>Deadline already passed: run again at once.</item>
/// <item><see cref="AgentMode.Spinning"/>: poll again at once (never sleep).</item>
/// <item><see cref="AgentMode.QueueWakeup"/>: sleep until a message or the deadline.</item>
/// <item><see cref="AgentMode.Adaptive"/>: poll until <see cref="AgentOptions.SpinBudgetNs"/> after the last
/// round that found work (a message, or a transaction), then sleep as queue-wakeup does.</item>
/// </list>
/// <para>Not thread-safe: the agent thread (or the simulator's event loop) only. Allocation-free.</para>
/// </remarks>
public sealed class AgentLoop
{
    private readonly CentralizedAgent _agent;
    private readonly IGhostEnclave _enclave;
    private readonly long _spinBudgetNs;
    private long _lastWorkNs = long.MinValue;
    private long _workSeen; // messages + transactions seen so far; a change means the last round found work

    /// <summary>A loop over <paramref name="agent"/>, which talks to <paramref name="enclave"/>.</summary>
    public AgentLoop(CentralizedAgent agent, IGhostEnclave enclave)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(enclave);
        _agent = agent;
        _enclave = enclave;
        Mode = enclave.AgentMode;
        _spinBudgetNs = agent.Options.SpinBudgetNs;
    }

    /// <summary>How this loop waits (the enclave's mode).</summary>
    public AgentMode Mode { get; }

    /// <summary>The agent the loop runs.</summary>
    public CentralizedAgent Agent => _agent;

    /// <summary>Rounds after which the loop slept (or would have, in the simulator).</summary>
    public long Sleeps { get; private set; }

    /// <summary>Rounds after which the loop handed its CPU to the fair class (BOOST_PRIO).</summary>
    public long FairYields { get; private set; }

    /// <summary>One round, and how to wait for the next; blocks nothing.</summary>
    public AgentWait Iterate()
    {
        long deadline = _agent.RunOnce();
        long now = _enclave.NowNanoseconds;
        AgentStats stats = _agent.Stats;
        long work = stats.TotalMessages + stats.Decisions;
        if (work != _workSeen)
        {
            _workSeen = work;
            _lastWorkNs = now;
        }
        if (_agent.AgentCpuContended)
        {
            FairYields++;
            return new AgentWait(deadline, 0, YieldToFair: true);
        }
        long spinUntil = Mode switch
        {
            AgentMode.Spinning => long.MaxValue,
            AgentMode.Adaptive => _lastWorkNs == long.MinValue ? 0 : Nanoseconds.SaturatingAdd(_lastWorkNs, _spinBudgetNs),
            _ => 0,
        };
        if (deadline > now && spinUntil <= now)
        {
            Sleeps++;
        }
        return new AgentWait(deadline, spinUntil, YieldToFair: false);
    }

    /// <summary>
    /// One round on a real host: <see cref="Iterate"/>, then block through <paramref name="sleeper"/> when the
    /// decision is to sleep or to yield to the fair class; returns at once when it is to poll again.
    /// </summary>
    public void RunIteration(IAgentSleeper sleeper)
    {
        ArgumentNullException.ThrowIfNull(sleeper);
        AgentWait wait = Iterate();
        long now = _enclave.NowNanoseconds;
        if (wait.YieldToFair)
        {
            sleeper.Sleep(_agent.LastAgentBarrier, wait.DeadlineNs, yieldToFair: true);
            return;
        }
        if (wait.DeadlineNs > now && wait.SpinUntilNs <= now)
        {
            sleeper.Sleep(_agent.LastAgentBarrier, wait.DeadlineNs, yieldToFair: false);
        }
    }
}
