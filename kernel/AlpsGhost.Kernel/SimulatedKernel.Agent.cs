using AlpsGhost.Ghost;
using AlpsGhost.Ghost.Abi;

namespace AlpsGhost.Kernel;

// The agent thread in virtual time: when it runs, what it costs, which CPU it occupies.
public sealed unsafe partial class SimulatedKernel
{
    private readonly ProducedMessages _produced;

    private bool _inAgent;
    private bool _agentRunning;
    private long _agentRunStart;
    private long _agentCost;
    private long _agentDeadline = long.MaxValue;
    private long _pendingAgentAt = long.MaxValue;
    private long _agentWakeAt = long.MaxValue;
    private int _agentWakeGen;
    private long _agentCpuNs;
    private long _agentWakeups;

    // Adaptive mode: the agent polls its queue on its CPU between rounds until _agentSpinUntil (what the
    // agent loop asked for), then sleeps. The spin is agent CPU time and keeps the CPU from other tasks.
    private long _agentSpinUntil;
    private bool _agentSpinning;
    private long _agentSpinStart;
    private int _agentSpinGen;

    /// <summary>Message delivery latency: a polling agent (spinning, or adaptive within its spin) sees a message sooner than a sleeping one.</summary>
    private long MessageDeliveryNs =>
        _options.AgentMode == AgentMode.Spinning || _agentSpinning ? _costs.MessageDeliverySpinningNs : _costs.MessageDeliveryWakeupNs;

    /// <summary>Whether the agent shares its CPU with enclave tasks (it sleeps between rounds), so a commit to it is local.</summary>
    private bool AgentSharesCpu => _options.AgentMode != AgentMode.Spinning;

    private long AgentNow()
    {
        ChargeConsumed();
        return Nanoseconds.SaturatingAdd(_agentRunStart, _agentCost);
    }

    /// <summary>Counts messages the agent consumed since the last call (the ring's tail passed their end) and charges them.</summary>
    private void ChargeConsumed()
    {
        int consumed = _produced.TakeConsumed(RingTail);
        if (_agentRunning)
        {
            _agentCost += consumed * _costs.PerMessageNs;
        }
    }

    private void RequestAgentRun(long at)
    {
        if (!_enclaveActive)
        {
            return;
        }
        at = _faults.AgentAvailableAt(at);
        if (_agentRunning)
        {
            _pendingAgentAt = Math.Min(_pendingAgentAt, at);
            return;
        }
        if (at < _agentWakeAt)
        {
            _agentWakeAt = at;
            _agentWakeGen++;
            _events.Push(Math.Max(at, _now), EventKind.AgentWake, 0, _agentWakeGen);
        }
    }

    private void StartAgentRun()
    {
        _agentRunning = true;
        _agentRunStart = _now;
        _agentCost = _costs.AgentWakeupNs;
        _agentWakeups++;
        if (_agentSpinning)
        {
            EndSpin(); // it was polling on its CPU: no wakeup, no context switch
        }
        if (AgentSharesCpu)
        {
            SimCpu c = _cpus[_agentCpu];
            if (!c.AgentRunning)
            {
                // The agent class beats CFS and ghost: whatever runs here is switched out.
                if (c.Current != null)
                {
                    if (c.Current.Class == TaskClass.Ghost)
                    {
                        PreemptGhost(c, wasLatched: false);
                    }
                    else
                    {
                        RequeueCurrent(c);
                    }
                }
                if (c.Latched != null && c.LatchReady)
                {
                    DisplaceLatched(c);
                }
                c.AgentRunning = true;
                c.Idle = false;
                c.LastRan = null;
                _contextSwitches++;
                _agentCost += _costs.ContextSwitchNs;
                SetAgentWordFlag(_agentCpu, StatusWordFlags.TaskOnCpu, true);
                SetAgentWordFlag(_agentCpu, StatusWordFlags.CpuAvailable, true);
                SetAgentWordFlag(_agentCpu, StatusWordFlags.BoostPriority, c.Rq.Count > 0);
            }
        }
        _pendingAgentAt = long.MaxValue; // anything produced before RunOnce is visible to it
        AgentWait wait;
        _inAgent = true;
        try
        {
            wait = _agent!.Iterate();
        }
        finally
        {
            _inAgent = false;
        }
        ChargeConsumed();
        _agentDeadline = wait.DeadlineNs;
        _agentSpinUntil = wait.SpinUntilNs;
        _events.Push(Nanoseconds.SaturatingAdd(_agentRunStart, Math.Max(1, _agentCost)), EventKind.AgentDone, 0, 0);
    }

    private void OnAgentDone()
    {
        _agentCpuNs += Math.Max(1, _agentCost);
        _agentRunning = false;
        if (!_enclaveActive)
        {
            return; // destroyed while it ran: DestroyEnclave already handed the CPU back
        }
        long next = _faults.AgentAvailableAt(Math.Min(_pendingAgentAt, _agentDeadline));
        _pendingAgentAt = long.MaxValue;
        if (next <= _now)
        {
            StartAgentRun();
            return;
        }
        if (AgentSharesCpu)
        {
            SimCpu c = _cpus[_agentCpu];
            // Adaptive: keep polling while the loop asks to and the CPU has nothing else to run (a local
            // commit or a waiting fair task makes the agent yield at once, as on a real host).
            if (_options.AgentMode == AgentMode.Adaptive && _agentSpinUntil > _now && c.Latched == null && c.Rq.Count == 0)
            {
                _agentSpinning = true;
                _agentSpinStart = _now;
                _agentSpinGen++;
                _events.Push(_agentSpinUntil, EventKind.AgentSpinEnd, 0, _agentSpinGen);
            }
            else
            {
                AgentLeavesCpu(c);
            }
        }
        if (next != long.MaxValue)
        {
            RequestAgentRun(next);
        }
    }

    /// <summary>The sleeping agent gives its CPU back: whatever is runnable there runs.</summary>
    private void AgentLeavesCpu(SimCpu c)
    {
        c.AgentRunning = false;
        SetAgentWordFlag(_agentCpu, StatusWordFlags.TaskOnCpu, false);
        SetAgentWordFlag(_agentCpu, StatusWordFlags.BoostPriority, false);
        PickNext(c);
    }

    /// <summary>Stops an adaptive agent's spin and charges it as agent CPU time.</summary>
    private void EndSpin()
    {
        _agentCpuNs += _now - _agentSpinStart;
        _agentSpinning = false;
        _agentSpinGen++;
    }

    /// <summary>The spin budget passed without a message: the adaptive agent goes to sleep.</summary>
    private void OnAgentSpinEnd(int gen)
    {
        if (gen != _agentSpinGen || !_agentSpinning || _agentRunning)
        {
            return;
        }
        EndSpin();
        AgentLeavesCpu(_cpus[_agentCpu]);
    }

    /// <summary>A fair task became runnable on the spinning adaptive agent's CPU: the loop sees BOOST_PRIO and yields.</summary>
    private void YieldSpinToFair(SimCpu c)
    {
        if (_agentSpinning && !_agentRunning && c.Id == _agentCpu)
        {
            EndSpin();
            AgentLeavesCpu(c);
        }
    }
}
