using AlpsGhost.Agent.Identity;
using AlpsGhost.Agent.Observation;
using AlpsGhost.Agent.Policies;
using AlpsGhost.Ghost;
using AlpsGhost.Ghost.Abi;
using AlpsGhost.Ghost.Queue;
using AlpsGhost.Ghost.Regions;

namespace AlpsGhost.Agent.Core;

// Message handlers: one per message type, with per-task seqnum tracking.
public sealed partial class CentralizedAgent
{
    private void Drain(long now)
    {
        GhostQueue queue = _enclave.Queue;
        for (int handled = 0; handled < _options.MaxMessagesPerRound; handled++)
        {
            QueueReadStatus status = queue.TryPeek(out GhostMessage message);
            if (status == QueueReadStatus.Empty)
            {
                return;
            }
            if (status == QueueReadStatus.Corrupt)
            {
                RecoverCorruptQueue(queue, now);
                return;
            }
            if (GhostMessageTypes.PayloadSize(message.Type, _abiVersion) < 0)
            {
                // The kernel never writes a type our ABI does not define: the ring was overwritten, and the
                // message it replaced (a wake-up, say) is lost. Skipping would hide that until the next
                // resync; resynchronise now (found by the fault sweep: worst waits of ~500 ms otherwise).
                Stats.UnknownMessageTypes++;
                RecoverCorruptQueue(queue, now);
                return;
            }
            Dispatch(in message, now);
            queue.Consume(in message);
        }
    }

    private void Dispatch(in GhostMessage m, long now)
    {
        GhostMessageType type = m.Type;
        Stats.CountMessage(type);
        switch (type)
        {
            case GhostMessageType.Nop:
                return;
            case GhostMessageType.TaskNew:
                OnTaskNew(m.ReadPayload<TaskNewPayload>(), m.Seqnum, now);
                return;
        }
        if (GhostMessageTypes.IsCpuMessage(type))
        {
            // CPU_TICK, timers, availability: nothing to record; every round re-checks slices and
            // CPU_AVAIL anyway, and the message already woke us.
            return;
        }
        if (!_tasks.TryFind(m.Gtid, out int slot))
        {
            Stats.UnknownTaskMessages++;
            return;
        }
        ref AgentTask t = ref _tasks[slot];
        uint seq = m.Seqnum;
        if ((int)(seq - t.Seqnum) <= 0)
        {
            // Not newer than what we already consumed (seqnums strictly increase per task), e.g. a
            // message already accounted for by a status-word resync: stale, skip it.
            // Expected after every full resync, so counted but not logged.
            Stats.StaleMessages++;
            return;
        }
        if (seq != unchecked(t.Seqnum + 1))
        {
            Stats.SeqnumGaps++;
            if (LogAllowed(now))
            {
                Emit($"seqnum gap for gtid {t.Gtid}: expected {unchecked(t.Seqnum + 1)}, got {seq} ({type}); resynchronising from its status word");
            }
            t.Seqnum = seq;
            Resync(ref t, now);
        }
        else
        {
            t.Seqnum = seq;
        }
        switch (type)
        {
            case GhostMessageType.TaskWakeup:
                OnWakeup(ref t, now);
                break;
            case GhostMessageType.TaskBlocked:
                OnOffCpu(ref t, (long)m.ReadPayload<TaskBlockedPayload>().Runtime, ranOnCpu: true, now);
                break;
            case GhostMessageType.TaskSwitchto:
                // The task handed its CPU to another via switchto: for us it is blocked.
                OnOffCpu(ref t, (long)m.ReadPayload<TaskSwitchtoPayload>().Runtime, ranOnCpu: true, now);
                break;
            case GhostMessageType.TaskPreempt:
                TaskPreemptPayload p = m.ReadPayload<TaskPreemptPayload>();
                OnDescheduled(ref t, (long)p.Runtime, p.WasLatched == 0, yielded: false, now);
                break;
            case GhostMessageType.TaskYield:
                OnDescheduled(ref t, (long)m.ReadPayload<TaskYieldPayload>().Runtime, ranOnCpu: true, yielded: true, now);
                break;
            case GhostMessageType.TaskDead:
                Finish(ref t, departed: false, now);
                break;
            case GhostMessageType.TaskDeparted:
                Finish(ref t, departed: true, now);
                break;
            case GhostMessageType.TaskOnCpu:
                if (t.State == TaskState.Latched)
                {
                    t.State = TaskState.OnCpu;
                }
                break;
            default:
                // AFFINITY_CHANGED, PRIORITY_CHANGED, LATCH_FAILURE (BPF only): only the seqnum matters.
                break;
        }
    }

