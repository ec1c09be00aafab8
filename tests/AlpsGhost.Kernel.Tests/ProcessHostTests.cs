using AlpsGhost.Workloads;
using static AlpsGhost.Kernel.Tests.TestWorkloads;

namespace AlpsGhost.Kernel.Tests;

/// <summary>
/// What a stock-Linux host adds around an invocation's work (the <c>--host linux</c> twin): the process start at the
/// platform's real-time priority, the exit work after the completion time, and the real-time class's migrations
/// (push after a preemption, pull when a CPU drops below real time).
/// </summary>
public sealed class ProcessHostTests
{
    private static SimulationOptions Options(int cpus) =>
        new() { CpuCount = cpus, FairClass = FairClassModel.Eevdf, Costs = SimulationCosts.Zero };

    [Test]
    public void ExitWork_RunsAfterTheCompletionTime_AndKeepsTheThreadAlive()
    {
        Workload w = Make("exit", 1, (0, 0, [Cpu(10 * Ms)]), (0, 0, [Cpu(10 * Ms)]));
        using SimulatedKernel k = new(w, Options(1) with { InvocationExitCpuNs = 2 * Ms });
        var exits = new List<(int Tid, long At)>();
        k.InvocationExited = (tid, now) => exits.Add((tid, now));
        SimulationResult r = k.Run();
        long first = Math.Min(r.Tasks[0].FinishNs, r.Tasks[1].FinishNs), last = Math.Max(r.Tasks[0].FinishNs, r.Tasks[1].FinishNs);
        Assert.That(last, Is.EqualTo(22 * Ms).Within(2), "the second completes after 20 ms of work and the first's 2 ms of exit");
        Assert.That(first, Is.LessThan(last));
        Assert.That(r.Tasks[0].CpuNs + r.Tasks[1].CpuNs, Is.EqualTo(24 * Ms), "work and exit are both CPU time");
        Assert.That(exits, Has.Count.EqualTo(2));
        Assert.That(exits.Max(e => e.At), Is.EqualTo(24 * Ms).Within(2), "the thread lives until its exit work is done");
    }

    [Test]
    public void ProcessStart_RunsAtTheStartPriority_ThenTheInvocationIsFair()
    {
        // A CPU-bound fair task is running; a new invocation's start (4 ms at FIFO 50) preempts it at once, then the
        // invocation joins the fair class: its completion time includes the start.
        Workload w = Make("start", 1, (0, 0, [Cpu(100 * Ms)]), (0, 10 * Ms, [Cpu(2 * Ms)]));
        using SimulatedKernel k = new(w, Options(1) with { InvocationStartCpuNs = 4 * Ms, InvocationStartPriority = 50 });
        int tid = SimulatedKernel.InvocationTid(1);
        bool realtimeDuringStart = false, realtimeAfter = true;
        k.ScheduleCallback((12 * Ms) + 1, _ => realtimeDuringStart = k.IsRealtime(tid));
        k.ScheduleCallback((14 * Ms) + 1, _ => realtimeAfter = k.IsRealtime(tid));
        SimulationResult r = k.Run();
        Assert.That(realtimeDuringStart, Is.True, "SCHED_FIFO while it starts");
        Assert.That(realtimeAfter, Is.False, "SCHED_OTHER once started");
        Assert.That(r.Tasks[1].CpuNs, Is.EqualTo(6 * Ms), "start and work");
        Assert.That(r.Tasks[1].TurnaroundNs, Is.GreaterThanOrEqualTo(6 * Ms));
        Assert.That(r.Tasks[0].FinishNs, Is.EqualTo(110 * Ms).Within(2), "nothing is lost: the machine ran 110 ms of CPU");
    }

