using System.Text;
using AlpsGhost.Ghost.Abi;
using AlpsGhost.Ghost.Host;
using AlpsGhost.Ghost.Native;
using AlpsGhost.Ghost.Regions;

namespace AlpsGhost.Ghost.Tests.Native;

/// <summary>
/// The native entry points against a fake ghostfs made of regular files: what they write (the exact
/// ctl commands), what they map, and that ioctls on a non-ghost fd fail with ENOTTY instead of
/// crashing. This is as far as the kernel interface can be exercised without a ghOSt kernel.
/// </summary>
public unsafe class NativeOperationsTests
{
    private static byte[] Z(string s) => GhostNative.Utf8Z(s);

    [Test]
    public void ReadsTheVersionList()
    {
        using var tree = new TempTree();
        tree.File("version", "91\n90\n84\n");
        int* abis = stackalloc int[8];
        fixed (byte* root = Z(tree.Root))
        {
            Assert.That(GhostNative.ReadVersions(root, abis, 8), Is.EqualTo(3));
            Assert.That((abis[0], abis[1], abis[2]), Is.EqualTo((91, 90, 84)));
            Assert.That(GhostNative.ReadVersions(root, abis, 2), Is.EqualTo(-Errno.ENOSPC));
            tree.File("version", "91\nx\n");
            Assert.That(GhostNative.ReadVersions(root, abis, 8), Is.EqualTo(-Errno.EPROTO));
            Assert.That(GhostNative.GhostfsMount(root), Is.Zero, "a root that already has version counts as mounted");
        }
        fixed (byte* missing = Z(tree.PathOf("nope")))
        {
            Assert.That(GhostNative.GhostfsMount(missing), Is.LessThan(0));
        }
    }

    [Test]
    public void WritesTheDocumentedCtlCommands()
    {
        using var tree = new TempTree();
        tree.File("ctl", "");
        tree.File("enclave_5/ctl", "");
        tree.File("enclave_5/tasks", "");
        tree.File("enclave_5/runnable_timeout", "");
        tree.File("enclave_5/cpulist", "");
        ulong id;
        fixed (byte* root = Z(tree.Root))
        {
            Assert.That(GhostNative.EnclaveCreate(root, 5, 91, &id), Is.Zero);
            Assert.That(id, Is.EqualTo(5ul));
            Assert.That(tree.Read("ctl"), Is.EqualTo("create 5 91"));

            int ctl, dir;
            Assert.That(GhostNative.EnclaveOpen(root, 5, &ctl, &dir), Is.Zero);
            try
            {
                Assert.That(GhostNative.BecomeAgent(ctl, 3, 17), Is.Zero);
                fixed (byte* cmd = Z("discover tasks"))
                {
                    Assert.That(GhostNative.EnclaveCtl(ctl, cmd), Is.Zero);
                }
                Assert.That(GhostNative.EnclaveDestroy(ctl), Is.Zero);
                Assert.That(tree.Read("enclave_5/ctl"), Is.EqualTo("become agent 3 17discover tasksdestroy"), "one write per command");

                Assert.That(GhostNative.EnclaveAddTask(dir, 4242), Is.Zero);
                Assert.That(tree.Read("enclave_5/tasks"), Is.EqualTo("4242"));
                fixed (byte* name = Z("runnable_timeout"))
                {
                    Assert.That(GhostNative.EnclaveSetTunable(dir, name, 5000), Is.Zero);
                }
                Assert.That(tree.Read("enclave_5/runnable_timeout"), Is.EqualTo("5000"));
                fixed (byte* list = Z("0-3,5"))
                {
                    Assert.That(GhostNative.EnclaveSetCpulist(dir, list), Is.Zero);
                }
                Assert.That(tree.Read("enclave_5/cpulist"), Is.EqualTo("0-3,5"));

                // ioctls on a regular file: the kernel says ENOTTY, the shim reports it, nothing crashes.
                byte* mask = stackalloc byte[128];
                mask[0] = 1;
                Assert.That(GhostNative.CommitTxn(ctl, mask, 128), Is.EqualTo(-Errno.ENOTTY));
                Assert.That(GhostNative.SyncGroupTxn(ctl, mask, 128), Is.EqualTo(-Errno.ENOTTY));
                Assert.That(GhostNative.Run(ctl, 0, 0, 0, 0, 0), Is.EqualTo(-Errno.ENOTTY));
                uint swId, swIndex;
                Assert.That(GhostNative.SwGetInfo(ctl, 0, 1, &swId, &swIndex), Is.EqualTo(-Errno.ENOTTY));
                Assert.That(GhostNative.SwFree(ctl, 0, 1), Is.EqualTo(-Errno.ENOTTY));
                ulong runtime;
                Assert.That(GhostNative.GetCpuTime(ctl, 1, &runtime), Is.EqualTo(-Errno.ENOTTY));
                Assert.That(GhostNative.SetDefaultQueue(ctl, 3), Is.EqualTo(-Errno.ENOTTY));
                Assert.That(GhostNative.AssocQueue(ctl, 3, 1, 0), Is.EqualTo(-Errno.ENOTTY));
                int cpu = 1;
                Assert.That(GhostNative.ConfigQueueWakeup(ctl, 3, &cpu, 1), Is.EqualTo(-Errno.ENOTTY));
                Assert.That(GhostNative.ConfigQueueWakeup(ctl, 3, &cpu, 3), Is.EqualTo(-Errno.EINVAL), "at most GHOST_MAX_WINFO wakeups");
                int qfd;
                void* map;
                ulong len;
                Assert.That(GhostNative.QueueCreate(ctl, 1024, 0, &qfd, &map, &len), Is.EqualTo(-Errno.ENOTTY));
                Assert.That(GhostNative.CommitTxn(ctl, null, 0), Is.EqualTo(-Errno.EINVAL));
            }
            finally
            {
                Assert.That(GhostNative.Close(ctl), Is.Zero);
                Assert.That(GhostNative.Close(dir), Is.Zero);
            }
        }
    }