    private void OnTaskNew(in TaskNewPayload p, uint seq, long now)
    {
        if (_tasks.TryFind(p.Gtid, out int known))
        {
            // A repeated TASK_NEW ("discover tasks"), or the original one of a task a resync already
            // adopted from its status word: take it only if it is newer than what we know.
            ref AgentTask k = ref _tasks[known];
            if ((int)(seq - k.Seqnum) <= 0)
            {
                Stats.StaleMessages++;
                return;
            }
            k.Seqnum = seq;
            Resync(ref k, now);
            return;
        }
        if (!_words.Contains(p.SwInfo))
        {
            Stats.BadStatusWords++;
            if (LogAllowed(now))
            {
                Emit($"TASK_NEW gtid {p.Gtid}: status word {p.SwInfo.Id}/{p.SwInfo.Index} is outside region {_words.Id} (capacity {_words.Capacity}); task ignored");
            }
            return;
        }
        if (!_tasks.TryAdd(p.Gtid, out int slot))
        {
            Stats.TaskTableFull++;
            if (LogAllowed(now))
            {
                Emit($"task table full ({_tasks.Capacity} tasks, AgentOptions.TaskCapacity): TASK_NEW gtid {p.Gtid} ignored");
            }
            return;
        }
        ref AgentTask t = ref _tasks[slot];
        t.StatusWord = p.SwInfo;
        t.Seqnum = seq;
        t.ArrivalNs = now;
        t.RuntimeNs = (long)p.Runtime;
        t.FunctionId = _enclave.TryDescribeTask(p.Gtid, out TaskDescription description) ? _resolver.Resolve(in description) : -1;
        if (p.Runnable != 0)
        {
            MakeQueued(ref t, EnqueueReason.New, now);
        }
        else
        {
            t.State = TaskState.Blocked;
            t.BlockedSinceNs = now;
        }
    }

    private void OnWakeup(ref AgentTask t, long now)
    {
        if (t.State != TaskState.Blocked)
        {
            return;
        }
        t.BlockedNs += Math.Max(0, now - t.BlockedSinceNs);
        MakeQueued(ref t, EnqueueReason.Wakeup, now);
    }

    /// <summary>BLOCKED / SWITCHTO: the task left its CPU and is not runnable.</summary>
    private void OnOffCpu(ref AgentTask t, long runtime, bool ranOnCpu, long now)
    {
        t.RuntimeNs = Math.Max(t.RuntimeNs, runtime);
        switch (t.State)
        {
            case TaskState.Blocked:
                return;
            case TaskState.Queued:
                _policy.Remove(ref t);
                break;
            default:
                EndDispatch(ref t, ranOnCpu);
                break;
        }
        t.State = TaskState.Blocked;
        t.BlockedSinceNs = now;
    }

    /// <summary>PREEMPT / YIELD: the task left its CPU and is still runnable.</summary>
    private void OnDescheduled(ref AgentTask t, long runtime, bool ranOnCpu, bool yielded, long now)
    {
        t.RuntimeNs = Math.Max(t.RuntimeNs, runtime);
        if (t.State is TaskState.Blocked or TaskState.Queued)
        {
            return;
        }
        EnqueueReason reason = yielded ? EnqueueReason.Yield
            : t.State == TaskState.Displaced ? EnqueueReason.Displaced
            : EnqueueReason.Preempted;
        EndDispatch(ref t, ranOnCpu);
        MakeQueued(ref t, reason, now);
    }

    private void Finish(ref AgentTask t, bool departed, long now)
    {
        long runtime = CurrentRuntime(ref t, now);
        switch (t.State)
        {
            case TaskState.Queued:
                _policy.Remove(ref t);
                t.WaitNs += Math.Max(0, now - t.RunnableSinceNs);
                break;
            case TaskState.Blocked:
                t.BlockedNs += Math.Max(0, now - t.BlockedSinceNs);
                break;
            default:
                EndDispatch(ref t, ranOnCpu: true);
                break;
        }
        if (_observations is not null)
        {
            InvocationRecord record = MakeRecord(ref t, now, completed: true, departed, runtime);
            _observations.TryWrite(in record);
        }
        if (!_enclave.FreeStatusWord(t.StatusWord))
        {
            Stats.StatusWordFreeFailures++;
            if (LogAllowed(now))
            {
                Emit($"could not free status word {t.StatusWord.Id}/{t.StatusWord.Index} of gtid {t.Gtid}");
            }
        }
        Stats.TasksCompleted++;
        _tasks.Release(t.Slot);
    }

    private void MakeQueued(ref AgentTask t, EnqueueReason reason, long now)
    {
        t.State = TaskState.Queued;
        t.Cpu = NoTask;
        t.RunnableSinceNs = now;
        _policy.Enqueue(ref t, reason, now);
    }

    /// <summary>Ends the task's hold on a CPU (if it had one) and counts the burst.</summary>
    private void EndDispatch(ref AgentTask t, bool ranOnCpu)
    {
        if (t.Cpu >= 0 && _runningOn[t.Cpu] == t.Slot)
        {
            _runningOn[t.Cpu] = NoTask;
        }
        if (ranOnCpu && t.State is TaskState.Latched or TaskState.OnCpu or TaskState.Displaced)
        {
            t.Bursts++;
        }
        t.Cpu = NoTask;
    }
}
