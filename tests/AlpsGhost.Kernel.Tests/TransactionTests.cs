using AlpsGhost.Ghost;
using AlpsGhost.Ghost.Abi;
using AlpsGhost.Workloads;
using static AlpsGhost.Kernel.Tests.TestWorkloads;

namespace AlpsGhost.Kernel.Tests;

/// <summary>Transaction validation reproduces the kernel's outcomes (docs/ghost-abi.md §6.4).</summary>
public sealed class TransactionTests
{
    /// <summary>Runs <paramref name="body"/> at every agent iteration until it returns a state; returns that state.</summary>
    private static (GhostTxnState State, SimulationResult Result, Drainer D) Scenario(
        Workload w, SimulationOptions o, Func<IGhostEnclave, Drainer, GhostTxnState?> body)
    {
        using SimulatedKernel k = new(w, o with { TimeLimitNs = 200 * Ms });
        IGhostEnclave e = k.CreateEnclave();
        Drainer d = new(e);
        GhostTxnState? outcome = null;
        k.AttachAgent(new ScriptAgent(() =>
        {
            d.Drain();
            outcome ??= body(e, d);
            return e.NowNanoseconds + 50_000;
        }));
        SimulationResult r = k.Run();
        Assert.That(outcome, Is.Not.Null, "the scenario never reached its commit");
        return (outcome!.Value, r, d);
    }

    private static readonly Workload TwoTasks = Make("two", 1, (0, 0, [Cpu(5 * Ms), Block(5 * Ms), Cpu(5 * Ms)]), (0, 0, [Cpu(5 * Ms)]));
    private static readonly SimulationOptions ThreeCpus = new() { CpuCount = 3 };

    private static GhostTxnState? WhenBothKnown(Drainer d, Func<GhostTxnState> commit) => d.Gtids.Count == 2 ? commit() : null;

    [Test]
    public void Valid_Commit_Completes_AndTheTaskRuns()
    {
        var (st, r, d) = Scenario(TwoTasks, ThreeCpus, (e, d) => WhenBothKnown(d, () => d.Commit(1, d.Gtids[0], d.Seq[d.Gtids[0]])));
        Assert.That(st, Is.EqualTo(GhostTxnState.Complete));
        Assert.That(r.Tasks[0].CpuNs, Is.GreaterThan(0));
        Assert.That(r.TxnCommits, Is.EqualTo(1));
    }

    [Test]
    public void StaleTaskBarrier_FailsTargetStale()
    {
        var (st, r, _) = Scenario(TwoTasks, ThreeCpus, (e, d) => WhenBothKnown(d, () => d.Commit(1, d.Gtids[0], d.Seq[d.Gtids[0]] - 1)));
        Assert.That(st, Is.EqualTo(GhostTxnState.TargetStale));
        Assert.That(r.TxnsWithState(GhostTxnState.TargetStale), Is.EqualTo(1));
        Assert.That(r.Tasks[0].CpuNs, Is.Zero, "a failed txn runs nothing");
    }

    [Test]
    public void UnknownGtid_FailsTargetNotFound() =>
        Assert.That(Scenario(TwoTasks, ThreeCpus, (e, d) => WhenBothKnown(d, () => d.Commit(1, (4000L << 41) | 7, 1))).State,
            Is.EqualTo(GhostTxnState.TargetNotFound));

    [Test]
    public void GtidBelowIdle_FailsInvalidTarget() =>
        Assert.That(Scenario(TwoTasks, ThreeCpus, (e, d) => WhenBothKnown(d, () => d.Commit(1, -3, 0))).State,
            Is.EqualTo(GhostTxnState.InvalidTarget));

    [Test]
    public void NonZeroVersion_FailsUnsupportedVersion() =>
        Assert.That(Scenario(TwoTasks, ThreeCpus, (e, d) => WhenBothKnown(d, () =>
            d.Commit(1, d.Gtids[0], d.Seq[d.Gtids[0]], tweak: en => en.Txn(1).Version = 1))).State,
            Is.EqualTo(GhostTxnState.UnsupportedVersion));

