using System.Runtime.InteropServices;
using AlpsGhost.Ghost.Abi;
using AlpsGhost.Ghost.Queue;

namespace AlpsGhost.Ghost.Tests.Queue;

/// <summary>A native, zeroed queue mapping for tests, laid out as the kernel lays it out.</summary>
internal sealed unsafe class RingBuffer : IDisposable
{
    public RingBuffer(uint nelems)
    {
        Length = (nuint)GhostAbi.QueueBytes((int)nelems);
        Mapping = (byte*)NativeMemory.AlignedAlloc(Length, 64);
        GhostQueueProducer.Initialize(Mapping, nelems);
        Producer = new GhostQueueProducer(Mapping);
        Consumer = new GhostQueue(Mapping, Length);
    }

    public byte* Mapping { get; }
    public nuint Length { get; }
    public GhostQueueProducer Producer { get; }
    public GhostQueue Consumer { get; }

    public ref uint Head => ref *(uint*)(Mapping + 64);
    public ref uint Tail => ref *(uint*)(Mapping + 68);
    public ref uint Overflow => ref *(uint*)(Mapping + 72);

    public void Dispose() => NativeMemory.AlignedFree(Mapping);
}
