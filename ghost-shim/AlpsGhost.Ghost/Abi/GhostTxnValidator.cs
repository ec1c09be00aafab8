namespace AlpsGhost.Ghost.Abi;

/// <summary>What the kernel knows about a transaction's target task when it validates the commit.</summary>
/// <param name="Found">The gtid names a live task with a status word.</param>
/// <param name="Ghost">The task is in the ghost class (a task that left for another class is no valid target).</param>
/// <param name="Dead">The task has exited (its status word may be freed).</param>
/// <param name="Barrier">The task's status-word barrier now (the txn's <c>task_barrier</c> must equal it).</param>
/// <param name="Blocked">The task is not runnable.</param>
/// <param name="Running">The task is on a CPU.</param>
/// <param name="OnTxnCpu">The task is the current task of the transaction's own CPU.</param>
public readonly record struct TxnTarget(bool Found, bool Ghost, bool Dead, uint Barrier, bool Blocked, bool Running, bool OnTxnCpu)
{
    /// <summary>No task by that gtid.</summary>
    public static TxnTarget Missing => default;
}

/// <summary>What the kernel knows about a transaction's CPU when it validates the commit.</summary>
/// <param name="EnclaveActive">The enclave still has an agent (it has not been destroyed).</param>
/// <param name="InEnclave">The CPU belongs to the enclave.</param>
/// <param name="GhostCurrentOrLatched">A ghost task runs on the CPU or is latched to run there.</param>
/// <param name="FairCurrent">A task of a higher class (the fair class) runs on the CPU.</param>
/// <param name="OwnedByAgent">The CPU is the spinning global agent's own (the simulator's choice; a real kernel says no).</param>
public readonly record struct TxnCpu(bool EnclaveActive, bool InEnclave, bool GhostCurrentOrLatched, bool FairCurrent, bool OwnedByAgent)
{
    /// <summary>An enclave CPU with nothing of a higher class on it: what the fakes model.</summary>
    public static TxnCpu Available => new(EnclaveActive: true, InEnclave: true, GhostCurrentOrLatched: false, FairCurrent: false, OwnedByAgent: false);
}

/// <summary>Where <see cref="GhostTxnValidator"/> reads a kernel model's state.</summary>
public interface ITxnKernelState
{
    /// <summary>The task <paramref name="gtid"/> (&gt; 0), seen from a transaction on <paramref name="cpu"/>.</summary>
    TxnTarget Target(long gtid, int cpu);

    /// <summary>The transaction's CPU.</summary>
    TxnCpu Cpu(int cpu);
}

