namespace AlpsGhost.Kernel;

// The real-time class (SCHED_FIFO), as far as the stock-Linux backend uses it: priorities over the fair class,
// FIFO within a priority, no slice, and what sched_setattr does to a task in each state. It is the mechanism a
// simulated twin of `--kernel linux` drives (docs/simulator.md, "Real-time class").
public sealed unsafe partial class SimulatedKernel
{
    private long _rtSeq;

    /// <summary>Highest SCHED_FIFO priority.</summary>
    public const int MaxRealtimePriority = 99;

    /// <summary>
    /// sched_setattr(SCHED_FIFO, <paramref name="priority"/>) on thread <paramref name="tid"/>: it now beats every fair
    /// task and lower real-time priorities. False when no such live, non-ghOSt task exists (ESRCH).
    /// </summary>
    public bool SetRealtime(int tid, int priority)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(priority, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(priority, MaxRealtimePriority);
        if (!TryLiveTask(tid, out SimTask t) || t.Class == TaskClass.Ghost)
        {
            return false;
        }
        switch (t.State)
        {
            case TaskState.Running:
                SimCpu c = _cpus[t.Cpu];
                Account(c);
                if (t.Class == TaskClass.Fair)
                {
                    c.Rq.CurrentLeaves(t);
                }
                t.Class = TaskClass.Realtime;
                t.RtPriority = priority;
                c.SliceEnd = long.MaxValue;
                ArmCpuEvent(c);
                if (c.Rt.Count > 0 && c.Rt[0].RtPriority > priority)
                {
                    RequeueRtCurrent(c);
                    PickNext(c);
                }
                break;
            case TaskState.Runnable:
                long since = t.RunnableSince;
                if (t.Class == TaskClass.Fair)
                {
                    Account(_cpus[t.Cpu]); // update_curr first: the lag it keeps is measured against the queue's present average
                    _cpus[t.Cpu].Rq.Remove(t);
                }
                else
                {
                    RemoveWaitingRt(_cpus[t.Cpu], t);
                }
                t.Class = TaskClass.Realtime;
                t.RtPriority = priority;
                RtEnqueue(t);
                if (t.State == TaskState.Runnable)
                {
                    t.RunnableSince = since; // the same wait
                }
                break;
            case TaskState.Blocked:
                if (t.Delayed)
                {
                    Account(_cpus[t.Cpu]);
                    _cpus[t.Cpu].Rq.Forget(t);
                }
                t.Class = TaskClass.Realtime;
                t.RtPriority = priority;
                break;
        }
        return true;
    }

    /// <summary>Whether thread <paramref name="tid"/> is live and SCHED_FIFO (sched_getattr's policy).</summary>
    public bool IsRealtime(int tid) => TryLiveTask(tid, out SimTask t) && t.Class == TaskClass.Realtime;

    /// <summary>sched_setattr(SCHED_OTHER, nice 0) on thread <paramref name="tid"/>; false when it does not exist (ESRCH).</summary>
    public bool SetFair(int tid) => SetFair(tid, 0);

    /// <summary>
    /// sched_setattr(SCHED_OTHER, <paramref name="nice"/>) on thread <paramref name="tid"/>: fair, with the load weight of
    /// that nice (the kernel's sched_prio_to_weight). False when it does not exist (ESRCH).
    /// </summary>
    /// <remarks>Re-weighting a fair task: a running one keeps running (its CPU time so far is accounted at the old
    /// weight); a queued one leaves and re-joins its queue as a waking task would, with the lag it had in the old
    /// weight's units (the kernel's <c>reweight_entity</c> rescales it by old / new: a simplification); a sleeping
    /// one takes the weight when it wakes. A sleeper EEVDF still queues (delayed dequeue) keeps its old weight until
    /// it leaves the queue. A real-time task made fair keeps the lag it left the fair class with, unscaled, as the
    /// kernel does (docs/simulator.md, "Leaving the real-time class").</remarks>
    public bool SetFair(int tid, int nice)
    {
        int weight = CfsParameters.WeightOfNice(nice);
        if (!TryLiveTask(tid, out SimTask t) || t.Class == TaskClass.Ghost)
        {
            return false;
        }
        if (t.Class == TaskClass.Fair)
        {
            Reweight(t, weight);
            return true;
        }
        t.Weight = weight;
        if (t.State == TaskState.Runnable)
        {
            RemoveWaitingRt(_cpus[t.Cpu], t);
        }
        JoinFairClass(t);
        if (t.State == TaskState.Running)
        {
            ReschedAfterClassChange(_cpus[t.Cpu]);
        }
        return true;
    }

