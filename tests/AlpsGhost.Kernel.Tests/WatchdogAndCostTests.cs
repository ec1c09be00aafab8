using System.Diagnostics;
using AlpsGhost.Ghost;
using AlpsGhost.Ghost.Abi;
using AlpsGhost.Workloads;
using static AlpsGhost.Kernel.Tests.TestWorkloads;

namespace AlpsGhost.Kernel.Tests;

/// <summary>The runnable_timeout watchdog, the agent cost model, and determinism.</summary>
public sealed class WatchdogAndCostTests
{
    [Test]
    public void Watchdog_FiresWhenTheAgentStarvesATask_AndEveryTaskFinishesInTheFairClass()
    {
        Workload w = Mixed(60, 500_000, seed: 5);
        using SimulatedKernel k = new(w, new SimulationOptions { CpuCount = 3, RunnableTimeoutNs = 20 * Ms });
        IGhostEnclave e = k.CreateEnclave();
        Drainer d = new(e);
        ScriptAgent agent = new(() => { d.Drain(); return long.MaxValue; }); // reads, never commits
        k.AttachAgent(agent);
        SimulationResult r = k.Run();
        Assert.That(r.WatchdogFired, Is.True);
        Assert.That(r.WatchdogFiredAtNs, Is.InRange(20 * Ms, 28 * Ms), "first tick after the 20 ms timeout (4 ms ticks)");
        Assert.That(r.WatchdogStarvedInvocation, Is.EqualTo(0), "the oldest runnable task is the first arrival");
        Assert.That(r.Finished, Is.EqualTo(60));
        Assert.That(r.Tasks.All(t => t.FinishedInFairClass && t.CpuNs == t.DemandNs), Is.True);
        Assert.That(r.Tasks.Where(t => t.ArrivalNs <= r.WatchdogFiredAtNs).All(t => t.Departed), Is.True);
        Assert.That(r.Tasks.Where(t => t.ArrivalNs > r.WatchdogFiredAtNs).All(t => !t.Departed), Is.True, "later arrivals never entered the dead enclave");
        Assert.That(r.MessagesOfType(GhostMessageType.TaskDeparted), Is.EqualTo(r.Tasks.Count(t => t.Departed)), "one TASK_DEPARTED per task moved out");
        Assert.That(r.TxnCommits, Is.Zero);
    }

    [Test]
    public void AfterTheWatchdogDestroysTheEnclave_TheAgentIsNeverCalled_AndTxnsFailNoAgent()
    {
        Workload w = Make("late", 1, (0, 0, [Cpu(5 * Ms)]), (0, 60 * Ms, [Cpu(5 * Ms)]));
        using SimulatedKernel k = new(w, new SimulationOptions { CpuCount = 2, RunnableTimeoutNs = 10 * Ms });
        IGhostEnclave e = k.CreateEnclave();
        int runs = 0, runsAt40 = -1;
        k.AttachAgent(new ScriptAgent(() => { runs++; e.Queue.SkipToHead(); return long.MaxValue; }));
        GhostTxnState late = default;
        k.ScheduleCallback(40 * Ms, _ =>
        {
            runsAt40 = runs;
            ref GhostTxn t = ref e.Txn(1);
            t.Gtid = GhostAbi.AgentGtid;
            t.RunFlags = 0;
            t.CommitFlags = 0;
            t.State = (int)GhostTxnState.Ready;
            e.CommitTransactions([1]);
            late = (GhostTxnState)e.Txn(1).State;
        });
        SimulationResult r = k.Run();
        Assert.That(r.WatchdogFired, Is.True);
        Assert.That(late, Is.EqualTo(GhostTxnState.NoAgent));
        Assert.That(runs, Is.EqualTo(runsAt40), "no agent run after destruction, although a task arrived at 60 ms");
        Assert.That(r.Tasks[1].FinishedInFairClass && !r.Tasks[1].Departed, Is.True);
    }