    [Test]
    public void MapsStatusWordsReadOnlyAndCpuDataReadWrite()
    {
        using var tree = new TempTree();
        tree.File("enclave_1/ctl", "");
        var sw = new byte[4096];
        BitConverter.TryWriteBytes(sw.AsSpan(4), 0u);     // id
        BitConverter.TryWriteBytes(sw.AsSpan(12), 64u);   // start
        BitConverter.TryWriteBytes(sw.AsSpan(16), 126u);  // capacity
        BitConverter.TryWriteBytes(sw.AsSpan(64 + 32 * 3), 9u);      // word 3 barrier
        BitConverter.TryWriteBytes(sw.AsSpan(64 + 32 * 3 + 4), 0x10001u); // INUSE | ONCPU
        tree.Bytes("enclave_1/sw_regions/sw_0", sw);
        var cpuData = new byte[4 * 4096];
        BitConverter.TryWriteBytes(cpuData.AsSpan(2 * 4096 + 4), 2); // txn.cpu of CPU 2
        tree.Bytes("enclave_1/cpu_data", cpuData);

        int ctl, dir;
        fixed (byte* root = Z(tree.Root))
        {
            Assert.That(GhostNative.EnclaveOpen(root, 1, &ctl, &dir), Is.Zero);
        }
        void* swMap, cdMap;
        ulong swLen, cdLen;
        Assert.That(GhostNative.SwRegionMap(dir, ctl, 0, 0, &swMap, &swLen), Is.Zero);
        Assert.That(GhostNative.CpuDataMap(dir, &cdMap, &cdLen), Is.Zero);
        try
        {
            Assert.That(tree.Read("enclave_1/ctl"), Is.EqualTo("create sw_region 0 0"));
            var words = new StatusWordRegion((byte*)swMap, (nuint)swLen);
            Assert.That(words.Capacity, Is.EqualTo(126u));
            Assert.That(words.ReadBarrier(3), Is.EqualTo(9u));
            Assert.That(words.ReadFlags(3), Is.EqualTo(StatusWordFlags.InUse | StatusWordFlags.TaskOnCpu));

            Assert.That(cdLen, Is.EqualTo(4ul * 4096));
            var region = new CpuDataRegion((byte*)cdMap, (int)(cdLen / 4096));
            Assert.That(region.Txn(2).Cpu, Is.EqualTo(2));
            region.Txn(2).Gtid = 77; // shared mapping: the write reaches the file
        }
        finally
        {
            Assert.That(GhostNative.Munmap(swMap, swLen), Is.Zero);
            Assert.That(GhostNative.Munmap(cdMap, cdLen), Is.Zero);
            _ = GhostNative.Close(ctl);
            _ = GhostNative.Close(dir);
        }
        byte[] after = File.ReadAllBytes(tree.PathOf("enclave_1/cpu_data"));
        Assert.That(BitConverter.ToInt64(after, 2 * 4096 + 24), Is.EqualTo(77L));
    }