    /// <summary>
    /// switched_from_rt / switched_to_fair on the running task: if it was the last real-time task of its CPU, the CPU
    /// pulls real-time work waiting elsewhere (switched_from_rt queues pull_rt_task only when rt_nr_running is 0), then
    /// resched_curr: the task that just became fair is put back and the CPU picks again, real-time work first, then
    /// the fair model's pick, with no protected slice for the task (the kernel's set_next_task after a class change
    /// does not protect it).
    /// </summary>
    private void ReschedAfterClassChange(SimCpu c)
    {
        if (c.Rt.Count == 0)
        {
            PullRtInto(c);
        }
        RequeueCurrent(c);
        PickNext(c);
    }

    private void Reweight(SimTask t, int weight)
    {
        if (t.Weight == weight)
        {
            return;
        }
        switch (t.State)
        {
            case TaskState.Running:
                Account(_cpus[t.Cpu]);
                t.Weight = weight;
                break;
            case TaskState.Runnable:
                long since = t.RunnableSince;
                SimCpu c = _cpus[t.Cpu];
                Account(c);
                c.Rq.Remove(t);
                t.Weight = weight;
                FairEnqueue(c, t, Fair.FairEnqueue.Wake);
                if (t.State == TaskState.Runnable)
                {
                    t.RunnableSince = since;
                }
                break;
            default:
                if (!t.Delayed)
                {
                    t.Weight = weight;
                }
                break;
        }
    }

    /// <summary>
    /// /proc/&lt;pid&gt;/task/&lt;tid&gt;/schedstat: CPU time and time spent runnable but not running, up to now.
    /// False when the thread has exited or never existed.
    /// </summary>
    public bool TryReadSchedstat(int tid, out long cpuNs, out long waitNs)
    {
        cpuNs = waitNs = 0;
        if (!TryLiveTask(tid, out SimTask t))
        {
            return false;
        }
        if (t.State == TaskState.Running)
        {
            Account(_cpus[t.Cpu]);
        }
        cpuNs = t.CpuNs;
        waitNs = t.WaitNs + (t.State == TaskState.Runnable ? _now - t.RunnableSince : 0);
        return true;
    }

    /// <summary>Starts a SCHED_FIFO thread needing <paramref name="cpuNs"/> of CPU now (e.g. a real-time agent's work); <paramref name="onDone"/>(now) when it exits.</summary>
    public void SpawnRealtimeWork(string name, int priority, long cpuNs, Action<long> onDone)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(priority, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(priority, MaxRealtimePriority);
        SimTask t = Spawn(name, cpuNs, onDone);
        t.Class = TaskClass.Realtime;
        t.RtPriority = priority;
    }

    /// <summary>The tid of invocation <paramref name="invocationId"/>'s thread.</summary>
    public static int InvocationTid(int invocationId) => TidBase + invocationId;

    private int FirstFairAllowedCpu()
    {
        foreach (SimCpu c in _cpus)
        {
            if (c.FairAllowed)
            {
                return c.Id;
            }
        }
        throw new InvalidOperationException("no CPU runs fair or real-time work (every CPU is in the enclave)");
    }

    private bool TryLiveTask(int tid, out SimTask t)
    {
        if (!_live.TryGetValue(tid - TidBase, out SimTask? found) || found.State is TaskState.NotArrived or TaskState.Dead)
        {
            t = null!;
            return false;
        }
        t = found;
        return true;
    }