/// <summary>The kernel's validation of one transaction commit, in the kernel's order (docs/ghost-abi.md §6.4):
/// the first failed check decides the outcome.</summary>
/// <remarks>
/// <para>The one validator: the simulated kernel and every test and benchmark fake enclave call it, each
/// describing its own state as a <see cref="TxnTarget"/> and a <see cref="TxnCpu"/>, so a rule changed here changes
/// for all of them. It only decides; applying a committed transaction (switching tasks, barriers, costs)
/// stays with each kernel model.</para>
/// <para>Allocation-free: it reads the transaction in place and the state through <typeparamref name="TState"/>
/// (a struct, so the call is specialised, not virtual). The target is described only when the gtid names a task.</para>
/// </remarks>
public static class GhostTxnValidator
{
    /// <summary>The outcome of committing <paramref name="txn"/>, found in <paramref name="cpu"/>'s slot.</summary>
    public static GhostTxnState Validate<TState>(ref GhostTxn txn, int cpu, in TState state)
        where TState : struct, ITxnKernelState
    {
        if (txn.Version != (int)GhostAbi.TxnVersion)
        {
            return GhostTxnState.UnsupportedVersion;
        }
        if (txn.Cpu != cpu)
        {
            return GhostTxnState.InvalidCpu;
        }
        RunFlags rf = (RunFlags)txn.RunFlags;
        long gtid = txn.Gtid;
        if ((rf & ~RunFlags.ValidMask) != 0
            || ((rf & RunFlags.RtlaOnIdle) != 0 && gtid < 0)
            || ((rf & RunFlags.NeedCpuNotIdle) != 0 && gtid != GhostAbi.IdleGtid)
            || (rf != RunFlags.None && gtid == GhostAbi.AgentGtid))
        {
            return GhostTxnState.InvalidFlags;
        }
        CommitFlags cf = (CommitFlags)txn.CommitFlags;
        if ((cf & ~CommitFlags.ValidMask) != 0
            || (cf & (CommitFlags.CommitAtSchedule | CommitFlags.CommitAtTxnCommit)) == (CommitFlags.CommitAtSchedule | CommitFlags.CommitAtTxnCommit)
            || (cf & (CommitFlags.ElideAgentBarrierInc | CommitFlags.IncAgentBarrierOnFailure)) == (CommitFlags.ElideAgentBarrierInc | CommitFlags.IncAgentBarrierOnFailure))
        {
            return GhostTxnState.InvalidFlags;
        }
        if (gtid > 0)
        {
            TxnTarget t = state.Target(gtid, cpu);
            if (!t.Found)
            {
                return GhostTxnState.TargetNotFound;
            }
            if (!t.Ghost && !t.Dead)
            {
                return GhostTxnState.InvalidTarget;
            }
            if (t.Dead || txn.TaskBarrier != t.Barrier)
            {
                return GhostTxnState.TargetStale;
            }
            if (t.Blocked)
            {
                return GhostTxnState.TargetNotRunnable;
            }
            if (t.Running && !((cf & CommitFlags.AllowTaskOnCpu) != 0 && t.OnTxnCpu))
            {
                return GhostTxnState.TargetOnCpu;
            }
        }
        else if (gtid < GhostAbi.IdleGtid)
        {
            return GhostTxnState.InvalidTarget;
        }
        TxnCpu c = state.Cpu(cpu);
        if (!c.EnclaveActive)
        {
            return GhostTxnState.NoAgent;
        }
        if (!c.InEnclave)
        {
            return GhostTxnState.CpuUnavail;
        }
        if ((rf & RunFlags.DoNotPreempt) != 0 && c.GhostCurrentOrLatched)
        {
            return GhostTxnState.AgentStale;
        }
        if (c.FairCurrent)
        {
            return GhostTxnState.CpuUnavail; // ghost never preempts a higher class
        }
        if (c.OwnedByAgent)
        {
            return GhostTxnState.CpuUnavail; // the spinning global agent owns its CPU (simulator choice)
        }
        return GhostTxnState.Complete;
    }
}

/// <summary>A kernel model that knows its tasks only through their status words (the test and benchmark fake
/// enclaves): the target's state is read from its word's flags and barrier, and every CPU is available.</summary>
/// <param name="words">The status-word region.</param>
/// <param name="wordOf">gtid -> status-word index of every live task.</param>
/// <param name="current">Per CPU: the gtid running there (0 = none).</param>
public readonly struct StatusWordTxnState(Regions.StatusWordRegion words, Dictionary<long, uint> wordOf, long[] current) : ITxnKernelState
{
    /// <inheritdoc/>
    public TxnTarget Target(long gtid, int cpu)
    {
        if (!wordOf.TryGetValue(gtid, out uint i))
        {
            return TxnTarget.Missing;
        }
        StatusWordFlags flags = words.ReadFlags(i);
        return new TxnTarget(
            Found: true,
            Ghost: true,
            Dead: (flags & StatusWordFlags.CanFree) != 0,
            Barrier: words.ReadBarrier(i),
            Blocked: (flags & StatusWordFlags.TaskRunnable) == 0,
            Running: (flags & StatusWordFlags.TaskOnCpu) != 0,
            OnTxnCpu: current[cpu] == gtid);
    }

    /// <inheritdoc/>
    public TxnCpu Cpu(int cpu) => TxnCpu.Available;
}
