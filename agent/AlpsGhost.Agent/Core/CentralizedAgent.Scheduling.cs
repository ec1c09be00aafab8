using AlpsGhost.Agent.Identity;
using AlpsGhost.Agent.Observation;
using AlpsGhost.Agent.Policies;
using AlpsGhost.Ghost;
using AlpsGhost.Ghost.Abi;
using AlpsGhost.Ghost.Queue;
using AlpsGhost.Ghost.Regions;

namespace AlpsGhost.Agent.Core;

// GlobalSchedule: pick, preempt, one batched commit, apply outcomes.
public sealed partial class CentralizedAgent
{
    private long GlobalSchedule(long now)
    {
        _policy.BeginRound(now);
        int chosen = 0;
        // Free CPUs take the best committable tasks.
        bool idleButUnavailable = false;
        foreach (int cpu in _cpus)
        {
            if (_runningOn[cpu] != NoTask)
            {
                continue;
            }
            if (!CpuAvailable(cpu))
            {
                idleButUnavailable = true;
                continue;
            }
            if (!PeekCommittable(now, out int slot))
            {
                break;
            }
            _policy.TryDequeue(out _);
            Choose(ref chosen, cpu, slot, NoTask);
        }
        // Busy CPUs: preempt the policy's preferred victim while the best waiting task deserves a CPU. The scan that
        // finds no victim also keeps the earliest recheck of the CPUs it asked (DeadlineAfterScan).
        long scanDeadline = long.MaxValue;
        bool scanCoveredAll = false;
        while (PeekCommittable(now, out int candidate))
        {
            int victimCpu = -1;
            long earliest = long.MaxValue;
            bool coveredAll = true;
            foreach (int cpu in _cpus)
            {
                int running = _runningOn[cpu];
                if (running == NoTask)
                {
                    continue;
                }
                if (_assigned[cpu])
                {
                    continue; // its task changes at the commit: DeadlineAfterScan asks it again
                }
                if (!CpuAvailable(cpu))
                {
                    coveredAll = false;
                    continue;
                }
                if (!_policy.ShouldPreempt(in _tasks[running], in _tasks[candidate], now, out long recheck))
                {
                    if (recheck > now && recheck < earliest)
                    {
                        earliest = recheck;
                    }
                    continue;
                }
                if (victimCpu < 0 || _policy.PreferVictim(in _tasks[running], in _tasks[_runningOn[victimCpu]], now))
                {
                    victimCpu = cpu;
                }
            }
            if (victimCpu < 0)
            {
                scanDeadline = earliest;
                scanCoveredAll = coveredAll;
                break;
            }
            _policy.TryDequeue(out _);
            Choose(ref chosen, victimCpu, candidate, _runningOn[victimCpu]);
        }
        bool anyFailed = chosen > 0 && Commit(chosen, now);
        bool requeued = _deferredCount > 0;
        for (int i = 0; i < _deferredCount; i++)
        {
            _policy.Enqueue(ref _tasks[_deferred[i]], EnqueueReason.Retry, now);
        }
        _deferredCount = 0;
        long next = scanCoveredAll && !anyFailed && !requeued ? DeadlineAfterScan(scanDeadline, chosen, now) : NextDeadline(now);
        if (anyFailed)
        {
            // A failed transaction's task waits for the next round, and nothing guarantees a message
            // will bring one (ABORTED, AGENT_STALE, a refused CPU): ask to run again soon.
            next = Math.Min(next, Nanoseconds.SaturatingAdd(now, _options.UnavailableCpuPollNs));
        }
        if (idleButUnavailable && _policy.Count > 0)
        {
            // No message announces a higher class leaving a CPU (unless CPU_AVAILABLE is enabled):
            // poll for it while work waits.
            next = Math.Min(next, Nanoseconds.SaturatingAdd(now, _options.UnavailableCpuPollNs));
        }
        return next;
    }

    /// <summary>
    /// Peeks the best task that may be committed now; tasks still on a CPU or with unread messages
    /// (status-word barrier ahead of our seqnum) are set aside for this round, as ghOSt's centralized
    /// FIFO does.
    /// </summary>
    private bool PeekCommittable(long now, out int slot)
    {
        while (_policy.TryPeek(out slot))
        {
            ref AgentTask t = ref _tasks[slot];
            uint index = t.StatusWord.Index;
            if ((_words.ReadFlags(index) & StatusWordFlags.TaskOnCpu) == 0 && _words.ReadBarrier(index) == t.Seqnum)
            {
                return true;
            }
            _policy.TryDequeue(out _);
            _deferred[_deferredCount++] = slot;
            Stats.DeferredPicks++;
        }
        return false;
    }