    [Test]
    public void Launcher_StartsProcessesOneAfterAnother_AfterWakingLate_AndCompletionCountsFromArrival()
    {
        // Three invocations arrive together on three idle CPUs. The launcher wakes 0.1 ms late, then spends 0.5 ms on
        // each, one after another: the processes begin their 1 ms start at 0.6, 1.1 and 1.6 ms, on CPUs left free.
        Workload w = Make("launch", 1, (0, 0, [Cpu(2 * Ms)]), (0, 0, [Cpu(2 * Ms)]), (0, 0, [Cpu(2 * Ms)]));
        using SimulatedKernel k = new(w, Options(3) with
        {
            InvocationStartCpuNs = 1 * Ms, LauncherCpuPerInvocationNs = Ms / 2, LauncherWakeLateNs = Ms / 10,
        });
        var started = new List<(int Tid, long At)>();
        k.InvocationStartEnded = (tid, now) => started.Add((tid, now));
        SimulationResult r = k.Run();
        Assert.That(started.Select(s => s.At), Is.EqualTo(new[] { 1_600_000L, 2_100_000L, 2_600_000L }).Within(2),
            "each start ends 1 ms after the launcher's 0.5 ms for it, launches in arrival order");
        Assert.That(started.Select(s => s.Tid), Is.EqualTo(new[] { SimulatedKernel.InvocationTid(0), SimulatedKernel.InvocationTid(1), SimulatedKernel.InvocationTid(2) }));
        Assert.That(r.Tasks.All(t => t.FinishNs > 0), Is.True, "no invocation lost in the launcher's queue");
        Assert.That(r.Tasks.Select(t => t.ArrivalNs), Is.All.EqualTo(0L), "completion times count from the scheduled arrival");
        Assert.That(r.Tasks.Min(t => t.TurnaroundNs), Is.EqualTo(3_600_000L).Within(2), "0.1 + 0.5 launcher + 1 start + 2 work");
        Assert.That(r.FairWorkCpuNs, Is.EqualTo(3 * (Ms / 2)), "the launcher's CPU is charged once per invocation");
    }

    [Test]
    public void LauncherBusy_DoesNotWakeLateAgain_AndTheLastLaunchKeepsTheRunGoing()
    {
        // The second arrival comes while the launcher works on the first: it is launched right after, without a second
        // wake-up; the run does not end while an arrived invocation still waits for its launch.
        Workload w = Make("busy", 1, (0, 0, [Cpu(1 * Ms)]), (0, Ms / 10 + Ms / 4, [Cpu(1 * Ms)]));
        using SimulatedKernel k = new(w, Options(2) with { LauncherCpuPerInvocationNs = Ms / 2, LauncherWakeLateNs = Ms / 10 });
        SimulationResult r = k.Run();
        Assert.That(r.Tasks[0].FinishNs, Is.EqualTo(Ms / 10 + Ms / 2 + Ms).Within(2));
        Assert.That(r.Tasks[1].FinishNs, Is.EqualTo(Ms / 10 + Ms + Ms).Within(2), "launched at 1.1 ms, when the launcher finished the first");
        Assert.That(r.Finished, Is.EqualTo(2));
    }

    [TestCase(1)]
    [TestCase(2)]
    public void CpuDroppingBelowRealtime_PullsTheRealtimeTaskWaitingElsewhere(int demoted)
    {
        // One CPU-bound fair task and three FIFO tasks on two CPUs: tasks 1 and 2 run, task 3 waits on one of their
        // CPUs. Whichever of the two is demoted, its CPU must take task 3 at once (pulling it if it waits on the other
        // CPU) instead of running fair work: both variants cover both CPUs.
        Workload w = Make("pull", 1,
            (0, 0, [Cpu(200 * Ms)]), (0, 1 * Ms, [Cpu(50 * Ms)]), (0, 1 * Ms, [Cpu(50 * Ms)]), (0, 1 * Ms, [Cpu(50 * Ms)]));
        using SimulatedKernel k = new(w, Options(2));
        k.ScheduleCallback((1 * Ms) + 1, _ =>
        {
            k.SetRealtime(SimulatedKernel.InvocationTid(1), 10);
            k.SetRealtime(SimulatedKernel.InvocationTid(2), 10);
            k.SetRealtime(SimulatedKernel.InvocationTid(3), 10);
        });
        k.ScheduleCallback(11 * Ms, _ => k.SetFair(SimulatedKernel.InvocationTid(demoted)));
        SimulationResult r = k.Run();
        Assert.That(r.Tasks[3].FinishNs, Is.EqualTo(61 * Ms).Within(Ms), "task 3 starts the moment a CPU drops below real time");
        Assert.That(r.Tasks[3 - demoted].FinishNs, Is.EqualTo(51 * Ms).Within(Ms));
    }

