using AlpsGhost.Workloads;
using static AlpsGhost.Kernel.Tests.TestWorkloads;

namespace AlpsGhost.Kernel.Tests;

/// <summary>The SCHED_FIFO class the stock-Linux twin drives: priority over fair, FIFO, demotion, schedstat.</summary>
public sealed class RealtimeClassTests
{
    private static SimulationOptions Options(int cpus, FairClassModel model) =>
        new() { CpuCount = cpus, FairClass = model, Costs = SimulationCosts.Zero };

    // For 120 ms, every 1 ms raise one invocation and demote another, whatever state they are in.
    private static void RaiseOneAndDemoteAnotherEveryMs(SimulatedKernel k, Workload w)
    {
        for (int i = 0; i < 120; i++)
        {
            int raise = (i * 7) % w.Invocations.Count, demote = (i * 11) % w.Invocations.Count;
            k.ScheduleCallback(i * Ms, _ =>
            {
                k.SetRealtime(SimulatedKernel.InvocationTid(raise), 1 + (raise % 50));
                k.SetFair(SimulatedKernel.InvocationTid(demote));
            });
        }
    }

    [TestCase(FairClassModel.Cfs511)]
    [TestCase(FairClassModel.Eevdf)]
    public void RaisedTask_PreemptsFairWork_AndRunsToCompletionWithoutASlice(FairClassModel model)
    {
        Workload w = Make("rt", 1, (0, 0, [Cpu(50 * Ms)]), (0, 10 * Ms, [Cpu(20 * Ms)]));
        using SimulatedKernel k = new(w, Options(1, model));
        // +1 ns: a callback set up before Run precedes the arrival event at the same instant.
        k.ScheduleCallback((10 * Ms) + 1, _ => Assert.That(k.SetRealtime(SimulatedKernel.InvocationTid(1), 10), Is.True));
        SimulationResult r = k.Run();
        Assert.That(r.Tasks[1].FinishNs, Is.EqualTo(30 * Ms).Within(2), "the raised task runs its 20 ms at once, uninterrupted");
        Assert.That(r.Tasks[0].FinishNs, Is.EqualTo(70 * Ms));
    }

    [Test]
    public void HigherPriorityFirst_EqualPrioritiesInArrivalOrder()
    {
        Workload w = Make("order", 1, (0, 0, [Cpu(10 * Ms)]), (0, 1 * Ms, [Cpu(10 * Ms)]), (0, 2 * Ms, [Cpu(10 * Ms)]), (0, 3 * Ms, [Cpu(10 * Ms)]));
        using SimulatedKernel k = new(w, Options(1, FairClassModel.Eevdf));
        // Each is raised 1 ns after it arrives (a callback set up before Run precedes an arrival at the same instant).
        k.ScheduleCallback(1, _ => Assert.That(k.SetRealtime(SimulatedKernel.InvocationTid(0), 5), Is.True));
        k.ScheduleCallback((1 * Ms) + 1, _ => Assert.That(k.SetRealtime(SimulatedKernel.InvocationTid(1), 5), Is.True));
        k.ScheduleCallback((2 * Ms) + 1, _ => Assert.That(k.SetRealtime(SimulatedKernel.InvocationTid(2), 5), Is.True));
        k.ScheduleCallback((3 * Ms) + 1, _ => Assert.That(k.SetRealtime(SimulatedKernel.InvocationTid(3), 9), Is.True));
        SimulationResult r = k.Run();
        // 0 runs first; 3 (priority 9) preempts it at 3 ms; then 0 resumes at the head of priority 5, then 1, then 2.
        Assert.That(r.Tasks[3].FinishNs, Is.EqualTo(13 * Ms).Within(2));
        Assert.That(r.Tasks[0].FinishNs, Is.EqualTo(20 * Ms).Within(2), "a preempted FIFO task keeps the head of its priority");
        Assert.That(r.Tasks[1].FinishNs, Is.EqualTo(30 * Ms).Within(2));
        Assert.That(r.Tasks[2].FinishNs, Is.EqualTo(40 * Ms).Within(2));
    }

    [TestCase(FairClassModel.Cfs511)]
    [TestCase(FairClassModel.Eevdf)]
    public void DemotedTask_SharesTheCpuFairlyAgain(FairClassModel model)
    {
        Workload w = Make("demote", 1, (0, 0, [Cpu(40 * Ms)]), (0, 0, [Cpu(40 * Ms)]));
        using SimulatedKernel k = new(w, Options(1, model));
        k.ScheduleCallback(1, _ => Assert.That(k.SetRealtime(SimulatedKernel.InvocationTid(0), 1), Is.True));
        k.ScheduleCallback(20 * Ms, _ => Assert.That(k.SetFair(SimulatedKernel.InvocationTid(0)), Is.True));
        SimulationResult r = k.Run();
        Assert.That(r.Tasks[1].CpuNs, Is.EqualTo(40 * Ms));
        Assert.That(r.Tasks[0].FinishNs, Is.GreaterThan(50 * Ms), "after demotion task 0's last 20 ms share the CPU with task 1");
        Assert.That(r.Tasks[0].FinishNs, Is.LessThan(80 * Ms));
    }