    [Test]
    public void WrongTxnCpu_FailsInvalidCpu() =>
        Assert.That(Scenario(TwoTasks, ThreeCpus, (e, d) => WhenBothKnown(d, () =>
            d.Commit(1, d.Gtids[0], d.Seq[d.Gtids[0]], tweak: en => en.Txn(1).Cpu = 2))).State,
            Is.EqualTo(GhostTxnState.InvalidCpu));

    [TestCase((ushort)0x8000, (byte)0)]
    [TestCase((ushort)0, (byte)(CommitFlags.CommitAtSchedule | CommitFlags.CommitAtTxnCommit))]
    [TestCase((ushort)0, (byte)(CommitFlags.ElideAgentBarrierInc | CommitFlags.IncAgentBarrierOnFailure))]
    [TestCase((ushort)RunFlags.NeedCpuNotIdle, (byte)0)]
    public void BadFlags_FailInvalidFlags(ushort run, byte commit) =>
        Assert.That(Scenario(TwoTasks, ThreeCpus, (e, d) => WhenBothKnown(d, () =>
            d.Commit(1, d.Gtids[0], d.Seq[d.Gtids[0]], (RunFlags)run, (CommitFlags)commit))).State,
            Is.EqualTo(GhostTxnState.InvalidFlags));

    [Test]
    public void CpuOutsideEnclave_FailsCpuUnavail() =>
        Assert.That(Scenario(TwoTasks, ThreeCpus with { EnclaveCpus = [0, 1] }, (e, d) => WhenBothKnown(d, () => d.Commit(2, d.Gtids[0], d.Seq[d.Gtids[0]]))).State,
            Is.EqualTo(GhostTxnState.CpuUnavail));

    [Test]
    public void CpuRunningAFairTask_FailsCpuUnavail()
    {
        // Function 1 stays in the fair class; on 2 CPUs with the spinning agent on 0 it runs on CPU 1.
        Workload w = Make("fair", [Function(0), Function(1, inEnclave: false)], (1, 0, [Cpu(20 * Ms)]), (0, 1 * Ms, [Cpu(1 * Ms)]));
        var (st, r, _) = Scenario(w, new SimulationOptions { CpuCount = 2 }, (e, d) => d.Gtids.Count == 1 ? d.Commit(1, d.Gtids[0], d.Seq[d.Gtids[0]]) : null);
        Assert.That(st, Is.EqualTo(GhostTxnState.CpuUnavail));
        Assert.That(r.Tasks[0].FinishedInFairClass, Is.True);
    }

    [Test]
    public void SpinningAgentCpu_FailsCpuUnavail() =>
        Assert.That(Scenario(TwoTasks, ThreeCpus, (e, d) => WhenBothKnown(d, () => d.Commit(e.AgentCpu, d.Gtids[0], d.Seq[d.Gtids[0]]))).State,
            Is.EqualTo(GhostTxnState.CpuUnavail));

    [Test]
    public void RunningTask_FailsTargetOnCpu()
    {
        int step = 0;
        var (st, _, _) = Scenario(TwoTasks, ThreeCpus, (e, d) =>
        {
            if (d.Gtids.Count < 2)
            {
                return null;
            }
            long g = d.Gtids[0];
            if (step++ == 0)
            {
                Assert.That(d.Commit(1, g, d.Seq[g]), Is.EqualTo(GhostTxnState.Complete));
                return null;
            }
            // 50 us later it runs on CPU 1; its word says ONCPU.
            Assert.That((e.StatusWords.ReadFlags(SwIndex(e, g)) & StatusWordFlags.TaskOnCpu) != 0, Is.True);
            return d.Commit(2, g, d.Seq[g]);
        });
        Assert.That(st, Is.EqualTo(GhostTxnState.TargetOnCpu));
    }

    [Test]
    public void BlockedTask_FailsTargetNotRunnable()
    {
        bool committed = false;
        var (st, _, _) = Scenario(TwoTasks, ThreeCpus, (e, d) =>
        {
            if (d.Gtids.Count < 2)
            {
                return null;
            }
            long g = d.Gtids[0];
            if (!committed)
            {
                committed = true;
                d.Commit(1, g, d.Seq[g]);
                return null;
            }
            return d.LastType[g] == GhostMessageType.TaskBlocked ? d.Commit(2, g, d.Seq[g]) : null;
        });
        Assert.That(st, Is.EqualTo(GhostTxnState.TargetNotRunnable));
    }