    [Test]
    public void RealEnclaveCreateOverAFakeTreeFailsCleanlyAndDestroysWhatItCreated()
    {
        using var tree = new TempTree();
        tree.File("version", "91\n");
        tree.File("ctl", "");
        tree.File("enclave_1/ctl", "");
        tree.File("enclave_1/abi_version", "91\n");
        tree.File("enclave_1/cpulist", "");
        tree.Bytes("enclave_1/cpu_data", new byte[2 * 4096]);
        var sw = new byte[4096];
        BitConverter.TryWriteBytes(sw.AsSpan(12), 64u);
        BitConverter.TryWriteBytes(sw.AsSpan(16), 10u);
        tree.Bytes("enclave_1/sw_regions/sw_0", sw);
        tree.File("enclave_1/runnable_timeout", "");

        var options = new RealEnclaveOptions { GhostfsRoot = tree.Root, AbiVersion = 91, Cpus = [1, 0], RunnableTimeoutMs = 2000 };
        var e = Assert.Throws<GhostNativeException>(() => RealEnclave.Create(options))!;
        // Everything up to the first ioctl worked on the fake tree; the queue ioctl cannot.
        Assert.That(e.Operation, Is.EqualTo(GhostOperation.CreateQueue));
        Assert.That(e.Errno, Is.EqualTo(Errno.ENOTTY));
        Assert.That(tree.Read("ctl"), Is.EqualTo("create 1 91"));
        Assert.That(tree.Read("enclave_1/cpulist"), Is.EqualTo("0-1"));
        Assert.That(tree.Read("enclave_1/runnable_timeout"), Is.EqualTo("2000"));
        Assert.That(tree.Read("enclave_1/ctl"), Is.EqualTo("create sw_region 0 0destroy"), "an enclave we created is destroyed on failure");
    }

    [Test]
    public void AttachingToAnEnclaveOfAnotherAbiIsRefused()
    {
        using var tree = new TempTree();
        tree.File("version", "91\n84\n");
        tree.File("enclave_4/ctl", "");
        tree.File("enclave_4/abi_version", "84\n");
        var options = new RealEnclaveOptions { GhostfsRoot = tree.Root, AbiVersion = 91 };
        var e = Assert.Throws<InvalidOperationException>(() => RealEnclave.Attach(options, 4))!;
        Assert.That(e.Message, Does.Contain("enclave_4 speaks ABI 84, expected 91"));
        Assert.That(tree.Read("enclave_4/ctl"), Is.Empty, "an attached enclave is never destroyed");
    }

    [Test]
    public void CreatingWithAnAbiTheKernelLacksIsEsrch()
    {
        using var tree = new TempTree();
        tree.File("version", "84\n");
        var options = new RealEnclaveOptions { GhostfsRoot = tree.Root, AbiVersion = 91, Cpus = [0] };
        var e = Assert.Throws<GhostNativeException>(() => RealEnclave.Create(options))!;
        Assert.That(e.Errno, Is.EqualTo(Errno.ESRCH));
        Assert.That(e.Message, Does.Contain("ABI not supported by this kernel").And.Contain("kernel lists ABI 84"));
    }

    [Test]
    public void OsHelpersWork()
    {
        Assert.That(GhostNative.ApiVersion(), Is.EqualTo(1));
        Assert.That(GhostNative.GetTid(), Is.GreaterThan(0));
        Assert.That(GhostNative.SchedGetCpu(), Is.InRange(0, Environment.ProcessorCount * 64));
        Assert.That(Encoding.UTF8.GetString(Z("ab")), Is.EqualTo("ab\0"));
    }
}

/// <summary>The commit mask is a glibc cpu_set_t: bit c%8 of byte c/8, everything else zero.</summary>
public class CpuMaskTests
{
    [Test]
    public void MaskHasExactlyTheRequestedBits()
    {
        Span<byte> mask = stackalloc byte[128];
        mask.Fill(0xFF);
        AlpsGhost.Ghost.Host.RealEnclave.BuildCpuMask(mask, [0, 3, 9, 1023], 1024);
        Assert.That(mask[0], Is.EqualTo(0b0000_1001));
        Assert.That(mask[1], Is.EqualTo(0b0000_0010));
        Assert.That(mask[127], Is.EqualTo(0x80));
        int set = 0;
        foreach (byte b in mask)
        {
            set += System.Numerics.BitOperations.PopCount(b);
        }
        Assert.That(set, Is.EqualTo(4), "the buffer is cleared first");
    }

    [Test]
    public void CpusOutsideTheMachineAreRejected()
    {
        byte[] mask = new byte[128];
        Assert.Throws<ArgumentOutOfRangeException>(() => AlpsGhost.Ghost.Host.RealEnclave.BuildCpuMask(mask, [4], 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => AlpsGhost.Ghost.Host.RealEnclave.BuildCpuMask(mask, [-1], 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => AlpsGhost.Ghost.Host.RealEnclave.BuildCpuMask(mask, [1024], 2048));
    }
}
