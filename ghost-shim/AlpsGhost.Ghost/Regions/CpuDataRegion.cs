using System.Runtime.CompilerServices;
using AlpsGhost.Ghost.Abi;

namespace AlpsGhost.Ghost.Regions;

/// <summary>
/// The enclave's <c>cpu_data</c> mapping: page <c>i</c> holds the <c>ghost_txn</c> of CPU <c>i</c>.
/// </summary>
public sealed unsafe class CpuDataRegion
{
    private readonly byte* _mapping;

    /// <summary>Wraps a mapping of <paramref name="possibleCpus"/> pages.</summary>
    public CpuDataRegion(byte* mapping, int possibleCpus)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(possibleCpus);
        _mapping = mapping;
        PossibleCpus = possibleCpus;
    }

    /// <summary>CPUs the mapping covers (<c>num_possible_cpus</c>).</summary>
    public int PossibleCpus { get; }

    /// <summary>The transaction of <paramref name="cpu"/>, in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref GhostTxn Txn(int cpu)
    {
        if ((uint)cpu >= (uint)PossibleCpus)
        {
            ThrowCpu(cpu);
        }
        return ref Unsafe.AsRef<GhostTxn>(_mapping + (nuint)cpu * GhostAbi.CpuDataStride);
    }

    /// <summary>Acquire-reads a transaction's state.</summary>
    public GhostTxnState ReadState(int cpu) => (GhostTxnState)Volatile.Read(ref Txn(cpu).State);

    /// <summary>Bytes the mapping needs for <paramref name="possibleCpus"/> CPUs.</summary>
    public static int BytesFor(int possibleCpus) => checked(possibleCpus * GhostAbi.CpuDataStride);

    private void ThrowCpu(int cpu) =>
        throw new ArgumentOutOfRangeException(nameof(cpu), cpu, $"CPU outside 0..{PossibleCpus - 1}");
}