    [Test]
    public void DeadTask_FailsTargetStale_UntilFreedThenNotFound()
    {
        Workload w = Make("dead", 1, (0, 0, [Cpu(1 * Ms)]), (0, 0, [Cpu(50 * Ms)]));
        bool committed = false;
        GhostTxnState beforeFree = default;
        var (st, _, _) = Scenario(w, ThreeCpus, (e, d) =>
        {
            if (d.Gtids.Count < 2)
            {
                return null;
            }
            long g = d.Gtids[0];
            if (!committed)
            {
                committed = true;
                d.Commit(1, g, d.Seq[g]);
                return null;
            }
            if (d.LastType[g] != GhostMessageType.TaskDead)
            {
                return null;
            }
            beforeFree = d.Commit(2, g, d.Seq[g]);
            uint index = SwIndex(e, g);
            Assert.That(e.StatusWords.ReadFlags(index) & StatusWordFlags.CanFree, Is.EqualTo(StatusWordFlags.CanFree));
            Assert.That(e.FreeStatusWord(new GhostSwInfo(0, index)), Is.True);
            Assert.That(e.FreeStatusWord(new GhostSwInfo(0, index)), Is.False, "a freed word is not freeable twice");
            return d.Commit(2, g, d.Seq[g]);
        });
        Assert.That(beforeFree, Is.EqualTo(GhostTxnState.TargetStale));
        Assert.That(st, Is.EqualTo(GhostTxnState.TargetNotFound));
    }

    [Test]
    public void DoNotPreempt_WithATaskLatched_FailsAgentStale_AndRelatching_PreemptsWasLatched()
    {
        var (st, r, d) = Scenario(TwoTasks, ThreeCpus, (e, d) => WhenBothKnown(d, () =>
        {
            long a = d.Gtids[0], b = d.Gtids[1];
            Assert.That(d.Commit(1, a, d.Seq[a]), Is.EqualTo(GhostTxnState.Complete));
            GhostTxnState dnp = d.Commit(1, b, d.Seq[b], RunFlags.DoNotPreempt);
            Assert.That(d.Commit(1, b, d.Seq[b]), Is.EqualTo(GhostTxnState.Complete), "replacing the latched task is allowed");
            return dnp;
        }));
        Assert.That(st, Is.EqualTo(GhostTxnState.AgentStale));
        Assert.That(d.Log.Any(m => m.Gtid == d.Gtids[0] && m.Type == GhostMessageType.TaskPreempt && m.WasLatched == 1), Is.True,
            "the displaced latched task gets TASK_PREEMPT(was_latched=1)");
        Assert.That(r.Tasks[0].CpuNs, Is.Zero, "the agent never committed task 0 again");
    }

    [Test]
    public void GtidZero_ForcesTheRunningTaskOff_WithPreempt()
    {
        int step = 0;
        var (st, r, d) = Scenario(TwoTasks, ThreeCpus, (e, d) =>
        {
            if (d.Gtids.Count < 2)
            {
                return null;
            }
            long g = d.Gtids[1];
            return step++ == 0 ? Commit(d, 1, g, d.Seq[g]) : d.Commit(1, 0, 0);
        });
        Assert.That(st, Is.EqualTo(GhostTxnState.Complete));
        Assert.That(d.LastType[d.Gtids[1]], Is.EqualTo(GhostMessageType.TaskPreempt));
        Assert.That(r.Tasks[1].CpuNs, Is.InRange(1, 5 * Ms - 1), "it ran a little, then was forced off");
    }

    private static GhostTxnState? Commit(Drainer d, int cpu, long g, uint seq)
    {
        Assert.That(d.Commit(cpu, g, seq), Is.EqualTo(GhostTxnState.Complete));
        return null;
    }

    private static uint SwIndex(IGhostEnclave e, long gtid)
    {
        for (uint i = 0; i < 64; i++)
        {
            if (e.StatusWords[i].Gtid == gtid)
            {
                return i;
            }
        }
        throw new AssertionException($"no status word for {gtid:x}");
    }
}
