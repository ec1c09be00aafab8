using System.IO.MemoryMappedFiles;
using AlpsGhost.Agent.Core;
using AlpsGhost.Agent.Identity;
using AlpsGhost.Agent.Policies;
using AlpsGhost.Ghost.Abi;
using AlpsGhost.Ghost.Host;
using AlpsGhost.Ghost.Native;

namespace AlpsGhost.Ghost.Tests.Host;

/// <summary>
/// The agent library's <see cref="AgentLoop"/> on the real-host code path: a <see cref="RealEnclave"/> over a
/// fake ghostfs of regular files, with the shim's ioctl capture standing in for the kernel. The test plays the
/// kernel: it writes messages into the queue file and flags into the status-word file (both mapped shared by
/// the enclave), and reads back the ioctls the loop issued. One enclave CPU, so no satellite thread issues
/// ioctls of its own, and the loop is driven on the test thread, one iteration at a time.
/// </summary>
[NonParallelizable]
public unsafe class RealEnclaveAgentLoopTests
{
    private const uint RunRequest = 0x4018670b;          // GHOST_IOC_RUN
    private const uint ConfigWakeupRequest = 0x40186706; // GHOST_IOC_CONFIG_QUEUE_WAKEUP
    private const uint TimerRequest = 0xc030670a;        // GHOST_IOC_TIMERFD_SETTIME
    private const int AgentWordOffset = 64;              // sw_0: header, then word 0 (the agent's: SW_GET_INFO answers 0/0)
    private const int TaskWordOffset = 64 + 32;          // word 1: the task's

    [TearDown]
    public void StopCapture() => GhostNative.DebugCaptureIoctls(0, 0);

    private sealed class Host : IDisposable
    {
        private readonly TempTree _tree;
        private readonly Microsoft.Win32.SafeHandles.SafeFileHandle _queueHandle;
        private readonly MemoryMappedFile _queueFile;
        private readonly MemoryMappedViewAccessor _queueView;
        private readonly MemoryMappedFile _swFile;
        private readonly MemoryMappedViewAccessor _swView;
        private readonly byte* _queue;

        public Host(AgentMode mode)
        {
            _tree = FakeGhostfs.Create(1, taskNewGtid: null, out string queuePath);
            _queueHandle = File.OpenHandle(queuePath, FileMode.Open, FileAccess.ReadWrite);
            // Every captured ioctl answers the queue fd: CREATE_QUEUE returns it, the others succeed.
            GhostNative.DebugCaptureIoctls(1, (int)_queueHandle.DangerousGetHandle());

            Enclave = RealEnclave.Create(new RealEnclaveOptions { GhostfsRoot = _tree.Root, AbiVersion = 91, Cpus = [0], AgentCpu = 0, QueueElements = 64, AgentMode = mode });
            Enclave.StartAgents(() => false); // attach (one thread, BECOME_AGENT, SW_GET_INFO), then drive the loop here
            Assert.That(Enclave.WaitForGlobalAgent(TimeSpan.FromSeconds(10)), Is.True);
            Assert.That(Enclave.AgentFailure, Is.Null);

            _queueFile = MemoryMappedFile.CreateFromFile(queuePath, FileMode.Open, null, 0, MemoryMappedFileAccess.ReadWrite);
            _queueView = _queueFile.CreateViewAccessor();
            _queueView.SafeMemoryMappedViewHandle.AcquirePointer(ref _queue);
            _swFile = MemoryMappedFile.CreateFromFile(_tree.PathOf("enclave_1/sw_regions/sw_0"), FileMode.Open, null, 0, MemoryMappedFileAccess.ReadWrite);
            _swView = _swFile.CreateViewAccessor();
            // The agent's CPU is idle and available to ghost tasks.
            _swView.Write(AgentWordOffset + 4, (uint)(StatusWordFlags.InUse | StatusWordFlags.CpuAvailable | StatusWordFlags.TaskIsAgent));

            var agent = new CentralizedAgent(Enclave, new FifoPolicy(), new AgentOptions { TaskCapacity = 16, SpinBudgetNs = long.MaxValue / 4 },
                new CgroupFunctionResolver(new Dictionary<string, int>()));
            Loop = new AgentLoop(agent, Enclave);
        }

        public RealEnclave Enclave { get; }

        public AgentLoop Loop { get; }

