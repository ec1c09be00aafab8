using AlpsGhost.Agent.Identity;
using AlpsGhost.Agent.Observation;
using AlpsGhost.Agent.Policies;
using AlpsGhost.Ghost;
using AlpsGhost.Ghost.Abi;
using AlpsGhost.Ghost.Queue;
using AlpsGhost.Ghost.Regions;

namespace AlpsGhost.Agent.Core;

// Recovery from lost messages: seqnum gaps, corrupt rings, kernel queue overflow.
public sealed partial class CentralizedAgent
{
    /// <summary>Re-derives where a task is from its status word after messages were lost.</summary>
    /// <remarks>
    /// RUNNABLE clear: blocked. ONCPU set: keep a CPU we gave it; otherwise it runs where we did not
    /// put it, so treat it as runnable (commits skip ONCPU tasks until its off-CPU message arrives).
    /// Runnable and off CPU: queued, except a task we latched that has not switched in since the
    /// commit (switch_time before the commit), which is still latched.
    /// </remarks>
    private void Resync(ref AgentTask t, long now)
    {
        ref readonly GhostStatusWord word = ref _words[t.StatusWord.Index];
        StatusWordFlags flags = _words.ReadFlags(t.StatusWord.Index);
        bool onCpu = (flags & StatusWordFlags.TaskOnCpu) != 0;
        bool runnable = (flags & StatusWordFlags.TaskRunnable) != 0;
        t.RuntimeNs = Math.Max(t.RuntimeNs, (long)word.Runtime);
        if (!runnable && !onCpu)
        {
            OnOffCpu(ref t, t.RuntimeNs, ranOnCpu: true, now);
            return;
        }
        switch (t.State)
        {
            case TaskState.Blocked:
                t.BlockedNs += Math.Max(0, now - t.BlockedSinceNs);
                MakeQueued(ref t, EnqueueReason.Wakeup, now);
                break;
            case TaskState.Latched or TaskState.OnCpu:
                if (onCpu)
                {
                    t.State = TaskState.OnCpu;
                }
                else if (word.SwitchTime >= t.DispatchNs)
                {
                    // It ran after our commit and is off CPU again: its PREEMPT was lost.
                    EndDispatch(ref t, ranOnCpu: true);
                    MakeQueued(ref t, EnqueueReason.Preempted, now);
                }
                break;
            case TaskState.Displaced:
                if (!onCpu)
                {
                    EndDispatch(ref t, ranOnCpu: true);
                    MakeQueued(ref t, EnqueueReason.Displaced, now);
                }
                break;
        }
    }

    private void RecoverCorruptQueue(GhostQueue queue, long now)
    {
        uint skipped = queue.SkipToHead();
        Stats.CorruptQueueResyncs++;
        Stats.SkippedSlots += skipped;
        if (LogAllowed(now))
        {
            Emit($"message queue corrupt: skipped {skipped} slots to head; resynchronising {_tasks.Count} tasks from their status words");
        }
        ResyncAll(now);
    }

    /// <summary>
    /// After messages were lost (corrupt ring, overflow): every task's seqnum becomes its barrier and its
    /// state is re-derived from its status word; dead ones are finished, unknown live ones adopted.
    /// </summary>
    private void ResyncAll(long now)
    {
        for (int slot = 0; slot < _tasks.HighWater; slot++)
        {
            ref AgentTask t = ref _tasks[slot];
            if (t.State == TaskState.Free)
            {
                continue;
            }
            t.Seqnum = _words.ReadBarrier(t.StatusWord.Index);
            if ((_words.ReadFlags(t.StatusWord.Index) & StatusWordFlags.CanFree) != 0)
            {
                // Its TASK_DEAD / TASK_DEPARTED was among the lost messages.
                Finish(ref t, departed: false, now);
                continue;
            }
            Resync(ref t, now);
        }
        DiscoverLostTasks(now);
    }

    /// <summary>Adopts in-use task status words we do not track (their TASK_NEW was lost).</summary>
    private void DiscoverLostTasks(long now)
    {
        for (uint index = 0; index < _words.Capacity; index++)
        {
            StatusWordFlags flags = _words.ReadFlags(index);
            if ((flags & StatusWordFlags.InUse) == 0 || (flags & (StatusWordFlags.TaskIsAgent | StatusWordFlags.CanFree)) != 0)
            {
                continue;
            }
            ref readonly GhostStatusWord word = ref _words[index];
            if (word.Gtid <= 0 || _tasks.TryFind(word.Gtid, out _))
            {
                continue;
            }
            var payload = new TaskNewPayload
            {
                Gtid = word.Gtid,
                Runtime = word.Runtime,
                Runnable = (ushort)((flags & (StatusWordFlags.TaskRunnable | StatusWordFlags.TaskOnCpu)) != 0 ? 1 : 0),
                SwInfo = new GhostSwInfo(_words.Id, index),
            };
            OnTaskNew(in payload, _words.ReadBarrier(index), now);
            Stats.TasksDiscovered++;
        }
    }
}
