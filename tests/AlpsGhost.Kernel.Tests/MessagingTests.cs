using AlpsGhost.Ghost;
using AlpsGhost.Ghost.Abi;
using AlpsGhost.Ghost.Queue;
using AlpsGhost.Workloads;
using static AlpsGhost.Kernel.Tests.TestWorkloads;

namespace AlpsGhost.Kernel.Tests;

/// <summary>Messages follow the kernel's barrier/seqnum rules and ABI payload sizes.</summary>
public sealed class MessagingTests
{
    [Test]
    public void Seqnums_StartAtOne_AndIncreaseByOnePerTaskMessage()
    {
        Workload w = Mixed(200, 200_000, seed: 3);
        using SimulatedKernel k = new(w, new SimulationOptions { CpuCount = 3 });
        FifoTestAgent a = new(k.CreateEnclave());
        k.AttachAgent(a);
        SimulationResult r = k.Run();
        Assert.That(r.QueueOverflows, Is.Zero);
        Dictionary<long, uint> last = [];
        int news = 0;
        foreach (var m in a.Log)
        {
            if (!GhostMessageTypes.IsTaskMessage(m.Type))
            {
                continue;
            }
            if (m.Type == GhostMessageType.TaskNew)
            {
                news++;
                Assert.That(m.Seqnum, Is.EqualTo(1u), "first TASK_NEW has seqnum 1");
                Assert.That(last.ContainsKey(m.Id), Is.False);
            }
            else
            {
                Assert.That(m.Seqnum, Is.EqualTo(last[m.Id] + 1), $"{m.Type} of {m.Id:x} must follow seqnum {last[m.Id]}");
            }
            last[m.Id] = m.Seqnum;
        }
        Assert.That(news, Is.EqualTo(200));
        Assert.That(r.MessagesOfType(GhostMessageType.TaskBlocked), Is.EqualTo(r.MessagesOfType(GhostMessageType.TaskWakeup)));
        Assert.That(r.MessagesOfType(GhostMessageType.TaskDead), Is.EqualTo(200));
    }

    [TestCase(84, 40, 8)]
    [TestCase(91, 48, 16)]
    public void Payloads_HaveTheAbiSizes_AndDecode(int abi, int newPayload, int deadPayload)
    {
        Workload w = Make("abi", 1, (0, 0, [Cpu(1 * Ms)]), (0, 0, [Cpu(2 * Ms), Block(1 * Ms), Cpu(1 * Ms)]));
        using SimulatedKernel k = new(w, new SimulationOptions { CpuCount = 3, AbiVersion = abi });
        IGhostEnclave e = k.CreateEnclave();
        Assert.That(e.AbiVersion, Is.EqualTo(abi));
        FifoTestAgent a = new(e);
        k.AttachAgent(a);
        k.Run();
        Assert.That(a.Log.Where(m => m.Type == GhostMessageType.TaskNew).All(m => m.Length == 8 + newPayload), Is.True);
        Assert.That(a.Log.Where(m => m.Type == GhostMessageType.TaskDead).All(m => m.Length == 8 + deadPayload), Is.True);
        Assert.That(a.News, Has.Count.EqualTo(2));
        foreach (TaskNewPayload n in a.News)
        {
            Assert.That(n.Runnable, Is.EqualTo(1));
            Assert.That(n.SwInfo.Index, Is.GreaterThanOrEqualTo(3u), "task words come after the per-CPU agent words");
            Assert.That(GhostAbi.TidOf(n.Gtid), Is.InRange(1000, 1001));
        }
        // TASK_DEAD.cpu exists from ABI 89: zero-filled below, the real CPU (1 or 2; 0 hosts the agent) above.
        foreach (TaskDeadPayload d in a.Deads)
        {
            Assert.That(d.Cpu, abi >= 89 ? Is.InRange(1, 2) : Is.EqualTo(0));
        }
    }