    [Test]
    public void FairTaskArrival_PreemptsTheGhostTask_WithTaskPreempt()
    {
        Workload w = Make("prio", [Function(0), Function(1, inEnclave: false)], (0, 0, [Cpu(10 * Ms)]), (1, 2 * Ms, [Cpu(3 * Ms)]));
        using SimulatedKernel k = new(w, new SimulationOptions { CpuCount = 2 });
        FifoTestAgent a = k.AttachAgentFifo();
        SimulationResult r = k.Run();
        Assert.That(r.MessagesOfType(GhostMessageType.TaskPreempt), Is.EqualTo(1));
        Assert.That(a.Log.Single(m => m.Type == GhostMessageType.TaskPreempt).WasLatched, Is.EqualTo(0));
        Assert.That(r.Tasks[1].MaxRunnableWaitNs, Is.Zero, "CFS takes the CPU at once");
        Assert.That(r.Tasks[1].FinishNs, Is.LessThanOrEqualTo(5 * Ms + 2 * SimulationCosts.Default.ContextSwitchNs));
        Assert.That(r.Tasks[0].FinishNs, Is.GreaterThanOrEqualTo(13 * Ms), "the ghost task waited out the fair task");
        Assert.That(r.Tasks[0].CpuNs, Is.EqualTo(10 * Ms));
    }

    [Test]
    public void Watchdog_StaysQuiet_WhenTheAgentSchedules()
    {
        Workload w = Mixed(200, 300_000, seed: 9);
        using SimulatedKernel k = new(w, new SimulationOptions { CpuCount = 4, RunnableTimeoutNs = 500 * Ms });
        k.AttachAgentFifo();
        SimulationResult r = k.Run();
        Assert.That(r.WatchdogFired, Is.False);
        Assert.That(r.Tasks.All(t => !t.FinishedInFairClass), Is.True);
    }

    [Test]
    public void QueueWakeup_OnOneCpu_ChargesTheAgentOnTheSameCpuAsTheTasks()
    {
        Workload w = Mixed(100, 2 * Ms, seed: 13);
        using SimulatedKernel k = new(w, new SimulationOptions { CpuCount = 1, AgentMode = AgentMode.QueueWakeup });
        k.AttachAgentFifo();
        SimulationResult r = k.Run();
        long demand = r.Tasks.Sum(t => t.DemandNs);
        SimulationCosts c = SimulationCosts.Default;
        Assert.That(r.Finished, Is.EqualTo(100));
        Assert.That(r.AgentWakeups, Is.GreaterThan(100));
        Assert.That(r.AgentCpuNs, Is.GreaterThanOrEqualTo(r.AgentWakeups * c.AgentWakeupNs + (r.MessagesProduced - 1) * c.PerMessageNs));
        Assert.That(r.CpuBusyNs[0], Is.EqualTo(demand), "task time on the CPU is exactly the demand");
        // One CPU does all task work and all agent work: the agent's time cannot overlap the tasks'.
        long firstArrival = r.Tasks.Min(t => t.ArrivalNs);
        Assert.That(r.EndNs - firstArrival, Is.GreaterThanOrEqualTo(0));
        Assert.That(r.AgentCpuNs + demand, Is.LessThanOrEqualTo(r.EndNs));
        Assert.That(r.MessagesOfType(GhostMessageType.TaskPreempt), Is.GreaterThan(0), "a waking agent preempts the task on its CPU");
    }

    [Test]
    public void Timeline_Spinning_IsDeliveryThenAgentCostThenTargetLatencyThenContextSwitch()
    {
        Workload w = Make("one", 1, (0, 1 * Ms, [Cpu(2 * Ms)]));
        using SimulatedKernel k = new(w, new SimulationOptions { CpuCount = 2 });
        k.AttachAgentFifo();
        SimulationResult r = k.Run();
        SimulationCosts c = SimulationCosts.Default;
        long commitAt = 1 * Ms + c.MessageDeliverySpinningNs + c.AgentWakeupNs + c.PerMessageNs + c.PerTxnNs;
        long expected = commitAt + c.TargetCommitLatencyNs + c.ContextSwitchNs + (2 * Ms);
        Assert.That(r.Tasks[0].FinishNs, Is.EqualTo(expected));
        Assert.That(r.Tasks[0].MaxRunnableWaitNs, Is.EqualTo(commitAt + c.TargetCommitLatencyNs - (1 * Ms)));
    }