    [Test]
    public void LagKeptOverARealtimeExcursion_LetsATaskDemotedToAHeavyNiceRunItsRestUninterrupted()
    {
        // Linux 6.12+ keeps a task's lag (vlag) while it is in another class and applies a new nice without rescaling
        // it, so PLACE_LAG multiplies it by (W + w) / W on the way back: a task that waited before it was raised comes
        // back far behind the queue's average and runs its rest uninterrupted. Measured on this host's 6.18 kernel
        // with a nice-0 hog on one CPU (docs/simulator.md, "Leaving the real-time class"): after 8 ms at SCHED_FIFO
        // and demotion to nice -14 the task ran 20 ms of CPU in 20.0 ms of wall time, 38 of 38 times.
        // Here: a nice-0 hog from 0; the task arrives at 101 ms and waits behind the hog's protected slice (lag +1 ms
        // when raised at 103 ms), runs 8 ms at SCHED_FIFO, is demoted to nice -14 at 111 ms with 12 ms to go.
        Workload w = Make("demote-heavy", 1, (0, 0, [Cpu(1000 * Ms)]), (0, 101 * Ms, [Cpu(20 * Ms)]));
        using SimulatedKernel k = new(w, Options(1, FairClassModel.Eevdf));
        long cpuAtRaise = -1;
        k.ScheduleCallback(103 * Ms, _ =>
        {
            Assert.That(k.TryReadSchedstat(SimulatedKernel.InvocationTid(1), out cpuAtRaise, out _), Is.True);
            Assert.That(k.SetRealtime(SimulatedKernel.InvocationTid(1), 20), Is.True);
        });
        k.ScheduleCallback(111 * Ms, _ => Assert.That(k.SetFair(SimulatedKernel.InvocationTid(1), -14), Is.True));
        SimulationResult r = k.Run();
        Assert.That(cpuAtRaise, Is.Zero, "the task waited behind the hog's slice until it was raised");
        Assert.That(r.Tasks[1].FinishNs, Is.EqualTo(123 * Ms).Within(100_000), "its last 12 ms run without a tick for the hog");
    }

    [TestCase(FairClassModel.Cfs511)]
    [TestCase(FairClassModel.Eevdf)]
    public void ReadingSchedstat_DoesNotChangeTheSchedule(FairClassModel model)
    {
        // The stock-Linux agent reads every raised task's schedstat each tick. Reading brings the running task's
        // accounting up to date; every decision must already do that itself (update_curr), or what a task keeps when
        // it is raised, demoted or migrated would depend on who looked at it last.
        Workload w = Mixed(300, 300_000, seed: 29);
        SimulationResult Run(bool read)
        {
            using SimulatedKernel k = new(w, Options(2, model) with { Costs = SimulationCosts.Default });
            RaiseOneAndDemoteAnotherEveryMs(k, w);
            for (int i = 0; read && i < 1000; i++)
            {
                k.ScheduleCallback((i * Ms / 4) + 777, _ =>
                {
                    for (int id = 0; id < w.Invocations.Count; id++)
                    {
                        k.TryReadSchedstat(SimulatedKernel.InvocationTid(id), out _, out _);
                    }
                });
            }
            return k.Run();
        }
        SimulationResult quiet = Run(read: false), watched = Run(read: true);
        for (int i = 0; i < w.Invocations.Count; i++)
        {
            Assert.That(watched.Tasks[i].FinishNs, Is.EqualTo(quiet.Tasks[i].FinishNs), $"invocation {i}");
        }
    }

    [TestCase(FairClassModel.Cfs511)]
    [TestCase(FairClassModel.Eevdf)]
    public void RaisingAndDemotingQueuedAndSleepingTasks_ConservesEveryTask(FairClassModel model)
    {
        Workload w = Mixed(300, 300_000, seed: 17);
        using SimulatedKernel k = new(w, Options(2, model) with { Costs = SimulationCosts.Default });
        RaiseOneAndDemoteAnotherEveryMs(k, w);
        ConservationTests.AssertConserved(w, k.Run());
    }

    [TestCase(FairClassModel.Cfs511)]
    [TestCase(FairClassModel.Eevdf)]
    public void Nice_WeightsTheFairShare(FairClassModel model)
    {
        // Two CPU-bound tasks on one CPU; task 0 at nice 5 from the start: it gets 335 / (335 + 1024) of the CPU
        // while both run, so task 1 finishes first, at about 100 ms x (1 + 335 / 1024) = 133 ms.
        Workload w = Make("nice", 1, (0, 0, [Cpu(100 * Ms)]), (0, 0, [Cpu(100 * Ms)]));
        using SimulatedKernel k = new(w, Options(1, model));
        k.ScheduleCallback(1, _ => Assert.That(k.SetFair(SimulatedKernel.InvocationTid(0), 5), Is.True));
        SimulationResult r = k.Run();
        Assert.That(r.Tasks[1].FinishNs, Is.EqualTo(133 * Ms).Within(8 * Ms), "the nice-0 task gets about three quarters of the CPU");
        Assert.That(r.Tasks[0].FinishNs, Is.EqualTo(200 * Ms).Within(1 * Ms), "CPU time is conserved");
    }

