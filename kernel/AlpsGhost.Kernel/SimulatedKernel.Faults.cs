using AlpsGhost.Ghost;
using AlpsGhost.Ghost.Abi;
using AlpsGhost.Kernel.Faults;

namespace AlpsGhost.Kernel;

// Fault injection (SimulationOptions.Faults, docs/faults.md): the effects on the kernel's state of CPUs
// leaving the enclave and tasks departing to the fair class. The decisions (stalls, failed transactions,
// ring corruption) and their random stream are the FaultInjector's.
public sealed unsafe partial class SimulatedKernel
{
    private readonly FaultInjector _faults;
    private int _faultCpusRemoved;
    private int _faultTasksDeparted;

    /// <summary>Arms the plan's timed faults; called by <see cref="Run"/> once the enclave is live.</summary>
    private void ArmFaults()
    {
        FaultPlan plan = _options.Faults;
        if (!_enclaveActive || plan.IsEmpty)
        {
            return;
        }
        foreach (CpuRemoval r in plan.CpuRemovals)
        {
            int cpu = r.Cpu;
            ScheduleCallback(r.AtNs, _ => RemoveCpuFromEnclave(cpu));
        }
        foreach (TaskDeparture d in plan.TaskDepartures)
        {
            int count = d.Count;
            ScheduleCallback(d.AtNs, _ => DepartTasks(count));
        }
    }

    /// <summary>
    /// A CPU leaves the enclave (cpumask write): a latched task is displaced (PREEMPT was_latched), the
    /// running ghost task is preempted (TASK_PREEMPT) and the CPU returns to the fair class; the agent's
    /// later commits to it fail CPU_UNAVAIL (validation checks enclave membership).
    /// </summary>
    private void RemoveCpuFromEnclave(int cpu)
    {
        SimCpu c = _cpus[cpu];
        if (!_enclaveActive || !c.InEnclave)
        {
            return;
        }
        if (c.Latched != null)
        {
            DisplaceLatched(c);
        }
        c.ForceOffPending = false;
        c.LatchGen++;
        if (c.Current != null && c.Current.Class == TaskClass.Ghost)
        {
            PreemptGhost(c, wasLatched: false);
        }
        SetAgentWordFlag(cpu, StatusWordFlags.CpuAvailable, false);
        if (c.Current != null)
        {
            Account(c);
            TrackBusy(c, -1); // the utilization tracker counts enclave CPUs only
        }
        c.InEnclave = false;
        _faultCpusRemoved++;
        PickNext(c);
    }

    /// <summary>Up to <paramref name="count"/> live enclave tasks leave ghOSt (setscheduler SCHED_OTHER): running ones first, then by invocation id.</summary>
    /// <summary>How long a departure that found no live enclave task waits before it looks again.</summary>
    private const long DepartureRetryNs = 1_000_000;

    private void DepartTasks(int count)
    {
        if (!_enclaveActive)
        {
            return;
        }
        int departedBefore = _faultTasksDeparted;
        for (int pass = 0; pass < 2 && count > 0; pass++)
        {
            foreach (SimTask t in LiveTasksInOrder())
            {
                if (count == 0)
                {
                    break;
                }
                if (t.Class != TaskClass.Ghost || t.State is TaskState.Dead or TaskState.NotArrived
                    || (pass == 0) != (t.State == TaskState.Running))
                {
                    continue;
                }
                if (t.LatchedCpu >= 0)
                {
                    SimCpu l = _cpus[t.LatchedCpu];
                    l.Latched = null;
                    l.LatchReady = false;
                    l.LatchGen++;
                }
                int cpu = t.Cpu;
                bool running = t.State == TaskState.Running;
                DepartGhostTask(t);
                if (running)
                {
                    SetAgentWordFlag(cpu, StatusWordFlags.CpuAvailable, false); // the CPU now runs a fair task
                }
                _faultTasksDeparted++;
                count--;
            }
        }
        if (_faultTasksDeparted == departedBefore && InvocationsRemain)
        {
            // No enclave task was alive at that instant (a quiet moment of a light load): the fault applies to the
            // first live ones instead, so a scenario never passes without exercising it whatever the seed.
            ScheduleCallback(Nanoseconds.SaturatingAdd(_now, DepartureRetryNs), _ => DepartTasks(count));
        }
    }

    private void CorruptRingIfDue() =>
        _faults.CorruptRingIfDue(_queueMem + GhostAbi.QueueHeaderSize, _options.QueueElements, RingHead, RingTail, _now);

    private FaultCounters BuildFaultCounters() => _faults.Counters(_now, _faultCpusRemoved, _faultTasksDeparted);
}
