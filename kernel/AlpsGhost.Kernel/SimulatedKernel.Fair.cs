using AlpsGhost.Ghost;
namespace AlpsGhost.Kernel;

// The fair class: Linux 5.11 CFS reduced to what decides who runs when (see docs/simulator.md).
public sealed unsafe partial class SimulatedKernel
{
    private void RefreshFairAllowed()
    {
        // A spinning global agent owns its CPU: fair work goes elsewhere. This stands in for ghOSt's
        // global agent hopping CPUs when BOOST_PRIO says CFS wants its CPU.
        bool spinningAgent = _enclaveActive && _options.AgentMode == Ghost.AgentMode.Spinning;
        foreach (SimCpu c in _cpus)
        {
            c.FairAllowed = !(spinningAgent && c.Id == _agentCpu);
        }
    }

    /// <summary>A fair task becomes runnable: new (START_DEBIT placement) or waking (GENTLE_FAIR_SLEEPERS placement).</summary>
    private void FairWake(SimTask t, bool isNew)
    {
        SimCpu c = _cpus[SelectFairCpu(t)];
        Account(c);
        c.Rq.UpdateMin(c.Current?.Class == TaskClass.Fair ? c.Current : null);
        long min = c.Rq.MinVruntime;
        if (isNew)
        {
            t.VRuntime = min + VSlice(c, t);
        }
        else
        {
            t.VRuntime = Math.Max(t.VRuntime + min, min - (_cfs.LatencyNs / 2));
        }
        t.State = TaskState.Runnable;
        t.RunnableSince = _now;
        EnqueueAndPreempt(c, t);
    }

    /// <summary>select_task_rq_fair, simplified: previous CPU if idle, else the lowest idle CPU, else the least loaded (ties: previous, then lowest id).</summary>
    private int SelectFairCpu(SimTask t)
    {
        int prev = t.Cpu;
        if (prev >= 0 && _cpus[prev].FairAllowed && _cpus[prev].Load == 0)
        {
            return prev;
        }
        int best = -1, bestLoad = int.MaxValue;
        foreach (SimCpu c in _cpus)
        {
            if (!c.FairAllowed)
            {
                continue;
            }
            int load = c.Load;
            if (load < bestLoad || (load == bestLoad && c.Id == prev))
            {
                best = c.Id;
                bestLoad = load;
            }
        }
        return best;
    }

    /// <summary>Enqueue <paramref name="t"/> (vruntime already absolute for <paramref name="c"/>) and apply class priority and wakeup preemption.</summary>
    private void EnqueueAndPreempt(SimCpu c, SimTask t)
    {
        t.Cpu = c.Id;
        if (c.Latched != null)
        {
            DisplaceLatched(c); // a CFS task taking the CPU displaces the latched ghost task
        }
        c.Rq.Push(t);
        if (c.AgentRunning)
        {
            SetAgentWordFlag(c.Id, Ghost.Abi.StatusWordFlags.BoostPriority, true);
            YieldSpinToFair(c);
            return;
        }
        SimTask? cur = c.Current;
        if (cur == null)
        {
            PickNext(c);
            return;
        }
        if (cur.Class == TaskClass.Ghost)
        {
            PreemptGhost(c, wasLatched: false);
            PickNext(c);
            return;
        }
        Account(c);
        long gran = t.Weight == 1024 ? _cfs.WakeupGranularityNs : _cfs.WakeupGranularityNs * 1024 / t.Weight;
        if (cur.VRuntime - t.VRuntime > gran)
        {
            StopRunning(c);
            cur.ContextSwitches++;
            cur.State = TaskState.Runnable;
            cur.RunnableSince = _now;
            c.Rq.Push(cur);
            PickNext(c);
            return;
        }
        EnsureBalance();
    }

    /// <summary>sched_slice: period * w / W_rq, period = latency stretched to nr * min_gran beyond nr_latency; at least min_gran.</summary>
    private long FairSlice(SimCpu c, SimTask t)
    {
        long nr = c.Rq.Count + 1;
        long weight = c.Rq.Weight + t.Weight;
        long nrLatency = _cfs.LatencyNs / _cfs.MinGranularityNs;
        long period = nr > nrLatency ? nr * _cfs.MinGranularityNs : _cfs.LatencyNs;
        long slice = period * t.Weight / weight;
        return Math.Max(slice, _cfs.MinGranularityNs);
    }

    /// <summary>sched_vslice for a new task joining <paramref name="c"/> (START_DEBIT).</summary>
    private long VSlice(SimCpu c, SimTask t)
    {
        long nr = c.Rq.Count + (c.Current != null ? 1 : 0) + 1;
        long weight = c.Rq.Weight + t.Weight + (c.Current?.Class == TaskClass.Fair ? c.Current.Weight : 0);
        long nrLatency = _cfs.LatencyNs / _cfs.MinGranularityNs;
        long period = nr > nrLatency ? nr * _cfs.MinGranularityNs : _cfs.LatencyNs;
        long slice = period * t.Weight / weight;
        return t.Weight == 1024 ? slice : slice * 1024 / t.Weight;
    }

    /// <summary>newidle balance: an idle CPU pulls the leftmost waiting task of the busiest queue.</summary>
    private bool TryIdlePull(SimCpu c)
    {
        SimCpu? busiest = null;
        foreach (SimCpu o in _cpus)
        {
            if (o != c && o.Rq.Count > 0 && (busiest == null || o.Rq.Count > busiest.Rq.Count))
            {
                busiest = o;
            }
        }
        if (busiest == null)
        {
            return false;
        }
        SimTask t = Migrate(busiest, c);
        c.Rq.Push(t);
        PickNext(c);
        return true;
    }

    private SimTask Migrate(SimCpu from, SimCpu to)
    {
        SimTask t = from.Rq.Pop();
        Account(to);
        to.Rq.UpdateMin(to.Current?.Class == TaskClass.Fair ? to.Current : null);
        t.VRuntime = t.VRuntime - from.Rq.MinVruntime + to.Rq.MinVruntime;
        t.Cpu = to.Id;
        return t;
    }

    private void EnsureBalance()
    {
        if (!_balancePending)
        {
            _balancePending = true;
            _events.Push(Nanoseconds.SaturatingAdd(_now, _cfs.BalanceIntervalNs), EventKind.Balance, 0, 0);
        }
    }

    /// <summary>Periodic balance: move waiting tasks from the busiest to the least loaded CPU while loads differ by 2 or more.</summary>
    private void OnBalance()
    {
        _balancePending = false;
        bool anyWaiting = false;
        for (int round = 0; round < _cpus.Length * 4; round++)
        {
            SimCpu? busiest = null, idlest = null;
            foreach (SimCpu c in _cpus)
            {
                if (c.Rq.Count > 0 && (busiest == null || c.Load > busiest.Load))
                {
                    busiest = c;
                }
                if (c.FairAllowed && (idlest == null || c.Load < idlest.Load))
                {
                    idlest = c;
                }
            }
            if (busiest == null || idlest == null || busiest.Load - idlest.Load < 2)
            {
                anyWaiting = busiest != null;
                break;
            }
            SimTask t = Migrate(busiest, idlest);
            EnqueueAndPreempt(idlest, t);
        }
        if (anyWaiting)
        {
            EnsureBalance();
        }
    }
}