    [TestCase(FairClassModel.Cfs511)]
    [TestCase(FairClassModel.Eevdf)]
    public void ReweightingQueuedRunningAndSleepingTasks_ConservesEveryTask(FairClassModel model)
    {
        Workload w = Mixed(300, 300_000, seed: 23);
        using SimulatedKernel k = new(w, Options(2, model) with { Costs = SimulationCosts.Default });
        for (int i = 0; i < 120; i++)
        {
            int a = (i * 7) % w.Invocations.Count, b = (i * 13) % w.Invocations.Count;
            k.ScheduleCallback(i * Ms, _ =>
            {
                k.SetFair(SimulatedKernel.InvocationTid(a), -20 + (a % 40));
                k.SetRealtime(SimulatedKernel.InvocationTid(b), 1 + (b % 50));
                k.SetFair(SimulatedKernel.InvocationTid(b), 19 - (b % 40));
            });
        }
        ConservationTests.AssertConserved(w, k.Run());
    }

    [Test]
    public void NewRealtimeWork_ThatBeatsNothing_WaitsInsteadOfFailing()
    {
        // Both CPUs run priority-50 work; new priority-41 work has no CPU it beats and no previous CPU.
        Workload w = Make("busy", 2, (0, 0, [Cpu(1 * Ms)]));
        using SimulatedKernel k = new(w, Options(2, FairClassModel.Eevdf));
        long done = -1;
        k.ScheduleCallback(0, _ =>
        {
            k.SpawnRealtimeWork("high-a", 50, 10 * Ms, _ => { });
            k.SpawnRealtimeWork("high-b", 50, 10 * Ms, _ => { });
            k.SpawnRealtimeWork("low", 41, 1 * Ms, now => done = now);
        });
        k.Run();
        Assert.That(done, Is.EqualTo(11 * Ms).Within(1 * Ms), "it runs once a CPU frees");
    }

    [Test]
    public void Schedstat_ReportsCpuAndWaitTime_AndNothingForAnExitedTask()
    {
        Workload w = Make("stat", 1, (0, 0, [Cpu(10 * Ms)]), (0, 0, [Cpu(10 * Ms)]));
        using SimulatedKernel k = new(w, Options(1, FairClassModel.Eevdf));
        long cpu = -1, wait = -1;
        bool gone = true;
        k.ScheduleCallback(15 * Ms, _ => k.TryReadSchedstat(SimulatedKernel.InvocationTid(1), out cpu, out wait));
        k.ScheduleCallback(25 * Ms, _ => gone = !k.TryReadSchedstat(SimulatedKernel.InvocationTid(0), out _, out _));
        SimulationResult r = k.Run();
        Assert.That(cpu + wait, Is.EqualTo(15 * Ms), "one CPU, no costs: every ns of task 1's life so far is CPU or wait");
        Assert.That(cpu, Is.InRange(4 * Ms, 11 * Ms));
        Assert.That(gone, Is.True, "an exited thread has no schedstat (ESRCH)");
        Assert.That(k.SetRealtime(SimulatedKernel.InvocationTid(5), 1), Is.False, "no such thread");
    }

    [Test]
    public void WaitingRealtimeTask_IsPulledByACpuThatGoesIdle()
    {
        Workload w = Make("pull", 1, (0, 0, [Cpu(30 * Ms)]), (0, 0, [Cpu(5 * Ms)]), (0, 1 * Ms, [Cpu(30 * Ms)]));
        using SimulatedKernel k = new(w, Options(2, FairClassModel.Eevdf));
        k.ScheduleCallback(1 * Ms, _ =>
        {
            k.SetRealtime(SimulatedKernel.InvocationTid(0), 5);
            k.SetRealtime(SimulatedKernel.InvocationTid(2), 5);
        });
        SimulationResult r = k.Run();
        Assert.That(r.Tasks[2].FinishNs, Is.LessThan(40 * Ms), "task 2 starts when the CPU running the 5 ms task frees up, not after task 0");
    }

    [Test]
    public void RealtimeWork_RunsBeforeFairTasks()
    {
        Workload w = Make("agent", 1, (0, 0, [Cpu(10 * Ms)]));
        using SimulatedKernel k = new(w, Options(1, FairClassModel.Eevdf));
        long done = -1;
        k.ScheduleCallback(2 * Ms, _ => k.SpawnRealtimeWork("agent", 99, 1 * Ms, now => done = now));
        SimulationResult r = k.Run();
        Assert.That(done, Is.EqualTo(3 * Ms));
        Assert.That(r.Tasks[0].FinishNs, Is.EqualTo(11 * Ms));
    }
}
