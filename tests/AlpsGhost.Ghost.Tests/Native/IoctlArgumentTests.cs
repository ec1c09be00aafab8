using System.Runtime.InteropServices;
using AlpsGhost.Ghost.Abi;
using AlpsGhost.Ghost.Native;

namespace AlpsGhost.Ghost.Tests.Native;

/// <summary>
/// Each ioctl wrapper issues the right request number with the argument bytes the kernel expects
/// (captured by the shim's debug hook instead of reaching a kernel, decoded with the C# mirrors).
/// </summary>
[NonParallelizable]
public unsafe class IoctlArgumentTests
{
    [SetUp]
    public void Capture() => GhostNative.DebugCaptureIoctls(1, 0);

    [TearDown]
    public void Release() => GhostNative.DebugCaptureIoctls(0, 0);

    private static (uint Request, T Arg) Last<T>() where T : unmanaged
    {
        uint request;
        byte* buffer = stackalloc byte[64];
        int size = GhostNative.DebugLastIoctl(&request, buffer, 64);
        Assert.That(size, Is.EqualTo(sizeof(T)), "the request encodes the argument size");
        return (request, MemoryMarshal.Read<T>(new ReadOnlySpan<byte>(buffer, size)));
    }

    [Test]
    public void RunCarriesGtidBarriersCpuAndFlags()
    {
        Assert.That(GhostNative.Run(3, 0, 41, 7, 2, (int)RunFlags.RtlaOnIdle), Is.Zero);
        (uint request, GhostIocRun run) = Last<GhostIocRun>();
        Assert.That(request, Is.EqualTo(0x4018670bu));
        Assert.That((run.Gtid, run.AgentBarrier, run.TaskBarrier, run.RunCpu, run.RunFlags), Is.EqualTo((0L, 41u, 7u, 2, 0x20)));
        Assert.That(GhostNative.Run(3, GhostAbi.AgentGtid, 0, 0, 5, 0), Is.Zero);
        Assert.That(Last<GhostIocRun>().Arg.Gtid, Is.EqualTo(-1L), "ping");
    }

    [Test]
    public void CommitPassesTheMaskPointerAndLength()
    {
        byte* mask = stackalloc byte[128];
        Assert.That(GhostNative.CommitTxn(3, mask, 128), Is.Zero);
        (uint request, GhostIocCommitTxn c) = Last<GhostIocCommitTxn>();
        Assert.That(request, Is.EqualTo(0x40106708u));
        Assert.That(((nint)c.MaskPtr, c.MaskLen, c.Flags), Is.EqualTo(((nint)mask, 128u, 0)));

        GhostNative.DebugCaptureIoctls(1, 1);
        Assert.That(GhostNative.SyncGroupTxn(3, mask, 128), Is.EqualTo(1), "1 = every txn committed");
        Assert.That(Last<GhostIocCommitTxn>().Request, Is.EqualTo(0x40106709u));
        GhostNative.DebugCaptureIoctls(1, 2);
        Assert.That(GhostNative.SyncGroupTxn(3, mask, 128), Is.EqualTo(-Errno.EPROTO), "only 0 and 1 are valid answers");
    }

    [Test]
    public void QueueIoctlsFillTheirStructs()
    {
        GhostNative.DebugCaptureIoctls(1, -Errno.ENOTTY);
        int qfd;
        void* map;
        ulong len;
        Assert.That(GhostNative.QueueCreate(3, 1024, 1, &qfd, &map, &len), Is.EqualTo(-Errno.ENOTTY));
        (uint request, GhostIocCreateQueue q) = Last<GhostIocCreateQueue>();
        Assert.That(request, Is.EqualTo(0xc0186703u));
        Assert.That((q.Elems, q.Node, q.Flags, q.Mapsize), Is.EqualTo((1024, 1, 0, 0UL)));

        GhostNative.DebugCaptureIoctls(1, 0);
        Assert.That(GhostNative.SetDefaultQueue(3, 9), Is.Zero);
        (request, GhostIocSetDefaultQueue d) = Last<GhostIocSetDefaultQueue>();
        Assert.That((request, d.Fd), Is.EqualTo((0x40046705u, 9)));

        int cpu = 4;
        Assert.That(GhostNative.ConfigQueueWakeup(3, 9, &cpu, 1), Is.Zero);
        (request, GhostIocConfigQueueWakeup w) = Last<GhostIocConfigQueueWakeup>();
        Assert.That((request, w.Qfd, w.Ninfo, w.Flags), Is.EqualTo((0x40186706u, 9, 1, 0)));
        Assert.That(w.W is not null, Is.True);

        GhostNative.DebugCaptureIoctls(1, GhostAbi.AssocBrandNew);
        Assert.That(GhostNative.AssocQueue(3, 9, (77L << 41) | 3, 12), Is.EqualTo(GhostAbi.AssocBrandNew), "status bits are passed through");
        (request, GhostIocAssocQueue a) = Last<GhostIocAssocQueue>();
        Assert.That(request, Is.EqualTo(0x40206704u));
        Assert.That((a.Fd, a.Src.Type, a.Src.Arg, a.Barrier, a.Flags), Is.EqualTo((9, (int)GhostType.Task, (ulong)((77L << 41) | 3), 12u, 0)));
    }

    [Test]
    public void StatusWordAndCpuTimeIoctls()
    {
        uint id, index;
        Assert.That(GhostNative.SwGetInfo(3, (int)GhostType.Agent, 6, &id, &index), Is.Zero);
        (uint request, GhostIocSwGetInfo g) = Last<GhostIocSwGetInfo>();
        Assert.That((request, g.Request.Type, g.Request.Arg), Is.EqualTo((0xc0186701u, (int)GhostType.Agent, 6UL)));
        Assert.That(GhostNative.SwGetInfo(3, 7, 6, &id, &index), Is.EqualTo(-Errno.EINVAL), "type must be GHOST_AGENT or GHOST_TASK");

        Assert.That(GhostNative.SwFree(3, 0, 42), Is.Zero);
        (request, GhostSwInfo f) = Last<GhostSwInfo>();
        Assert.That((request, f.Id, f.Index), Is.EqualTo((0x40086702u, 0u, 42u)));

        ulong runtime;
        Assert.That(GhostNative.GetCpuTime(3, 1234, &runtime), Is.Zero);
        (request, GhostIocGetCpuTime t) = Last<GhostIocGetCpuTime>();
        Assert.That((request, t.Gtid), Is.EqualTo((0xc0106707u, 1234L)));
    }
}
