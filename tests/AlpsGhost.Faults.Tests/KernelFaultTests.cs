using AlpsGhost.Agent.Core;
using AlpsGhost.Agent.Identity;
using AlpsGhost.Agent.Policies;
using AlpsGhost.Ghost;
using AlpsGhost.Ghost.Abi;
using AlpsGhost.Kernel;
using AlpsGhost.Kernel.Faults;
using AlpsGhost.Workloads;

namespace AlpsGhost.Faults.Tests;

/// <summary>The simulated kernel's fault hooks, one at a time, under the real centralized agent (FIFO).</summary>
public sealed class KernelFaultTests
{
    private const long Ms = 1_000_000;

    /// <summary>Delegates to the agent; records when it ran; optionally probes the kernel with a raw txn once after a time.</summary>
    private sealed class Probe(CentralizedAgent agent, IGhostEnclave enclave) : ISimulatedAgent
    {
        public List<long> RunStarts { get; } = [];

        public (long AtNs, int Cpu)? CommitProbe { get; init; }

        public GhostTxnState? ProbeOutcome { get; private set; }

        public long RunOnce()
        {
            long now = enclave.NowNanoseconds;
            RunStarts.Add(now);
            long next = agent.RunOnce();
            if (CommitProbe is { } p && now >= p.AtNs && ProbeOutcome is null)
            {
                ref GhostTxn txn = ref enclave.Txn(p.Cpu);
                txn.Gtid = 0; // force whatever runs there off: validation reaches the enclave-membership check
                txn.RunFlags = 0;
                txn.CommitFlags = (byte)CommitFlags.CommitAtTxnCommit;
                Volatile.Write(ref txn.State, (int)GhostTxnState.Ready);
                enclave.CommitTransactions([p.Cpu]);
                ProbeOutcome = (GhostTxnState)txn.State;
            }
            return next;
        }
    }

    private static Workload Steady(int count = 400) =>
        AlpsGhost.Runs.Faults.FaultScenariosAccess.Workload(count);

    private static (SimulationResult Result, Probe Probe) Run(FaultPlan plan, ulong seed = 1, (long, int)? commitProbe = null, int count = 400)
    {
        Workload w = Steady(count);
        using var kernel = new SimulatedKernel(w, new SimulationOptions { CpuCount = 4, Seed = seed, Faults = plan, RunnableTimeoutNs = 1000 * Ms });
        IGhostEnclave enclave = kernel.CreateEnclave();
        var byCgroup = new Dictionary<string, int>();
        foreach (FunctionSpec f in w.Functions)
        {
            byCgroup[f.CgroupPath] = f.Id;
        }
        var agent = new CentralizedAgent(enclave, new FifoPolicy(), new AgentOptions(), new CgroupFunctionResolver(byCgroup));
        var probe = new Probe(agent, enclave) { CommitProbe = commitProbe };
        kernel.AttachAgent(probe);
        return (kernel.Run(), probe);
    }

    private static void AssertNothingLost(SimulationResult r)
    {
        Assert.That(r.Unfinished, Is.Zero);
        Assert.That(r.Finished, Is.EqualTo(r.Tasks.Count));
        foreach (TaskOutcome t in r.Tasks)
        {
            Assert.That(t.CpuNs, Is.EqualTo(t.DemandNs), $"invocation {t.InvocationId}: CPU time conserved");
        }
    }

    [Test]
    public void AnEmptyPlanChangesNothing()
    {
        SimulationResult a = Run(FaultPlan.None).Result;
        SimulationResult b = Run(new FaultPlan { TxnFailures = [new TxnFailure(GhostTxnState.TargetStale, 0)] }).Result;
        Assert.That((b.EndNs, b.ContextSwitches, b.TxnCommits, b.MessagesProduced), Is.EqualTo((a.EndNs, a.ContextSwitches, a.TxnCommits, a.MessagesProduced)));
        Assert.That(a.Faults, Is.EqualTo(FaultCounters.None with { }));
    }