        /// <summary>The "kernel" queues a TASK_NEW and wakes the agent: its barrier moves.</summary>
        public void QueueTaskNew(long gtid)
        {
            _swView.Write(TaskWordOffset, 1u); // the task's barrier = the message's seqnum
            _swView.Write(TaskWordOffset + 4, (uint)(StatusWordFlags.InUse | StatusWordFlags.TaskRunnable));
            _swView.Write(TaskWordOffset + 8, gtid);
            var payload = new TaskNewPayload { Gtid = gtid, Runnable = 1, SwInfo = new GhostSwInfo(0, 1) };
            Assert.That(GhostNative.RingProduce(_queue, (ushort)GhostMessageType.TaskNew, 1, &payload, (ushort)sizeof(TaskNewPayload)), Is.Zero);
            _swView.Write(AgentWordOffset, AgentBarrier + 1);
        }

        public uint AgentBarrier => _swView.ReadUInt32(AgentWordOffset);

        public void SetBoostPriority(bool on)
        {
            uint flags = _swView.ReadUInt32(AgentWordOffset + 4);
            uint boost = (uint)StatusWordFlags.BoostPriority;
            _swView.Write(AgentWordOffset + 4, on ? flags | boost : flags & ~boost);
        }

        public void Dispose()
        {
            Enclave.Dispose();
            _queueHandle.SetHandleAsInvalid(); // the enclave owned and closed the queue fd
            _queueView.SafeMemoryMappedViewHandle.ReleasePointer();
            _queueView.Dispose();
            _queueFile.Dispose();
            _swView.Dispose();
            _swFile.Dispose();
            _tree.Dispose();
        }
    }

    /// <summary>The ioctls captured from index <paramref name="from"/> on: (request, first 64 argument bytes).</summary>
    private static List<(uint Request, byte[] Arg)> IoctlsSince(int from)
    {
        var list = new List<(uint, byte[])>();
        int count = GhostNative.DebugIoctlCount();
        for (int i = from; i < count; i++)
        {
            uint request;
            byte[] arg = new byte[64];
            fixed (byte* a = arg)
            {
                Assert.That(GhostNative.DebugIoctlAt(i, &request, a, arg.Length), Is.EqualTo(64));
            }
            list.Add((request, arg));
        }
        return list;
    }

    private static List<byte[]> Runs(List<(uint Request, byte[] Arg)> ioctls) =>
        ioctls.Where(i => i.Request == RunRequest).Select(i => i.Arg).ToList();

    // RUN's argument: i64 gtid@0, u32 agent_barrier@8, u32 task_barrier@12, int run_cpu@16, int run_flags@20.
    private static (long Gtid, uint AgentBarrier, int Cpu, int Flags) Decode(byte[] run) =>
        (BitConverter.ToInt64(run, 0), BitConverter.ToUInt32(run, 8), BitConverter.ToInt32(run, 16), BitConverter.ToInt32(run, 20));

    [Test]
    public void QueueWakeupAgentSleepsWhenIdleWakesOnAMessageAndYieldsOnBoostPrio()
    {
        using var host = new Host(AgentMode.QueueWakeup);
        Assert.That(host.Loop.Mode, Is.EqualTo(AgentMode.QueueWakeup));

        // Property 1: idle, the agent blocks in RUN (local yield on its own CPU) with the barrier it read
        // before draining, so the kernel would refuse the sleep (ESTALE) had a message arrived since.
        uint idleBarrier = host.AgentBarrier;
        int mark = GhostNative.DebugIoctlCount();
        host.Loop.RunIteration(host.Enclave);
        List<byte[]> runs = Runs(IoctlsSince(mark));
        Assert.That(runs, Has.Count.EqualTo(1), "one local yield per idle round");
        Assert.That(Decode(runs[0]), Is.EqualTo((0L, idleBarrier, 0, 0)), "RUN(gtid 0 = local yield, own barrier, own CPU, no flags)");

        // Property 2: a queued message (which wakes the agent and moves its barrier) is drained by the next
        // round, which sleeps again only with the new barrier.
        long gtid = (42L << 41) | 1;
        host.QueueTaskNew(gtid);
        mark = GhostNative.DebugIoctlCount();
        host.Loop.RunIteration(host.Enclave);
        Assert.That(host.Loop.Agent.TaskCount, Is.EqualTo(1), "the TASK_NEW was read");
        Assert.That(host.Enclave.Queue.IsEmpty, Is.True);
        runs = Runs(IoctlsSince(mark));
        Assert.That(runs.Select(r => Decode(r).AgentBarrier), Is.All.EqualTo(idleBarrier + 1), "slept with the barrier read before this round's drain");

        // Property 3: BOOST_PRIO (a CFS task wants the CPU) makes the agent hand its CPU over: a local yield
        // with RTLA_ON_IDLE, so it comes back when the CPU goes idle (or a message wakes it).
        host.SetBoostPriority(true);
        mark = GhostNative.DebugIoctlCount();
        host.Loop.RunIteration(host.Enclave);
        runs = Runs(IoctlsSince(mark));
        Assert.That(runs, Has.Count.EqualTo(1));
        Assert.That(Decode(runs[0]).Flags, Is.EqualTo((int)RunFlags.RtlaOnIdle));
        Assert.That(host.Loop.FairYields, Is.EqualTo(1));
    }

