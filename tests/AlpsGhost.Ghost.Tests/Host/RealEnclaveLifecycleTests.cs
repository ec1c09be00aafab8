using System.Runtime.InteropServices;
using AlpsGhost.Ghost.Abi;
using AlpsGhost.Ghost.Host;
using AlpsGhost.Ghost.Native;
using AlpsGhost.Ghost.Queue;

namespace AlpsGhost.Ghost.Tests.Host;

/// <summary>
/// RealEnclave's whole lifecycle (create, map, one agent thread per CPU, global callback, commit,
/// dispose + destroy) against a fake ghostfs of regular files, with the shim's ioctl capture standing
/// in for the kernel's ioctls. This exercises our sequencing and threading, not the kernel.
/// </summary>
[NonParallelizable]
public unsafe class RealEnclaveLifecycleTests
{
    [TearDown]
    public void StopCapture() => GhostNative.DebugCaptureIoctls(0, 0);

    // 2 CPUs; the "kernel's" queue holds one TASK_NEW.
    private static TempTree FakeGhostfs(out string queuePath) => Host.FakeGhostfs.Create(2, (42L << 41) | 1, out queuePath);

    [Test]
    public void CreateRunAgentsCommitAndDestroy()
    {
        using TempTree tree = FakeGhostfs(out string queuePath);
        using Microsoft.Win32.SafeHandles.SafeFileHandle queueHandle = File.OpenHandle(queuePath, FileMode.Open, FileAccess.ReadWrite);
        int queueFd = (int)queueHandle.DangerousGetHandle();
        // Every captured ioctl answers queueFd: CREATE_QUEUE returns it as the new queue fd, the
        // other wrappers turn a non-negative answer into success.
        GhostNative.DebugCaptureIoctls(1, queueFd);

        var options = new RealEnclaveOptions { GhostfsRoot = tree.Root, AbiVersion = 91, Cpus = [0, 1], AgentCpu = 0, QueueElements = 64, DeliverTicks = true };
        var enclave = RealEnclave.Create(options);
        try
        {
            Assert.That((enclave.Id, enclave.AbiVersion, enclave.PossibleCpus, enclave.AgentCpu), Is.EqualTo((1ul, 91, 2, 0)));
            Assert.That(enclave.Cpus.ToArray(), Is.EqualTo(new[] { 0, 1 }));
            Assert.That(tree.Read("enclave_1/cpulist"), Is.EqualTo("0-1"));
            Assert.That(tree.Read("enclave_1/deliver_ticks"), Is.EqualTo("1"));

            int iterations = 0;
            long seenGtid = 0;
            var globalThreadIds = new HashSet<int>();
            enclave.StartAgents(() =>
            {
                globalThreadIds.Add(Environment.CurrentManagedThreadId);
                if (enclave.Queue.TryPeek(out GhostMessage m) == QueueReadStatus.Message)
                {
                    seenGtid = m.Gtid;
                    enclave.Queue.Consume(m);
                    ref GhostTxn txn = ref enclave.Txn(1);
                    txn.Gtid = seenGtid;
                    txn.TaskBarrier = m.Seqnum;
                    txn.CommitFlags = (byte)CommitFlags.CommitAtTxnCommit;
                    Volatile.Write(ref txn.State, (int)GhostTxnState.Ready);
                    enclave.CommitTransactions([1]);
                }
                return ++iterations < 50;
            });
            Assert.That(enclave.WaitForGlobalAgent(TimeSpan.FromSeconds(10)), Is.True);
            Assert.That(enclave.AgentFailure, Is.Null);
            Assert.That(iterations, Is.EqualTo(50));
            Assert.That(globalThreadIds, Has.Count.EqualTo(1), "the callback runs on the one global agent thread");
            Assert.That(seenGtid, Is.EqualTo((42L << 41) | 1), "the queue was read in place from the mapping");
            Assert.That(enclave.Queue.IsEmpty, Is.True);
            Assert.That(enclave.Txn(1).Gtid, Is.EqualTo(seenGtid));
        }
        finally
        {
            enclave.Dispose();
            queueHandle.SetHandleAsInvalid(); // the enclave owned and closed the queue fd
        }

        string ctl = tree.Read("enclave_1/ctl");
        Assert.That(ctl, Does.StartWith("create sw_region 0 0"));
        Assert.That(ctl, Does.Contain($"become agent 0 {queueFd}").And.Contain($"become agent 1 {queueFd}"), "one agent per enclave CPU");
        Assert.That(ctl, Does.EndWith("destroy"), "an enclave we created is destroyed on dispose");
        byte[] cpuData = File.ReadAllBytes(tree.PathOf("enclave_1/cpu_data"));
        Assert.That(BitConverter.ToInt64(cpuData, 4096 + 24), Is.EqualTo((42L << 41) | 1), "the txn was written into the shared cpu_data mapping");
    }

    [Test]
    public void AttachedEnclaveIsLeftForASuccessor()
    {
        using TempTree tree = FakeGhostfs(out string queuePath);
        tree.File("enclave_1/cpulist", "0-1\n");
        using Microsoft.Win32.SafeHandles.SafeFileHandle queueHandle = File.OpenHandle(queuePath, FileMode.Open, FileAccess.ReadWrite);
        GhostNative.DebugCaptureIoctls(1, (int)queueHandle.DangerousGetHandle());
        var enclave = RealEnclave.Attach(new RealEnclaveOptions { GhostfsRoot = tree.Root, AbiVersion = 91, QueueElements = 64 }, 1);
        try
        {
            enclave.StartAgents(() => false);
            Assert.That(enclave.WaitForGlobalAgent(TimeSpan.FromSeconds(10)), Is.True);
        }
        finally
        {
            enclave.Dispose();
            queueHandle.SetHandleAsInvalid();
        }
        Assert.That(tree.Read("enclave_1/ctl"), Does.Not.Contain("destroy"));
        Assert.That(tree.Read("enclave_1/cpulist"), Is.EqualTo("0-1\n"), "attaching never rewrites the CPUs");
    }

    [Test]
    public void OldAgentStillOnlineIsReportedAsBusy()
    {
        using TempTree tree = FakeGhostfs(out string queuePath);
        tree.File("enclave_1/cpulist", "0\n");
        tree.File("enclave_1/agent_online", "1\n");
        using Microsoft.Win32.SafeHandles.SafeFileHandle queueHandle = File.OpenHandle(queuePath, FileMode.Open, FileAccess.ReadWrite);
        GhostNative.DebugCaptureIoctls(1, (int)queueHandle.DangerousGetHandle());
        var options = new RealEnclaveOptions { GhostfsRoot = tree.Root, AbiVersion = 91, QueueElements = 64, AgentHandoverTimeout = TimeSpan.FromMilliseconds(100) };
        var enclave = RealEnclave.Attach(options, 1);
        try
        {
            var e = Assert.Throws<GhostNativeException>(() => enclave.StartAgents(() => false))!;
            Assert.That(e.Errno, Is.EqualTo(Errno.EBUSY));
            Assert.That(e.Message, Does.Contain("already online"));
        }
        finally
        {
            enclave.Dispose();
            queueHandle.SetHandleAsInvalid();
        }
    }
}