    /// <summary>select_task_rq_rt + enqueue: the lowest-priority CPU the task beats (idle, then fair, then lower real-time; ties: its previous CPU, then the lowest id), else its previous CPU; then preempt.</summary>
    private void RtEnqueue(SimTask t)
    {
        int best = -1, bestRank = int.MaxValue;
        foreach (SimCpu c in _cpus)
        {
            if (!c.FairAllowed)
            {
                continue;
            }
            int rank = RtRank(c, t.RtPriority);
            if (rank < bestRank || (rank == bestRank && c.Id == t.Cpu))
            {
                best = c.Id;
                bestRank = rank;
            }
        }
        if (bestRank == int.MaxValue && t.Cpu >= 0 && _cpus[t.Cpu].FairAllowed)
        {
            best = t.Cpu;
        }
        if (best < 0)
        {
            // It beats nothing anywhere and has no previous CPU (a new task): it waits on the first CPU it may use.
            best = FirstFairAllowedCpu();
        }
        SimCpu cpu = _cpus[best];
        Account(cpu);
        t.State = TaskState.Runnable;
        t.RunnableSince = _now;
        t.Cpu = cpu.Id;
        InsertRt(cpu, t, head: false);
        if (cpu.Latched != null)
        {
            DisplaceLatched(cpu);
        }
        if (cpu.AgentRunning)
        {
            SetAgentWordFlag(cpu.Id, Ghost.Abi.StatusWordFlags.BoostPriority, true);
            return;
        }
        SimTask? cur = cpu.Current;
        if (cur == null)
        {
            PickNext(cpu);
        }
        else if (cur.Class == TaskClass.Ghost)
        {
            PreemptGhost(cpu, wasLatched: false);
            PickNext(cpu);
        }
        else if (cur.Class == TaskClass.Fair)
        {
            if (_now >= cpu.FairServerUntil) // while the fair server runs, fair work keeps the CPU
            {
                RequeueCurrent(cpu);
                PickNext(cpu);
            }
        }
        else if (cur.RtPriority < t.RtPriority)
        {
            RequeueRtCurrent(cpu);
            PickNext(cpu);
        }
    }

    /// <summary>
    /// pull_rt_task, reduced: <paramref name="c"/>'s priority is dropping below real time (its real-time task blocked,
    /// exited or became fair), so it takes the highest-priority real-time task waiting on another
    /// CPU, at the head of its queue. False when none waits anywhere. push_rt_task is not needed: a waking or raised
    /// real-time task already goes to the CPU running the lowest-priority work it beats, so it only waits when no CPU
    /// runs lower work than it.
    /// </summary>
    private bool PullRtInto(SimCpu c)
    {
        if (_rtWaiting == 0)
        {
            return false;
        }
        SimCpu? from = null;
        foreach (SimCpu o in _cpus)
        {
            if (o != c && o.Rt.Count > 0 && (from == null || o.Rt[0].RtPriority > from.Rt[0].RtPriority))
            {
                from = o;
            }
        }
        if (from == null)
        {
            return false;
        }
        SimTask t = TakeFirstWaitingRt(from);
        t.Cpu = c.Id;
        InsertRt(c, t, head: true);
        return true;
    }

    // 0 idle, 1 running fair or ghOSt work, 2 + p running real-time priority p below the task's; int.MaxValue: the task
    // would wait (behind equal or higher real-time work, or the fair server).
    private int RtRank(SimCpu c, int priority)
    {
        if ((c.Rt.Count > 0 && c.Rt[0].RtPriority >= priority) || (_now < c.FairServerUntil && c.Current is { Class: TaskClass.Fair }))
        {
            return int.MaxValue;
        }
        SimTask? cur = c.Current;
        if (cur == null && !c.AgentRunning)
        {
            return 0;
        }
        if (cur == null || cur.Class != TaskClass.Realtime)
        {
            return 1;
        }
        return cur.RtPriority < priority ? 2 + cur.RtPriority : int.MaxValue;
    }

    /// <summary>A preempted SCHED_FIFO task goes back to the head of its priority's list (it keeps its place).</summary>
    private void RequeueRtCurrent(SimCpu c)
    {
        SimTask t = StopRunning(c);
        t.ContextSwitches++;
        t.State = TaskState.Runnable;
        t.RunnableSince = _now;
        InsertRt(c, t, head: true);
    }

    // Real-time tasks waiting (queued, not running) on any CPU: lets the pick skip the pull scan when none waits.
    private int _rtWaiting;

    private void RemoveWaitingRt(SimCpu c, SimTask t)
    {
        if (c.Rt.Remove(t))
        {
            _rtWaiting--;
        }
    }

    private SimTask TakeFirstWaitingRt(SimCpu c)
    {
        SimTask t = c.Rt[0];
        c.Rt.RemoveAt(0);
        _rtWaiting--;
        return t;
    }

    private void InsertRt(SimCpu c, SimTask t, bool head)
    {
        _rtWaiting++;
        t.RtSeq = head ? -(++_rtSeq) : ++_rtSeq;
        int i = 0;
        while (i < c.Rt.Count && (c.Rt[i].RtPriority > t.RtPriority || (c.Rt[i].RtPriority == t.RtPriority && c.Rt[i].RtSeq < t.RtSeq)))
        {
            i++;
        }
        c.Rt.Insert(i, t);
    }
}