    [Test]
    public void SpinningAgentPollsWithoutSleepingAndYieldsOnlyOnBoostPrio()
    {
        using var host = new Host(AgentMode.Spinning);
        int mark = GhostNative.DebugIoctlCount();
        for (int i = 0; i < 3; i++)
        {
            host.Loop.RunIteration(host.Enclave);
        }
        Assert.That(Runs(IoctlsSince(mark)), Is.Empty, "a spinning agent never blocks while nobody else wants its CPU");

        host.SetBoostPriority(true);
        mark = GhostNative.DebugIoctlCount();
        host.Loop.RunIteration(host.Enclave);
        List<byte[]> runs = Runs(IoctlsSince(mark));
        Assert.That(runs, Has.Count.EqualTo(1));
        Assert.That(Decode(runs[0]), Is.EqualTo((0L, host.AgentBarrier, 0, (int)RunFlags.RtlaOnIdle)));
    }

    [Test]
    public void AdaptiveAgentKeepsPollingWithinItsSpinBudget()
    {
        // Spin budget: a quarter of long.MaxValue ns, so every round here is within it after the first work.
        using var host = new Host(AgentMode.Adaptive);
        int mark = GhostNative.DebugIoctlCount();
        host.Loop.RunIteration(host.Enclave);
        Assert.That(Runs(IoctlsSince(mark)), Has.Count.EqualTo(1), "no work seen yet: it sleeps like queue-wakeup");

        host.QueueTaskNew((43L << 41) | 1);
        mark = GhostNative.DebugIoctlCount();
        host.Loop.RunIteration(host.Enclave);
        host.Loop.RunIteration(host.Enclave);
        Assert.That(host.Loop.Agent.TaskCount, Is.EqualTo(1));
        Assert.That(Runs(IoctlsSince(mark)), Is.Empty, "after work it polls instead of sleeping");
    }

    [Test]
    public void EveryModeAsksTheKernelToWakeTheAgentCpuOnAMessage()
    {
        foreach (AgentMode mode in Enum.GetValues<AgentMode>())
        {
            GhostNative.DebugCaptureIoctls(0, 0);
            using var host = new Host(mode);
            (uint _, byte[] arg) = IoctlsSince(0).Single(i => i.Request == ConfigWakeupRequest);
            Assert.That(BitConverter.ToInt32(arg, 16), Is.EqualTo(1), $"{mode}: ninfo = 1 wakeup target (the agent's CPU)");
        }
    }

    [Test]
    public void SleepWithADeadlineArmsTheAgentsGhostTimerFirst()
    {
        using var host = new Host(AgentMode.QueueWakeup);
        int mark = GhostNative.DebugIoctlCount();
        host.Enclave.Sleep(7, 5_000_000_000, yieldToFair: false);
        host.Enclave.Sleep(7, 5_000_000_000, yieldToFair: false); // same deadline: not re-armed
        List<(uint Request, byte[] Arg)> ioctls = IoctlsSince(mark);
        Assert.That(ioctls.Select(i => i.Request), Is.EqualTo(new[] { TimerRequest, RunRequest, RunRequest }));
        byte[] timer = ioctls[0].Arg;
        // timerfd@0, flags@4 (TFD_TIMER_ABSTIME = 1), timerfd_ghost{cpu@24, flags@28 = ENABLED}.
        Assert.That((BitConverter.ToInt32(timer, 4), BitConverter.ToInt32(timer, 24), BitConverter.ToInt32(timer, 28)), Is.EqualTo((1, 0, 1)));
        Assert.That(BitConverter.ToInt32(timer, 0), Is.GreaterThanOrEqualTo(0), "a real timerfd");
        Assert.That(Decode(ioctls[1].Arg), Is.EqualTo((0L, 7u, 0, 0)));
    }
}