    private void Choose(ref int chosen, int cpu, int slot, int victim)
    {
        ref AgentTask t = ref _tasks[slot];
        ref GhostTxn txn = ref _enclave.Txn(cpu);
        txn.Version = (int)GhostAbi.TxnVersion;
        txn.Gtid = t.Gtid;
        txn.TaskBarrier = t.Seqnum;
        txn.AgentBarrier = cpu == _agentCpu ? _ownAgentBarrier : 0;
        txn.RunFlags = (ushort)RunFlags.None;
        txn.CommitFlags = (byte)CommitFlags.CommitAtTxnCommit;
        Volatile.Write(ref txn.State, (int)GhostTxnState.Ready);
        _assigned[cpu] = true;
        _chosenCpus[chosen] = cpu;
        _chosenSlots[chosen] = slot;
        _chosenVictims[chosen] = victim;
        chosen++;
    }

    /// <returns>True if any transaction failed (its task is back in the queue).</returns>
    private bool Commit(int chosen, long now)
    {
        bool anyFailed = false;
        _enclave.CommitTransactions(_chosenCpus.AsSpan(0, chosen));
        Stats.Decisions += chosen;
        for (int i = 0; i < chosen; i++)
        {
            int cpu = _chosenCpus[i];
            _assigned[cpu] = false;
            ref GhostTxn txn = ref _enclave.Txn(cpu);
            var state = (GhostTxnState)Volatile.Read(ref txn.State);
            Stats.CountOutcome(state);
            ref AgentTask t = ref _tasks[_chosenSlots[i]];
            if (state != GhostTxnState.Complete)
            {
                // Never lose a task: back in the queue at its old place, retried next round.
                _policy.Enqueue(ref t, EnqueueReason.Retry, now);
                anyFailed = true;
                continue;
            }
            int victim = _chosenVictims[i];
            if (victim != NoTask && _runningOn[cpu] == victim)
            {
                ref AgentTask v = ref _tasks[victim];
                v.State = TaskState.Displaced;
                v.Cpu = NoTask;
                Stats.Preemptions++;
            }
            long dispatchedAt = txn.CommitTime > 0 ? txn.CommitTime : now;
            t.State = TaskState.Latched;
            t.Cpu = cpu;
            t.DispatchNs = dispatchedAt;
            t.RuntimeAtDispatchNs = t.RuntimeNs;
            t.WaitNs += Math.Max(0, dispatchedAt - t.RunnableSinceNs);
            _policy.OnDispatch(ref t, now);
            _runningOn[cpu] = t.Slot;
            Stats.Dispatches++;
        }
        return anyFailed;
    }

    /// <summary>
    /// <see cref="NextDeadline"/> from the round's last preemption scan: that scan asked every running CPU except the
    /// ones it skipped as assigned whether the best waiting task should preempt it, and kept the earliest recheck.
    /// </summary>
    /// <remarks>Identical to <see cref="NextDeadline"/> when no transaction failed and no deferred task went back into
    /// the queue: the best waiting task is still the scan's candidate; the running tasks of the CPUs it asked have not
    /// changed; and a commit only touches the dispatched and displaced tasks (the policy's <c>OnDispatch</c> only the
    /// dispatched one), which those answers do not read. Only the CPUs this round dispatched to are asked again. Saves a
    /// pass over every CPU in most rounds (56 at 56 CPUs).</remarks>
    private long DeadlineAfterScan(long scanDeadline, int chosen, long now)
    {
        long next = scanDeadline;
        if (chosen == 0 || !_policy.TryPeek(out int best))
        {
            return next;
        }
        for (int i = 0; i < chosen; i++)
        {
            int running = _runningOn[_chosenCpus[i]];
            if (running != NoTask && !_policy.ShouldPreempt(in _tasks[running], in _tasks[best], now, out long recheck) && recheck > now && recheck < next)
            {
                next = recheck;
            }
        }
        return next;
    }

    private long NextDeadline(long now)
    {
        if (!_policy.TryPeek(out int best))
        {
            return long.MaxValue;
        }
        long next = long.MaxValue;
        foreach (int cpu in _cpus)
        {
            int running = _runningOn[cpu];
            if (running == NoTask)
            {
                continue;
            }
            if (!_policy.ShouldPreempt(in _tasks[running], in _tasks[best], now, out long recheck) && recheck > now && recheck < next)
            {
                next = recheck;
            }
        }
        return next;
    }

    private bool CpuAvailable(int cpu) =>
        (_words.ReadFlags(_enclave.AgentStatusWord(cpu).Index) & StatusWordFlags.CpuAvailable) != 0;
}
