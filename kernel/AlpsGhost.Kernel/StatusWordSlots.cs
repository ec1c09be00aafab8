using AlpsGhost.Ghost.Abi;

namespace AlpsGhost.Kernel;

/// <summary>Which task owns which status word of the simulated enclave's region, and the gtids handed out with them.</summary>
/// <remarks>
/// <para>Words 0..reserved-1 are the per-CPU agent words and never change hands; task words are taken lowest-first
/// until the region is full, then from the freed ones, last freed first (the kernel reuses freed words the same way).
/// A task's gtid is its tid above <see cref="GhostAbi.GtidSeqnumBits"/> and a sequence number that only grows, so a
/// reused word never repeats a gtid.</para>
/// <para>It keeps the bookkeeping only; writing the words themselves stays with the kernel.</para>
/// </remarks>
internal sealed class StatusWordSlots
{
    private readonly SimTask?[] _owner;
    private readonly Stack<uint> _free = new();
    private readonly uint _reserved;
    private uint _next;
    private long _gtidSeq;

    /// <summary>A region of <paramref name="capacity"/> words whose first <paramref name="reserved"/> belong to the agents.</summary>
    public StatusWordSlots(uint capacity, uint reserved)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(reserved, capacity);
        _owner = new SimTask?[capacity];
        _reserved = reserved;
        _next = reserved;
    }

    /// <summary>Gives <paramref name="t"/> a word and a new gtid (<see cref="SimTask.SwIndex"/>, <see cref="SimTask.Gtid"/>);
    /// false, changing nothing, when every word is taken.</summary>
    /// <exception cref="SimulationLimitException">The task's tid does not fit in a gtid (nothing is changed).</exception>
    public bool TryAllocate(SimTask t)
    {
        if (t.Tid >= GhostAbi.PidMaxLimit)
        {
            // The last guard: a tid this large would shift into the gtid's sign bit and name another task.
            throw new SimulationLimitException($"thread {t.Tid} cannot have a gtid: thread ids must stay below {GhostAbi.PidMaxLimit:N0} " +
                "(SimulatedKernel.MaxEnclaveInvocations)");
        }
        uint index;
        if (_free.Count > 0)
        {
            index = _free.Pop();
        }
        else if (_next < (uint)_owner.Length)
        {
            index = _next++;
        }
        else
        {
            return false;
        }
        t.SwIndex = index;
        t.HasSw = true;
        t.Gtid = ((long)t.Tid << GhostAbi.GtidSeqnumBits) | ++_gtidSeq;
        _owner[index] = t;
        return true;
    }

    /// <summary>Whether <paramref name="index"/> is a task word (not an agent's, inside the region).</summary>
    public bool IsTaskWord(uint index) => index >= _reserved && index < (uint)_owner.Length;

    /// <summary>Returns task word <paramref name="index"/>; its owner, if any, no longer has a word.</summary>
    /// <returns>The word's owner, or null.</returns>
    public SimTask? Free(uint index)
    {
        SimTask? t = _owner[index];
        if (t != null)
        {
            t.HasSw = false;
            _owner[index] = null;
        }
        _free.Push(index);
        return t;
    }
}
