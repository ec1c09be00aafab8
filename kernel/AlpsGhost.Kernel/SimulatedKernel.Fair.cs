using AlpsGhost.Ghost;
namespace AlpsGhost.Kernel;

// The fair class's CPU choice, balancing and class priority; placement, pick and slices belong to each CPU's
// fair-class model (Fair/CfsRunQueue.cs = Linux 5.11 CFS, Fair/EevdfRunQueue.cs = 6.6+ EEVDF; docs/simulator.md).
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

    /// <summary>A fair task becomes runnable, new or waking; its CPU's fair-class model places it.</summary>
    private void FairWake(SimTask t, bool isNew)
    {
        t.State = TaskState.Runnable;
        t.RunnableSince = _now;
        if (!isNew && t.Delayed && _cpus[t.Cpu].Rq.WakeInPlace(t))
        {
            // EEVDF delayed dequeue: the sleeper never left its queue, so it wakes on its CPU (ttwu_runnable).
            SimCpu home = _cpus[t.Cpu];
            Account(home);
            PreemptForFair(home, t);
            return;
        }
        SimCpu c = _cpus[SelectFairCpu(t)];
        Account(c);
        FairEnqueue(c, t, isNew ? Fair.FairEnqueue.New : Fair.FairEnqueue.Wake);
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

    /// <summary>Queue <paramref name="t"/> on <paramref name="c"/> (placed by the model per <paramref name="how"/>) and apply class priority and wake-up preemption.</summary>
    private void FairEnqueue(SimCpu c, SimTask t, Fair.FairEnqueue how)
    {
        t.Cpu = c.Id;
        c.Rq.Enqueue(t, how);
        PreemptForFair(c, t);
        if (c.Current is { Class: TaskClass.Realtime })
        {
            WatchFairStarvation(c);
        }
    }

    // The fair server (SimulationOptions.FairServerRuntimeNs), deferred as in Linux 6.12+: when fair tasks have
    // waited behind real-time work on a CPU for period - runtime, they run ahead of it for runtime.
    private void WatchFairStarvation(SimCpu c)
    {
        if (_options.FairServerRuntimeNs <= 0 || c.FairStarvedSince >= 0 || c.Rq.Count == 0 || _now < c.FairServerUntil)
        {
            return;
        }
        c.FairStarvedSince = _now;
        _events.Push(_now + _options.FairServerPeriodNs - _options.FairServerRuntimeNs, EventKind.FairServerStart, c.Id, ++c.FairServerGen);
    }

    private void OnFairServerStart(SimCpu c)
    {
        c.FairStarvedSince = -1;
        if (c.Rq.Count == 0 || c.Current is not { Class: TaskClass.Realtime })
        {
            WatchFairStarvation(c); // fair work ran, or none waits: nothing to serve (the clock restarts if needed)
            return;
        }
        c.FairServerUntil = _now + _options.FairServerRuntimeNs;
        _fairServerActivations++;
        _events.Push(c.FairServerUntil, EventKind.FairServerEnd, c.Id, ++c.FairServerGen);
        RequeueRtCurrent(c);
        PickNext(c);
    }

    private void OnFairServerEnd(SimCpu c)
    {
        c.FairServerUntil = 0;
        if (c.Current is { Class: TaskClass.Fair } && c.Rt.Count > 0)
        {
            RequeueCurrent(c);
            PickNext(c); // real-time work first again
        }
    }

    /// <summary>A fair task <paramref name="t"/> just queued on <paramref name="c"/>: it beats ghost tasks and the latch, and may preempt the running fair task.</summary>
    private void PreemptForFair(SimCpu c, SimTask t)
    {
        if (c.Latched != null)
        {
            DisplaceLatched(c); // a CFS task taking the CPU displaces the latched ghost task
        }
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
        if (cur.Class == TaskClass.Realtime)
        {
            EnsureBalance(); // the real-time class beats the fair class: it waits
            return;
        }
        Account(c);
        if (c.Rq.WakeupPreempts(cur, t))
        {
            RequeueCurrent(c);
            PickNext(c);
            return;
        }
        EnsureBalance();
    }

    /// <summary>The one way a running fair task is put back to wait on its CPU (preempted by a fair task, its slice, or the agent).</summary>
    private void RequeueCurrent(SimCpu c)
    {
        SimTask t = StopRunning(c);
        t.ContextSwitches++;
        t.State = TaskState.Runnable;
        t.RunnableSince = _now;
        c.Rq.Requeue(t);
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
        Migrate(busiest, c);
        return true;
    }

    /// <summary>Moves a waiting task from <paramref name="from"/> to <paramref name="to"/> (each model keeps what its kernel keeps across a migration).</summary>
    private void Migrate(SimCpu from, SimCpu to)
    {
        Account(from); // update_curr on both queues: the lag the task takes along is measured against from's present average
        SimTask t = from.Rq.PopForMigration();
        Account(to);
        FairEnqueue(to, t, Fair.FairEnqueue.Migrated);
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
            Migrate(busiest, idlest);
        }
        if (anyWaiting)
        {
            EnsureBalance();
        }
    }
}
