using AlpsGhost.Linux.Native;

namespace AlpsGhost.Linux;

/// <summary><see cref="IKernelScheduling"/> over <c>sched_setattr</c>.</summary>
public sealed class SchedSetattrKernel : IKernelScheduling
{
    /// <inheritdoc/>
    public int Raise(int tid, int priority, bool roundRobin)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(priority, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(priority, KernelPolicies.MaxRtPriority);
        var attr = new SchedAttr
        {
            Policy = (uint)(roundRobin ? KernelPolicies.RoundRobin : KernelPolicies.Fifo),
            Priority = (uint)priority,
            Flags = KernelPolicies.ResetOnFork,
        };
        return -LinuxNative.SchedSetAttr(tid, attr);
    }

    /// <inheritdoc/>
    public int MakeFair(int tid, int nice)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nice, FairTier.MinNice);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nice, FairTier.MaxNice);
        return -LinuxNative.SchedSetAttr(tid, new SchedAttr { Policy = KernelPolicies.Other, Nice = nice, Flags = KernelPolicies.ResetOnFork });
    }

    /// <inheritdoc/>
    public bool IsRealtime(int tid) =>
        LinuxNative.SchedGetAttr(tid, out SchedAttr attr) == 0 && attr.Policy is (uint)KernelPolicies.Fifo or (uint)KernelPolicies.RoundRobin;

    /// <summary>Raises the calling thread to <paramref name="priority"/> (the agent's own thread); 0 or an errno.</summary>
    public static int RaiseCurrentThread(int priority) => new SchedSetattrKernel().Raise(0, priority, roundRobin: false);
}