    [Test]
    public void CpuDroppingBelowRealtime_WithRealtimeWorkLeftHere_RunsItInsteadOfPulling()
    {
        // A and C run FIFO 10 on CPUs 0 and 1; B waits at FIFO 10 on CPU 0 and D on CPU 1 (each on the CPU the fair
        // class gave it). A becomes fair: switched_from_rt pulls only when no real-time task is left on the CPU, so
        // CPU 0 runs B, its own waiter, and D waits for C (pulling D here would finish D first and B last).
        Workload w = Make("nopull", 1,
            (0, 0, [Cpu(50 * Ms)]), (0, 0, [Cpu(50 * Ms)]), (0, 1 * Ms, [Cpu(50 * Ms)]), (0, 1 * Ms, [Cpu(50 * Ms)]));
        using SimulatedKernel k = new(w, Options(2));
        int a = SimulatedKernel.InvocationTid(0), c = SimulatedKernel.InvocationTid(1), b = SimulatedKernel.InvocationTid(2), d = SimulatedKernel.InvocationTid(3);
        k.ScheduleCallback(2 * Ms, _ =>
        {
            k.SetRealtime(a, 10);
            k.SetRealtime(c, 10);
            k.SetRealtime(b, 10);
            k.SetRealtime(d, 10);
        });
        k.ScheduleCallback(10 * Ms, _ => k.SetFair(a));
        SimulationResult r = k.Run();
        Assert.That(r.Tasks[2].FinishNs, Is.LessThan(r.Tasks[3].FinishNs), "B, waiting where A dropped, runs first");
        Assert.That(r.Tasks[3].FinishNs, Is.GreaterThan(r.Tasks[1].FinishNs), "D waits for C on its own CPU");
    }

    [Test]
    public void DemotedRunningTask_IsNotProtected_TheFairClassPicksAgain()
    {
        // Task 0 waits on the fair queue while task 1 runs raised for 30 ms; when task 1 is demoted, EEVDF must pick
        // again (switched_to_fair reschedules): task 0, owed service, runs first; task 1 does not keep the CPU for a
        // protected slice.
        Workload w = Make("resched", 1, (0, 0, [Cpu(20 * Ms)]), (0, 0, [Cpu(40 * Ms)]));
        using SimulatedKernel k = new(w, Options(1));
        k.ScheduleCallback(1, _ => k.SetRealtime(SimulatedKernel.InvocationTid(1), 10));
        long task0CpuAtDemotion = -1, task0CpuSoonAfter = -1;
        k.ScheduleCallback(30 * Ms, _ =>
        {
            k.TryReadSchedstat(SimulatedKernel.InvocationTid(0), out task0CpuAtDemotion, out _);
            k.SetFair(SimulatedKernel.InvocationTid(1));
        });
        k.ScheduleCallback(31 * Ms, _ => k.TryReadSchedstat(SimulatedKernel.InvocationTid(0), out task0CpuSoonAfter, out _));
        k.Run();
        Assert.That(task0CpuSoonAfter - task0CpuAtDemotion, Is.EqualTo(1 * Ms).Within(2), "the waiting task runs the moment the raised one becomes fair");
    }

