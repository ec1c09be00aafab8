using AlpsGhost.Ghost;
using AlpsGhost.Ghost.Abi;

namespace AlpsGhost.Kernel;

// The agent thread in virtual time: when it runs, what it costs, which CPU it occupies.
public sealed unsafe partial class SimulatedKernel
{
    private readonly uint[] _msgEnds; // free-running ring head after each produced message, oldest first
    private int _msgEndHead;
    private int _msgEndCount;

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

    private long AgentNow()
    {
        ChargeConsumed();
        return _agentRunStart + _agentCost;
    }

    /// <summary>Counts messages the agent consumed since the last call (the ring's tail passed their end) and charges them.</summary>
    private void ChargeConsumed()
    {
        uint tail = RingTail;
        int mask = _msgEnds.Length - 1;
        while (_msgEndCount > 0 && (int)(tail - _msgEnds[_msgEndHead]) >= 0)
        {
            _msgEndHead = (_msgEndHead + 1) & mask;
            _msgEndCount--;
            if (_agentRunning)
            {
                _agentCost += _costs.PerMessageNs;
            }
        }
    }

    private void RequestAgentRun(long at)
    {
        if (!_enclaveActive)
        {
            return;
        }
        at = AgentAvailableAt(at);
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
        if (_options.AgentMode == AgentMode.QueueWakeup)
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
        long deadline;
        _inAgent = true;
        try
        {
            deadline = _agent!.RunOnce();
        }
        finally
        {
            _inAgent = false;
        }
        ChargeConsumed();
        _agentDeadline = deadline;
        _events.Push(_agentRunStart + Math.Max(1, _agentCost), EventKind.AgentDone, 0, 0);
    }

    private void OnAgentDone()
    {
        _agentCpuNs += Math.Max(1, _agentCost);
        _agentRunning = false;
        if (!_enclaveActive)
        {
            return; // destroyed while it ran: DestroyEnclave already handed the CPU back
        }
        long next = AgentAvailableAt(Math.Min(_pendingAgentAt, _agentDeadline));
        _pendingAgentAt = long.MaxValue;
        if (next <= _now)
        {
            StartAgentRun();
            return;
        }
        if (_options.AgentMode == AgentMode.QueueWakeup)
        {
            SimCpu c = _cpus[_agentCpu];
            c.AgentRunning = false;
            SetAgentWordFlag(_agentCpu, StatusWordFlags.TaskOnCpu, false);
            SetAgentWordFlag(_agentCpu, StatusWordFlags.BoostPriority, false);
            PickNext(c);
        }
        if (next != long.MaxValue)
        {
            RequestAgentRun(next);
        }
    }
}