    [Test]
    public void NoAgentRunStartsInsideAStall()
    {
        var stall = new AgentStall(200 * Ms, 150 * Ms);
        (SimulationResult r, Probe p) = Run(new FaultPlan { AgentStalls = [stall] });
        Assert.That(p.RunStarts.Where(t => t >= stall.AtNs && t < stall.AtNs + stall.DurationNs), Is.Empty);
        Assert.That(p.RunStarts.Any(t => t >= stall.AtNs + stall.DurationNs && t < stall.AtNs + stall.DurationNs + Ms), Is.True, "the agent resumes when the stall ends");
        Assert.That(r.Faults.AgentStalledNs, Is.EqualTo(stall.DurationNs));
        Assert.That(r.WatchdogFired, Is.False);
        AssertNothingLost(r);
    }

    [Test]
    public void InjectedFailuresFollowTheRateAndTheSeed()
    {
        var plan = new FaultPlan { TxnFailures = [new TxnFailure(GhostTxnState.TargetStale, 0.2)] };
        SimulationResult a = Run(plan, seed: 3).Result;
        SimulationResult again = Run(plan, seed: 3).Result;
        double rate = (double)a.Faults.TxnFailuresInjected / (a.Faults.TxnFailuresInjected + a.TxnCommits);
        Assert.That(rate, Is.InRange(0.15, 0.25));
        Assert.That(a.TxnsWithState(GhostTxnState.TargetStale), Is.EqualTo(a.Faults.TxnFailuresInjected));
        Assert.That(again.Faults.TxnFailuresInjected, Is.EqualTo(a.Faults.TxnFailuresInjected), "same seed, same failures");
        AssertNothingLost(a);
    }

    [Test]
    public void ARemovedCpuRefusesCommitsAndItsTaskIsPreempted()
    {
        (SimulationResult r, Probe p) = Run(new FaultPlan { CpuRemovals = [new CpuRemoval(100 * Ms, 3)] }, commitProbe: (150 * Ms, 3));
        Assert.That(p.ProbeOutcome, Is.EqualTo(GhostTxnState.CpuUnavail));
        Assert.That(r.Faults.CpusRemoved, Is.EqualTo(1));
        AssertNothingLost(r);
    }

    [Test]
    public void DepartedTasksGetTaskDepartedAndFinishInTheFairClass()
    {
        SimulationResult r = Run(new FaultPlan { TaskDepartures = [new TaskDeparture(100 * Ms, 2)] }).Result;
        Assert.That(r.Faults.TasksDeparted, Is.EqualTo(2));
        Assert.That(r.MessagesOfType(GhostMessageType.TaskDeparted), Is.EqualTo(2));
        Assert.That(r.Tasks.Count(t => t.Departed && t.FinishedInFairClass), Is.EqualTo(2));
        Assert.That(r.WatchdogFired, Is.False);
        AssertNothingLost(r);
    }

    [Test]
    public void CorruptedRingIsSurvived()
    {
        SimulationResult r = Run(new FaultPlan { RingCorruptions = [new RingCorruption(100 * Ms, 200, true), new RingCorruption(200 * Ms, 50, false)] }).Result;
        Assert.That(r.Faults.RingBytesCorrupted, Is.EqualTo(250));
        Assert.That(r.WatchdogFired, Is.False);
        AssertNothingLost(r);
    }

    [TestCase("TxnFailures")]
    [TestCase("CpuRemovals")]
    [TestCase("AgentStalls")]
    public void BadPlansAreRejectedByName(string field)
    {
        FaultPlan plan = field switch
        {
            "TxnFailures" => new FaultPlan { TxnFailures = [new TxnFailure(GhostTxnState.TargetStale, 0.7), new TxnFailure(GhostTxnState.CpuUnavail, 0.7)] },
            "CpuRemovals" => new FaultPlan { CpuRemovals = [new CpuRemoval(0, 0)] }, // CPU 0 holds the agent
            _ => new FaultPlan { AgentStalls = [new AgentStall(5, 0)] },
        };
        Assert.That(() => new SimulatedKernel(Steady(10), new SimulationOptions { CpuCount = 4, Faults = plan }),
            Throws.ArgumentException.With.Message.Contains(field));
    }
}