    [Test]
    public void TryDescribeTask_GivesTidCommAndCgroup_WhileTheWordLives()
    {
        Workload w = Make("desc", 2, (1, 0, [Cpu(1 * Ms)]));
        using SimulatedKernel k = new(w, new SimulationOptions { CpuCount = 2 });
        IGhostEnclave e = k.CreateEnclave();
        TaskDescription seen = default;
        bool found = false;
        k.AttachAgent(new ScriptAgent(() =>
        {
            while (e.Queue.TryPeek(out GhostMessage m) == QueueReadStatus.Message)
            {
                if (m.Type == GhostMessageType.TaskNew)
                {
                    found = e.TryDescribeTask(m.Gtid, out seen);
                }
                e.Queue.Consume(in m);
            }
            return long.MaxValue;
        }));
        k.Run();
        Assert.That(found, Is.True);
        Assert.That(seen, Is.EqualTo(new TaskDescription(1000, "comm1", "/faas/f1/inv-0")));
        Assert.That(e.TryDescribeTask((1000L << 41) | 999, out _), Is.False, "wrong seqnum part");
    }

    [Test]
    public void TinyRing_Overflows_AndCountsIt()
    {
        (int, long, Phase[])[] inv = new (int, long, Phase[])[20];
        for (int i = 0; i < inv.Length; i++)
        {
            inv[i] = (0, 0, [Cpu(1 * Ms)]);
        }
        Workload w = Make("burst", 1, inv);
        using SimulatedKernel k = new(w, new SimulationOptions { CpuCount = 2, QueueElements = 16, TimeLimitNs = 50 * Ms });
        IGhostEnclave e = k.CreateEnclave();
        k.AttachAgent(new ScriptAgent(() => long.MaxValue)); // never drains
        SimulationResult r = k.Run();
        Assert.That(e.Queue.Overflow, Is.GreaterThan(0u));
        Assert.That(r.QueueOverflows, Is.EqualTo((long)e.Queue.Overflow));
        Assert.That(r.MessagesProduced + r.QueueOverflows, Is.EqualTo(20), "20 TASK_NEW attempted");
        Assert.That(r.MessagesProduced, Is.EqualTo(2), "16 slots hold two 7-slot TASK_NEWs");
        Assert.That(r.Arrived, Is.EqualTo(r.Finished + r.Unfinished));
    }

    [Test]
    public void Ticks_AreDelivered_OnlyWhileGhostOrAgentRuns()
    {
        Workload w = Make("ticks", 1, (0, 0, [Cpu(20 * Ms)]));
        using SimulatedKernel k = new(w, new SimulationOptions { CpuCount = 3, DeliverTicks = true });
        FifoTestAgent a = new(k.CreateEnclave());
        k.AttachAgent(a);
        k.Run();
        var ticks = a.Log.Where(m => m.Type == GhostMessageType.CpuTick).ToList();
        Assert.That(ticks.Count(t => t.Id == 0), Is.InRange(4, 6), "the spinning agent's CPU ticks every 4 ms");
        Assert.That(ticks.Count(t => t.Id == 1), Is.InRange(4, 6), "CPU 1 runs the ghost task for 20 ms");
        Assert.That(ticks.Count(t => t.Id == 2), Is.Zero, "an idle CPU sends no tick");
    }

    [Test]
    public void Yield_ProducesTaskYield_AndTheTaskStaysRunnable()
    {
        Workload w = Make("yield", 1, (0, 0, [Cpu(10 * Ms)]));
        using SimulatedKernel k = new(w, new SimulationOptions { CpuCount = 2 });
        FifoTestAgent a = new(k.CreateEnclave());
        k.AttachAgent(a);
        bool yielded = false;
        k.ScheduleCallback(3 * Ms, _ => yielded = k.YieldCurrent(1));
        SimulationResult r = k.Run();
        Assert.That(yielded, Is.True);
        Assert.That(r.MessagesOfType(GhostMessageType.TaskYield), Is.EqualTo(1));
        Assert.That(r.Tasks[0].CpuNs, Is.EqualTo(10 * Ms));
        Assert.That(r.Tasks[0].ContextSwitches, Is.EqualTo(1));
    }
}
