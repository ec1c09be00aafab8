using AlpsGhost.Ghost;
using AlpsGhost.Workloads;
using static AlpsGhost.Kernel.Tests.TestWorkloads;

namespace AlpsGhost.Kernel.Tests;

/// <summary>No task is lost and CPU time is conserved, with and without an agent.</summary>
public sealed class ConservationTests
{
    internal static void AssertConserved(Workload w, SimulationResult r)
    {
        Assert.That(r.Arrived, Is.EqualTo(r.Finished + r.Unfinished), "arrived == finished + unfinished");
        Assert.That(r.Finished, Is.EqualTo(w.Invocations.Count), "every invocation finishes");
        long busy = 0;
        foreach (long b in r.CpuBusyNs)
        {
            busy += b;
        }
        long cpu = 0;
        foreach (TaskOutcome t in r.Tasks)
        {
            InvocationSpec inv = w.Invocations[t.InvocationId];
            Assert.That(t.CpuNs, Is.EqualTo(t.DemandNs), $"invocation {t.InvocationId}: CPU consumed == demand");
            Assert.That(t.BlockedNs, Is.EqualTo(inv.BlockedNs), $"invocation {t.InvocationId}: blocked time");
            Assert.That(t.FinishNs, Is.GreaterThanOrEqualTo(t.ArrivalNs + t.DemandNs + t.BlockedNs), $"invocation {t.InvocationId}: cannot finish faster than its work");
            cpu += t.CpuNs;
        }
        Assert.That(busy, Is.EqualTo(cpu + r.FairWorkCpuNs), "CPU busy time == task CPU time");
    }

    [Test]
    public void Cfs_EveryTaskFinishes_WithExactlyItsDemand()
    {
        Workload w = Mixed(400, 300_000, seed: 7);
        using SimulatedKernel k = new(w, new SimulationOptions { CpuCount = 3 });
        SimulationResult r = k.Run();
        AssertConserved(w, r);
        Assert.That(r.AgentAttached, Is.False);
        Assert.That(r.MessagesProduced, Is.Zero, "the cfs baseline produces no ghOSt messages");
        Assert.That(r.Tasks.All(t => t.FinishedInFairClass), Is.True);
    }

    [TestCase(AgentMode.Spinning, 4)]
    [TestCase(AgentMode.QueueWakeup, 2)]
    public void FifoAgent_EveryTaskFinishes_WithExactlyItsDemand(AgentMode mode, int cpus)
    {
        Workload w = Mixed(400, 400_000, seed: 11, withOutsideFunction: true);
        using SimulatedKernel k = new(w, new SimulationOptions { CpuCount = cpus, AgentMode = mode });
        FifoTestAgent agent = new(k.CreateEnclave());
        k.AttachAgent(agent);
        SimulationResult r = k.Run();
        AssertConserved(w, r);
        Assert.That(r.TxnCommits, Is.GreaterThan(0));
        // The run ends at the last exit, so the final TASK_DEAD may still sit in the ring unread.
        int inEnclave = w.Invocations.Count(i => w.Functions[i.FunctionId].InEnclave);
        Assert.That(r.MessagesOfType(Ghost.Abi.GhostMessageType.TaskDead), Is.EqualTo(inEnclave), "one TASK_DEAD per enclave task");
        Assert.That(agent.FreedWords, Is.EqualTo(agent.Deads.Count).And.GreaterThanOrEqualTo(inEnclave - 1), "every TASK_DEAD read had a freeable word");
        Assert.That(r.Tasks.Where(t => !w.Functions[t.FunctionId].InEnclave).All(t => t.FinishedInFairClass), Is.True);
        Assert.That(r.Tasks.Where(t => w.Functions[t.FunctionId].InEnclave).All(t => !t.FinishedInFairClass), Is.True);
    }

    [Test]
    public void EnclaveTasks_RunOnlyOnEnclaveCpus_AndNeverOnTheSpinningAgentCpu()
    {
        Workload w = Mixed(200, 300_000, seed: 23);
        using SimulatedKernel k = new(w, new SimulationOptions { CpuCount = 4, EnclaveCpus = [0, 1, 2] });
        k.AttachAgentFifo();
        SimulationResult r = k.Run();
        AssertConserved(w, r);
        Assert.That(r.CpuBusyNs[0], Is.Zero, "CPU 0 hosts the spinning agent");
        Assert.That(r.CpuBusyNs[3], Is.Zero, "CPU 3 is outside the enclave and no fair work exists");
        Assert.That(r.CpuBusyNs[1], Is.GreaterThan(0));
        Assert.That(r.CpuBusyNs[2], Is.GreaterThan(0));
    }

    [Test]
    public void FairWork_RunsAndCallsBack_AndCallbacksFireAtTheirTime()
    {
        Workload w = Make("one", 1, (0, 0, [Cpu(20 * Ms)]));
        using SimulatedKernel k = new(w, new SimulationOptions { CpuCount = 2 });
        long doneAt = -1, cbAt = -1;
        k.ScheduleCallback(3 * Ms, now =>
        {
            cbAt = now;
            k.SpawnFairWork("learner", 5 * Ms, d => doneAt = d);
        });
        SimulationResult r = k.Run();
        Assert.That(cbAt, Is.EqualTo(3 * Ms));
        Assert.That(doneAt, Is.GreaterThanOrEqualTo(8 * Ms), "fair work needs its 5 ms of CPU after 3 ms");
        Assert.That(r.FairWorkCpuNs, Is.EqualTo(5 * Ms));
    }

    [Test]
    public void TimeLimit_ReportsUnfinishedTasks_NeverDropsThem()
    {
        Workload w = Make("long", 1, (0, 0, [Cpu(50 * Ms)]), (0, 1 * Ms, [Cpu(50 * Ms)]), (0, 90 * Ms, [Cpu(1 * Ms)]));
        using SimulatedKernel k = new(w, new SimulationOptions { CpuCount = 1, TimeLimitNs = 10 * Ms });
        SimulationResult r = k.Run();
        Assert.That(r.Arrived, Is.EqualTo(2));
        Assert.That(r.Unfinished, Is.EqualTo(2));
        Assert.That(r.NotArrived, Is.EqualTo(1));
        Assert.That(r.Arrived, Is.EqualTo(r.Finished + r.Unfinished));
        Assert.That(r.EndNs, Is.EqualTo(10 * Ms));
        Assert.That(r.Tasks[0].FinishNs, Is.EqualTo(-1));
    }
}