    [Test]
    public void Timeline_QueueWakeup_LocalCommitRunsWhenTheAgentLeavesItsCpu()
    {
        Workload w = Make("one", 1, (0, 1 * Ms, [Cpu(2 * Ms)]));
        using SimulatedKernel k = new(w, new SimulationOptions { CpuCount = 2, AgentMode = AgentMode.QueueWakeup });
        k.AttachAgentFifo();
        SimulationResult r = k.Run();
        SimulationCosts c = SimulationCosts.Default;
        long agentDone = 1 * Ms + c.MessageDeliveryWakeupNs + c.ContextSwitchNs + c.AgentWakeupNs + c.PerMessageNs + c.LocalCommitNs;
        Assert.That(r.Tasks[0].FinishNs, Is.EqualTo(agentDone + c.ContextSwitchNs + (2 * Ms)), "FIFO commits to CPU 0, the agent's own CPU");
    }

    [Test]
    public void Costs_DelayCompletion_ComparedWithZeroCosts()
    {
        Workload w = Mixed(200, 300_000, seed: 21);
        SimulationResult Run(SimulationCosts costs)
        {
            using SimulatedKernel k = new(w, new SimulationOptions { CpuCount = 3, Costs = costs });
            k.AttachAgentFifo();
            return k.Run();
        }
        SimulationResult zero = Run(SimulationCosts.Zero), real = Run(SimulationCosts.Default);
        long zeroTurn = zero.Tasks.Sum(t => t.TurnaroundNs), realTurn = real.Tasks.Sum(t => t.TurnaroundNs);
        Assert.That(realTurn, Is.GreaterThan(zeroTurn), "modelled costs must cost something");
        Assert.That(zero.AgentCpuNs, Is.LessThanOrEqualTo(zero.AgentWakeups), "zero costs charge only the 1 ns progress floor");
        Assert.That(real.AgentCpuNs, Is.GreaterThanOrEqualTo(real.TxnCommits * SimulationCosts.Default.PerTxnNs));
    }

    [Test]
    public void SameInputs_GiveIdenticalResults()
    {
        Workload w = Mixed(300, 250_000, seed: 17, withOutsideFunction: true);
        SimulationResult Run(bool agent)
        {
            using SimulatedKernel k = new(w, new SimulationOptions { CpuCount = 3, DeliverTicks = true, RunnableTimeoutNs = 1000 * Ms });
            if (agent)
            {
                k.AttachAgentFifo();
            }
            return k.Run();
        }
        foreach (bool agent in new[] { false, true })
        {
            SimulationResult a = Run(agent), b = Run(agent);
            Assert.That(b.Tasks, Is.EqualTo(a.Tasks), $"agent={agent}: per-task outcomes");
            Assert.That(b.EndNs, Is.EqualTo(a.EndNs));
            Assert.That(b.ContextSwitches, Is.EqualTo(a.ContextSwitches));
            Assert.That(b.MessagesProduced, Is.EqualTo(a.MessagesProduced));
            Assert.That(b.AgentCpuNs, Is.EqualTo(a.AgentCpuNs));
            Assert.That(b.EventsProcessed, Is.EqualTo(a.EventsProcessed));
            Assert.That(b.CpuBusyNs, Is.EqualTo(a.CpuBusyNs));
        }
    }

    [Test]
    public void LargeRun_FinishesEveryTask_AndReportsEventsPerSecond()
    {
        Workload w = Mixed(30_000, 150_000, seed: 1);
        foreach (bool agent in new[] { false, false, true, true }) // each twice: the second run is JIT-warm
        {
            using SimulatedKernel k = new(w, new SimulationOptions { CpuCount = 8 });
            if (agent)
            {
                k.AttachAgentFifo();
            }
            Stopwatch sw = Stopwatch.StartNew();
            SimulationResult r = k.Run();
            sw.Stop();
            double eps = r.EventsProcessed / sw.Elapsed.TotalSeconds;
            TestContext.Out.WriteLine($"agent={agent}: {r.EventsProcessed} events in {sw.Elapsed.TotalMilliseconds:F0} ms = {eps / 1e6:F2} M events/s (incl. agent work)");
            // The rate is printed, not asserted: speed is proven by benchmarks (docs/performance.md), and a wall-clock
            // bound fails on a loaded machine.
            Assert.That(r.Finished, Is.EqualTo(30_000));
        }
    }
}

internal static class KernelTestExtensions
{
    public static FifoTestAgent AttachAgentFifo(this SimulatedKernel k)
    {
        FifoTestAgent a = new(k.CreateEnclave());
        k.AttachAgent(a);
        return a;
    }
}