    [TestCase(0L)]
    [TestCase(50_000_000L)]
    public void FairServer_GivesStarvedFairWork50MsAfterEach950MsBehindRealtimeWork(long runtimeNs)
    {
        // One CPU: a fair CPU-bound task, and a real-time one raised at once that needs 3 s. Linux 6.12+ (measured on
        // this kernel) runs the starved fair task for 50 ms after each 950 ms; without the server it waits 3 s.
        Workload w = Make("server", 1, (0, 0, [Cpu(500 * Ms)]), (0, 0, [Cpu(3000 * Ms)]));
        using SimulatedKernel k = new(w, Options(1) with { FairServerRuntimeNs = runtimeNs, FairServerPeriodNs = 1000 * Ms });
        k.ScheduleCallback(1, _ => k.SetRealtime(SimulatedKernel.InvocationTid(1), 10));
        long fairCpuAt2900 = -1;
        k.ScheduleCallback(2900 * Ms, _ => k.TryReadSchedstat(SimulatedKernel.InvocationTid(0), out fairCpuAt2900, out _));
        SimulationResult r = k.Run();
        if (runtimeNs == 0)
        {
            Assert.That(fairCpuAt2900, Is.EqualTo(0).Within(1 * Ms), "no server: the fair task starves");
            Assert.That(r.Tasks[1].FinishNs, Is.EqualTo(3000 * Ms).Within(1 * Ms));
            Assert.That(r.FairServerActivations, Is.EqualTo(0));
        }
        else
        {
            // Served at 950-1000 ms, 1950-2000 ms and 2950-3000 ms: 100 ms by 2.9 s.
            Assert.That(fairCpuAt2900, Is.EqualTo(100 * Ms).Within(1 * Ms));
            Assert.That(r.Tasks[1].FinishNs, Is.EqualTo(3150 * Ms).Within(1 * Ms), "the real-time task waited 3 x 50 ms");
            Assert.That(r.FairServerActivations, Is.EqualTo(3));
        }
    }

    [Test]
    public void FairServerUnderChurn_ConservesEveryTask()
    {
        // Real-time hogs keep both CPUs busy for seconds while fair tasks with I/O wait, and tasks keep being raised
        // and demoted in every state: the server must activate, and no task may be lost or run twice.
        var invocations = new (int, long, Phase[])[10];
        for (int i = 0; i < invocations.Length; i++)
        {
            invocations[i] = (i % 2, i * Ms, [Cpu(600 * Ms), Block(20 * Ms), Cpu(600 * Ms), Block(5 * Ms), Cpu(300 * Ms)]);
        }
        Workload w = Make("churn", 2, invocations);
        using SimulatedKernel k = new(w, Options(2) with { Costs = SimulationCosts.Default, FairServerRuntimeNs = 50 * Ms, FairServerPeriodNs = 1000 * Ms });
        // Tasks 0-3 hold both CPUs in real time; every 30 ms one of tasks 4-9 is raised or demoted, whatever its state.
        k.ScheduleCallback((10 * Ms) + 1, _ =>
        {
            for (int i = 0; i < 4; i++)
            {
                k.SetRealtime(SimulatedKernel.InvocationTid(i), 10 + i);
            }
        });
        for (int i = 0; i < 300; i++)
        {
            int tid = SimulatedKernel.InvocationTid(4 + (i % 6));
            bool raise = i % 4 == 0;
            k.ScheduleCallback((20 + (i * 30)) * Ms, _ =>
            {
                if (raise)
                {
                    k.SetRealtime(tid, 5);
                }
                else
                {
                    k.SetFair(tid, i % 7);
                }
            });
        }
        SimulationResult r = k.Run();
        ConservationTests.AssertConserved(w, r);
        Assert.That(r.FairServerActivations, Is.GreaterThan(0), "the scenario starves fair work long enough to need the server");
    }
}
