using AlpsGhost.Workloads;

namespace AlpsGhost.Kernel;

// Oracle knowledge no real kernel has: used only by simulation-only bounds (the srpt policy).
public sealed partial class SimulatedKernel
{
    /// <summary>
    /// The remaining CPU demand of the ghOSt task <paramref name="gtid"/>'s whole invocation: the rest of its
    /// current CPU phase (charged up to now, also while it runs) plus every later CPU phase.
    /// </summary>
    /// <remarks>Simulation-only oracle knowledge (a real kernel cannot know the future). Allocation-free.</remarks>
    /// <param name="gtid">A ghOSt task id the enclave announced (TASK_NEW).</param>
    /// <param name="remainingNs">Remaining CPU nanoseconds (0 when only blocking phases are left).</param>
    /// <returns>False for an unknown, dead or departed task.</returns>
    public bool TryGetRemainingCpuNs(long gtid, out long remainingNs)
    {
        SimTask? t = FindByGtid(gtid);
        if (t == null || t.State == TaskState.Dead)
        {
            remainingNs = 0;
            return false;
        }
        long sum = 0;
        if (t.PhaseIndex < t.Phases.Length && t.Phases[t.PhaseIndex].Kind == PhaseKind.Cpu)
        {
            long current = t.Remaining;
            if (t.Cpu >= 0 && ReferenceEquals(_cpus[t.Cpu].Current, t))
            {
                // Remaining is charged lazily (update_curr): subtract what ran since the last charge.
                SimCpu c = _cpus[t.Cpu];
                current -= Math.Max(0, _now - Math.Max(c.LastUpdate, c.RunStart));
            }
            sum = Math.Max(0, current);
        }
        for (int i = t.PhaseIndex + 1; i < t.Phases.Length; i++)
        {
            if (t.Phases[i].Kind == PhaseKind.Cpu)
            {
                sum += t.Phases[i].DurationNs;
            }
        }
        remainingNs = sum;
        return true;
    }
}
