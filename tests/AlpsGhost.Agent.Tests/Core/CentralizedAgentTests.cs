using AlpsGhost.Agent.Core;
using AlpsGhost.Agent.Learning;
using AlpsGhost.Agent.Observation;
using AlpsGhost.Agent.Policies;
using AlpsGhost.Agent.Policy;
using AlpsGhost.Ghost;
using AlpsGhost.Ghost.Abi;

namespace AlpsGhost.Agent.Tests.Core;

[TestFixture]
public sealed class CentralizedAgentTests
{
    // These fixtures publish ranks only (no service curves): they test the rank order, not the shipped Gittins default.
    private static readonly AlpsPolicyOptions RankOrder = new() { Order = AlpsOrder.Rank };

    private const long Ms = 1_000_000;

    [Test]
    public void Fifo_RunsTasksInTheOrderTheyBecameRunnable()
    {
        // One schedulable CPU (CPU 0 is the spinning agent's). B is created blocked and wakes after C,
        // so the runnable order is A, C, B although the creation order is A, B, C.
        using var h = new AgentHarness(new FifoPolicy(), cpus: 2);
        long a = h.New(0);
        long b = h.New(0, runnable: false);
        long c = h.New(0);
        h.Enclave.Wake(b);
        h.Run();
        Assert.That(h.Dispatched(), Is.EqualTo(new[] { a }));
        Assert.That(h.Enclave.Current(0), Is.Zero, "the spinning agent's own CPU must not get tasks");

        h.Enclave.Now = 1 * Ms;
        h.Enclave.Block(a);
        h.Run();
        h.Enclave.Now = 2 * Ms;
        h.Enclave.Block(c);
        h.Run();
        Assert.That(h.Dispatched(), Is.EqualTo(new[] { a, c, b }));
    }

    [Test]
    public void Fifo_RunningTaskKeepsItsCpuWithoutTimeSlice_AndIsRoundRobinedWithOne()
    {
        using var keep = new AgentHarness(new FifoPolicy(), cpus: 2);
        long a = keep.New(0);
        keep.Run();
        long b = keep.New(0);
        keep.Enclave.Now = 1000 * Ms;
        Assert.That(keep.Run(), Is.EqualTo(long.MaxValue), "no slice: nothing to wake up for");
        Assert.That(keep.Enclave.Current(1), Is.EqualTo(a));

        using var rr = new AgentHarness(new FifoPolicy(preemptionTimeSliceNs: 5 * Ms), cpus: 2);
        long x = rr.New(0);
        rr.Run();
        long y = rr.New(0);
        rr.Enclave.Now = 1 * Ms;
        Assert.That(rr.Run(), Is.EqualTo(5 * Ms), "the round must ask to run again when the slice expires");
        rr.Enclave.Now = 5 * Ms;
        rr.Run();
        Assert.That(rr.Enclave.Current(1), Is.EqualTo(y));
        rr.Run(); // reads x's TASK_PREEMPT
        Assert.That(rr.Agent.Stats.RunQueueDepth, Is.EqualTo(1), "the displaced task is queued again");
        Assert.That(rr.Agent.Stats.Preemptions, Is.EqualTo(1));
        _ = b;
        _ = x;
    }

    [Test]
    public void Alps_LowerRankIsDispatchedFirstWhenCpusAreScarce()
    {
        var publisher = AgentHarness.Publisher((0, 3, 0), (1, 1, 0), (2, 2, 0));
        using var h = new AgentHarness(new AlpsPolicy(publisher, RankOrder), cpus: 2);
        long r3 = h.New(0);
        long r1 = h.New(1);
        long r2 = h.New(2);
        h.Run();
        h.Enclave.Now = 1 * Ms;
        h.Enclave.Block(r1);
        h.Run();
        h.Enclave.Now = 2 * Ms;
        h.Enclave.Block(r2);
        h.Run();
        Assert.That(h.Dispatched(), Is.EqualTo(new[] { r1, r2, r3 }));
    }

    [Test]
    public void Alps_SliceProtectsARunningTaskThenABetterRankPreemptsIt()
    {
        var publisher = AgentHarness.Publisher((0, 2, 10 * Ms), (1, 1, 0));
        using var h = new AgentHarness(new AlpsPolicy(publisher, RankOrder with { MinimumRunNs = 0 }), cpus: 2);
        long slow = h.New(0);
        h.Run();
        Assert.That(h.Enclave.Current(1), Is.EqualTo(slow));

        h.Enclave.Now = 1 * Ms;
        long urgent = h.New(1);
        long next = h.Run();
        Assert.That(h.Enclave.Current(1), Is.EqualTo(slow), "rank 1 must not preempt inside the 10 ms slice");
        Assert.That(next, Is.EqualTo(10 * Ms), "the agent must ask to run when the slice expires");

        h.Enclave.Now = 9 * Ms;
        h.Run();
        Assert.That(h.Enclave.Current(1), Is.EqualTo(slow));

        h.Enclave.Now = 10 * Ms;
        h.Run();
        Assert.That(h.Enclave.Current(1), Is.EqualTo(urgent), "after its slice the better rank takes the CPU");
        h.Run();
        Assert.That(h.Agent.Stats.RunQueueDepth, Is.EqualTo(1), "the preempted task returns to the queue on its TASK_PREEMPT");
        h.Enclave.Now = 11 * Ms;
        h.Enclave.Block(urgent);
        h.Run();
        Assert.That(h.Enclave.Current(1), Is.EqualTo(slow));
    }

    [Test]
    public void Alps_EqualRankDoesNotPreemptWhileTheRunningTaskHasUsedLessCpu()
    {
        var publisher = AgentHarness.Publisher((0, 1, 0));
        using var h = new AgentHarness(new AlpsPolicy(publisher, new AlpsPolicyOptions { MinimumRunNs = 1 * Ms }), cpus: 2);
        long a = h.New(0);
        h.Run();
        h.Enclave.Now = 1 * Ms;
        long b = h.New(0, runtime: 4 * Ms); // already used 4 ms elsewhere
        long next = h.Run();
        Assert.That(h.Enclave.Current(1), Is.EqualTo(a));
        Assert.That(next, Is.EqualTo(4 * Ms + 1), "a becomes preemptible once its CPU time passes b's");
        h.Enclave.Now = next;
        h.Run();
        Assert.That(h.Enclave.Current(1), Is.EqualTo(b));
    }

    [Test]
    public void Alps_WithinARankLeastCpuTimeRunsFirst()
    {
        var publisher = AgentHarness.Publisher((0, 1, 0));
        using var h = new AgentHarness(new AlpsPolicy(publisher), cpus: 2);
        long heavy = h.New(0, runtime: 5 * Ms);
        long light = h.New(0, runtime: 1 * Ms);
        long medium = h.New(0, runtime: 3 * Ms);
        h.Run();
        h.Enclave.Now = 10 * Ms;
        h.Enclave.Block(light);
        h.Run();
        h.Enclave.Now = 20 * Ms;
        h.Enclave.Block(medium);
        h.Run();
        Assert.That(h.Dispatched(), Is.EqualTo(new[] { light, medium, heavy }));
    }

    [Test]
    public void Alps_UnknownFunctionsAreScheduledAtTheLargestKnownRank()
    {
        var publisher = AgentHarness.Publisher((0, 1, 0), (1, 3, 0));
        using var h = new AgentHarness(new AlpsPolicy(publisher, RankOrder), cpus: 2);
        long blocker = h.New(0);
        h.Run();
        long rank3 = h.New(1, runtime: 2 * Ms);
        long stray = h.New(-1);
        long rank1 = h.New(0, runtime: 50 * Ms);
        h.Run();
        for (int i = 1; i <= 3; i++)
        {
            h.Enclave.Now = i * 10 * Ms;
            h.Enclave.Block(h.Enclave.Current(1));
            h.Run();
        }
        Assert.That(h.Dispatched(), Is.EqualTo(new[] { blocker, rank1, stray, rank3 }),
            "unknown work ranks with the largest known rank (3) and, having used less CPU, goes first there");
        Assert.That(h.Agent.Stats.TasksKnown, Is.EqualTo(4));
    }

    [TestCase(GhostTxnState.TargetStale)]
    [TestCase(GhostTxnState.CpuUnavail)]
    [TestCase(GhostTxnState.Poisoned)]
    public void FailedTransactionNeverLosesTheTask(GhostTxnState failure)
    {
        using var h = new AgentHarness(new FifoPolicy(), cpus: 2);
        long first = h.New(0);
        long second = h.New(0);
        h.Enclave.ForcedOutcome[1] = failure;
        h.Run();
        h.Run();
        Assert.That(h.Agent.Stats.TxnOutcome(failure), Is.EqualTo(2));
        Assert.That(h.Agent.Stats.Dispatches, Is.Zero);
        Assert.That(h.Agent.Stats.RunQueueDepth, Is.EqualTo(2), "both tasks must still be queued");

        h.Enclave.ForcedOutcome[1] = null;
        h.Run();
        Assert.That(h.Enclave.Current(1), Is.EqualTo(first), "the failed pick keeps its place at the front");
        h.Enclave.Block(first);
        h.Run();
        Assert.That(h.Dispatched(), Is.EqualTo(new[] { first, second }));
        Assert.That(h.Agent.Stats.TxnOutcome(GhostTxnState.Complete), Is.EqualTo(2));
    }

    [Test]
    public void AfterAFailedCommitTheAgentAsksToRunAgainWithoutWaitingForAMessage()
    {
        // Found by the fault sweep (faults --seed 36 --scenario txn-failures): a failed pick went back to
        // the queue "for the next round", but with no task running RunOnce returned long.MaxValue, and if
        // no message came the task starved until the watchdog destroyed the enclave.
        using var h = new AgentHarness(new FifoPolicy(), cpus: 2);
        long task = h.New(0);
        h.Enclave.ForcedOutcome[1] = GhostTxnState.Aborted;
        long next = h.Run();
        Assert.That(next, Is.LessThanOrEqualTo(h.Enclave.Now + new AgentOptions().UnavailableCpuPollNs),
            "the agent must come back for the failed task by itself");
        h.Enclave.ForcedOutcome[1] = null;
        h.Enclave.Now = next;
        h.Run();
        Assert.That(h.Enclave.Current(1), Is.EqualTo(task));
    }

    [Test]
    public void TaskWithUnreadMessagesIsNotCommitted()
    {
        // The kernel refuses decisions made before the agent read every message (TARGET_STALE); the
        // agent must not even try: a task whose status-word barrier is ahead of the last seqnum it read
        // waits (as ghOSt's centralized FIFO does).
        using var h = new AgentHarness(new FifoPolicy(), cpus: 2);
        long a = h.New(0);
        h.Enclave.LoseNextMessage(a);
        h.Enclave.Wake(a); // barrier moves to 2, message not (yet) visible
        h.Run();
        h.Run();
        Assert.That(h.Agent.Stats.Decisions, Is.Zero);
        Assert.That(h.Agent.Stats.DeferredPicks, Is.EqualTo(2));
        Assert.That(h.Agent.Stats.RunQueueDepth, Is.EqualTo(1), "deferred, not dropped");
    }

    [Test]
    public void SeqnumGapIsLoggedAndRecoveredFromTheStatusWord()
    {
        using var h = new AgentHarness(new FifoPolicy(), cpus: 2);
        long a = h.New(0);
        h.Run();
        Assert.That(h.Enclave.Current(1), Is.EqualTo(a));

        // a blocks but its TASK_BLOCKED is lost (barrier advances, no message), then wakes.
        h.Enclave.Now = 1 * Ms;
        h.Enclave.LoseNextMessage(a);
        h.Enclave.Block(a);
        h.Enclave.Wake(a);
        h.Run();

        Assert.That(h.Agent.Stats.SeqnumGaps, Is.EqualTo(1));
        Assert.That(h.Logs, Has.Some.Contains("seqnum gap"));
        Assert.That(h.Dispatched(), Is.EqualTo(new[] { a, a }), "recovered: the woken task is dispatched again");
        Assert.That(h.Enclave.Current(1), Is.EqualTo(a));

        h.Enclave.Now = 2 * Ms;
        h.Enclave.Exit(a);
        h.Run();
        Assert.That(h.Agent.TaskCount, Is.Zero);
        Assert.That(h.Agent.Stats.SeqnumGaps, Is.EqualTo(1), "no further gap once resynchronised");
    }

    [Test]
    public void MessageOfAnUndefinedTypeIsTreatedAsCorruptionAndLosesNoWakeup()
    {
        // Garbage that still forms a valid length (found by the fault sweep): the wake-up it overwrote
        // must not wait for some later resync; the task runs in this very round.
        using var h = new AgentHarness(new FifoPolicy(), cpus: 2);
        long sleeper = h.New(0);
        h.Run();
        h.Enclave.Now = 1 * Ms;
        h.Enclave.Block(sleeper);
        h.Run();
        Assert.That(h.Enclave.Current(1), Is.Not.EqualTo(sleeper));

        h.Enclave.Now = 2 * Ms;
        h.Enclave.LoseNextMessage(sleeper);
        h.Enclave.Wake(sleeper);                                    // the kernel's TASK_WAKEUP, overwritten...
        h.Enclave.ProduceRaw((GhostMessageType)99, 7, new TaskDeadPayload { Gtid = 12345 }); // ...by garbage
        h.Run();

        Assert.That(h.Agent.Stats.UnknownMessageTypes, Is.EqualTo(1));
        Assert.That(h.Agent.Stats.CorruptQueueResyncs, Is.EqualTo(1));
        Assert.That(h.Enclave.Current(1), Is.EqualTo(sleeper), "the resync finds the task runnable and dispatches it");
    }

    [Test]
    public void CorruptQueueSkipsToHeadAndResyncsEveryTask()
    {
        using var h = new AgentHarness(new FifoPolicy(), cpus: 2);
        long running = h.New(0);
        long dying = h.New(0);
        h.Run();
        Assert.That(h.Enclave.Current(1), Is.EqualTo(running));

        h.Enclave.Now = 1 * Ms;
        h.Enclave.Block(running);   // message lost in the corruption
        h.Enclave.Exit(dying);      // message lost
        long late = h.New(1);       // TASK_NEW lost
        h.Enclave.CorruptTail();
        h.Run();

        Assert.That(h.Agent.Stats.CorruptQueueResyncs, Is.EqualTo(1));
        Assert.That(h.Logs, Has.Some.Contains("corrupt"));
        Assert.That(h.Enclave.Freed, Has.Count.EqualTo(1), "the dead task's status word is freed");
        Assert.That(h.Agent.Stats.TasksDiscovered, Is.EqualTo(1), "the task whose TASK_NEW was lost is adopted");
        Assert.That(h.Enclave.Current(1), Is.EqualTo(late), "the CPU of the blocked task is reused");
        Assert.That(h.Agent.TaskCount, Is.EqualTo(2));

        // The agent keeps working on a healthy queue afterwards.
        h.Enclave.Now = 2 * Ms;
        h.Enclave.Wake(running);
        h.Enclave.Block(late);
        h.Run();
        Assert.That(h.Enclave.Current(1), Is.EqualTo(running));
        Assert.That(h.Agent.Stats.SeqnumGaps, Is.Zero);
    }

    [Test]
    public void TaskDeadFreesTheStatusWordAndEmitsAnInvocationRecord()
    {
        using var h = new AgentHarness(new FifoPolicy(), cpus: 2);
        long t = h.New(3);
        var word = h.Enclave.WordOf(t);
        h.Run();                                   // dispatched at 0
        h.Enclave.Now = 2 * Ms;
        h.Enclave.Block(t);                        // ran 2 ms
        h.Run();
        h.Enclave.Now = 5 * Ms;
        h.Enclave.Wake(t);                         // blocked 3 ms
        h.Run();                                   // dispatched at 5 ms
        h.Enclave.Now = 6 * Ms;
        h.Enclave.Exit(t);                         // ran 1 ms more
        h.Run();

        Assert.That(h.Enclave.Freed, Is.EqualTo(new[] { word }));
        Assert.That(h.Agent.TaskCount, Is.Zero);
        Assert.That(h.Observations.TryRead(out InvocationRecord r), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(r.Gtid, Is.EqualTo(t));
            Assert.That(r.FunctionId, Is.EqualTo(3));
            Assert.That(r.Completed, Is.True);
            Assert.That(r.Departed, Is.False);
            Assert.That(r.ArrivalNs, Is.Zero);
            Assert.That(r.EndNs, Is.EqualTo(6 * Ms));
            Assert.That(r.CpuNs, Is.EqualTo(3 * Ms));
            Assert.That(r.BlockedNs, Is.EqualTo(3 * Ms));
            Assert.That(r.Bursts, Is.EqualTo(2));
            Assert.That(r.WaitNs, Is.Zero);
        });
        Assert.That(h.Observations.TryRead(out _), Is.False, "exactly one record");
    }

    [Test]
    public void TaskDepartedIsRecordedAsDeparted()
    {
        using var h = new AgentHarness(new FifoPolicy(), cpus: 2);
        long t = h.New(2, runnable: false);
        h.Run();
        h.Enclave.Now = 4 * Ms;
        h.Enclave.Exit(t, departed: true);
        h.Run();
        Assert.That(h.Observations.TryRead(out InvocationRecord r), Is.True);
        Assert.That(r.Departed, Is.True);
        Assert.That(r.BlockedNs, Is.EqualTo(4 * Ms));
        Assert.That(h.Enclave.FreedWords, Is.EqualTo(1));
    }

    [Test]
    public void SnapshotRunningTasksWritesProgressRecords()
    {
        using var h = new AgentHarness(new FifoPolicy(), cpus: 2);
        long running = h.New(1);
        long waiting = h.New(2);
        h.Run();
        h.Agent.SnapshotRunningTasks(7 * Ms);
        var records = new List<InvocationRecord>();
        while (h.Observations.TryRead(out InvocationRecord r))
        {
            records.Add(r);
        }
        Assert.That(records.Select(r => r.Gtid), Is.EquivalentTo(new[] { running, waiting }));
        Assert.That(records.All(r => !r.Completed && r.EndNs == 7 * Ms), Is.True);
        Assert.That(records.Single(r => r.Gtid == running).CpuNs, Is.EqualTo(7 * Ms), "a running task counts its current stint");
        Assert.That(records.Single(r => r.Gtid == waiting).WaitNs, Is.EqualTo(7 * Ms));
    }

    [Test]
    public void KernelPreemptedFifoTaskGoesBackToTheFront()
    {
        using var h = new AgentHarness(new FifoPolicy(), cpus: 2);
        long a = h.New(0);
        long b = h.New(0);
        h.Run();
        h.Enclave.SetCpuAvailable(1, false); // a CFS task takes CPU 1
        h.Enclave.Preempt(a);
        Assert.That(h.Run(), Is.EqualTo(1 * Ms), "work waits for a CPU a higher class holds: poll for it");
        Assert.That(h.Agent.Stats.Decisions, Is.EqualTo(1), "no commit to a CPU without CPU_AVAIL");
        h.Enclave.SetCpuAvailable(1, true);
        h.Run();
        Assert.That(h.Dispatched(), Is.EqualTo(new[] { a, a }), "a did not give its turn up, so it runs before b");
        _ = b;
    }

    [TestCase(AgentMode.Spinning, 1)]
    [TestCase(AgentMode.QueueWakeup, 2)]
    public void AgentCpuIsSchedulableOnlyWhenTheAgentSleeps(AgentMode mode, int expectedRunning)
    {
        using var h = new AgentHarness(new FifoPolicy(), cpus: 2, mode: mode);
        h.New(0);
        h.New(0);
        h.Run();
        Assert.That(h.Agent.Stats.TasksRunning, Is.EqualTo(expectedRunning));
        Assert.That(h.Agent.Stats.Mode, Is.EqualTo(mode));
    }

    [Test]
    public void UnknownGtidsAndCpuMessagesAreCountedAndIgnored()
    {
        using var h = new AgentHarness(new FifoPolicy(), cpus: 2);
        long t = h.New(0);
        h.Enclave.ProduceRaw(GhostMessageType.TaskWakeup, 7, new TaskWakeupPayload { Gtid = 12345 });
        h.Enclave.Tick(1);
        h.Enclave.ProduceRaw(GhostMessageType.CpuAvailable, 3, new CpuPayload { Cpu = 1 });
        h.Run();
        Assert.That(h.Agent.Stats.UnknownTaskMessages, Is.EqualTo(1));
        Assert.That(h.Agent.Stats.Messages(GhostMessageType.CpuTick), Is.EqualTo(1));
        Assert.That(h.Agent.Stats.Messages(GhostMessageType.CpuAvailable), Is.EqualTo(1));
        Assert.That(h.Agent.Stats.Messages(GhostMessageType.TaskNew), Is.EqualTo(1));
        Assert.That(h.Agent.Stats.TotalMessages, Is.EqualTo(4));
        Assert.That(h.Agent.Stats.ToString(), Does.Contain("CpuTick=1").And.Contain("GHOST_TXN_COMPLETE=1").And.Contain("policy fifo"));
        Assert.That(h.Enclave.Current(1), Is.EqualTo(t), "scheduling is unaffected");
    }

    [TestCase("fifo")]
    [TestCase("alps")]
    [TestCase("alps-gittins")]
    public void SteadyStateRunOnceAllocatesNothing(string policyName)
    {
        ISchedulingPolicy policy = policyName switch
        {
            "fifo" => new FifoPolicy(preemptionTimeSliceNs: 3 * Ms),
            "alps" => new AlpsPolicy(AgentHarness.Publisher((0, 1, 2 * Ms), (1, 2, 0), (2, 3, 5 * Ms))),
            _ => new AlpsPolicy(GittinsPublisher(), new AlpsPolicyOptions { Order = AlpsOrder.Gittins }),
        };
        using var h = new AgentHarness(policy, cpus: 4, observationCapacity: 64);
        h.Enclave.RecordCommits = false;
        var gtids = new long[12];
        for (int i = 0; i < gtids.Length; i++)
        {
            gtids[i] = h.New(i % 4 == 3 ? -1 : i % 3);
        }
        h.Run();

        void Cycle(int n)
        {
            for (int round = 0; round < n; round++)
            {
                h.Enclave.Now += 700_000;
                for (int cpu = 1; cpu < 4; cpu++)
                {
                    long g = h.Enclave.Current(cpu);
                    if (g == 0)
                    {
                        continue;
                    }
                    switch ((round + cpu) % 4)
                    {
                        case 0:
                            h.Enclave.Block(g);
                            h.Enclave.Wake(g);
                            break;
                        case 1:
                            h.Enclave.Yield(g);
                            break;
                        case 2:
                            h.Enclave.Preempt(g);
                            break;
                        default:
                            // Invocation ends; a new one of the same function arrives.
                            h.Enclave.Exit(g);
                            h.New(round % 5 == 0 ? -1 : round % 3);
                            break;
                    }
                }
                h.Enclave.Tick(1);
                h.Run();
                h.Run();
                if (round % 50 == 0)
                {
                    h.Agent.SnapshotRunningTasks(h.Enclave.Now);
                }
                while (h.Observations.TryRead(out _))
                {
                }
            }
        }

        Cycle(2000); // warm up: JIT tiering, dictionary entries, heap arrays
        long before = GC.GetAllocatedBytesForCurrentThread();
        Cycle(2000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(h.Agent.Stats.Dispatches, Is.GreaterThan(4000), "the loop must really schedule");
        Assert.That(h.Agent.Stats.TasksCompleted, Is.GreaterThan(500));
        Assert.That(allocated, Is.Zero);
        _ = gtids;
    }

    // Functions 0-2 with curves from skewed demands (rising and falling segments); function 3 and unknown ones without.
    private static PolicyPublisher GittinsPublisher()
    {
        var table = new FunctionPolicy[AgentHarness.Functions];
        var known = new bool[AgentHarness.Functions];
        var curves = new ServiceCurve?[AgentHarness.Functions];
        for (int f = 0; f < 3; f++)
        {
            table[f] = new FunctionPolicy(f + 1, f * Ms);
            known[f] = true;
            curves[f] = ServiceCurveBuilder.FromSortedDemands([(f + 1) * Ms, (f + 1) * Ms, 2 * (f + 1) * Ms, 9 * (f + 1) * Ms]);
        }
        return new PolicyPublisher(new PolicySnapshot(1, 0, table, known, curves));
    }

    [Test]
    public void Alps_PreemptsTheWorstRunningTaskFirst()
    {
        var publisher = AgentHarness.Publisher((0, 1, 0), (1, 2, 0), (2, 5, 0));
        using var h = new AgentHarness(new AlpsPolicy(publisher, new AlpsPolicyOptions { MinimumRunNs = 1 * Ms }), cpus: 3);
        long rank5 = h.New(2);
        long rank2 = h.New(1);
        h.Run();
        Assert.That(new[] { h.Enclave.Current(1), h.Enclave.Current(2) }, Is.EquivalentTo(new[] { rank5, rank2 }));
        int cpuOf5 = h.Enclave.Current(1) == rank5 ? 1 : 2;
        h.Enclave.Now = 2 * Ms;
        long rank1 = h.New(0);
        h.Run();
        Assert.That(h.Enclave.Current(cpuOf5), Is.EqualTo(rank1), "rank 1 takes the CPU of the rank-5 task, not the rank-2 one");
        Assert.That(h.Enclave.Current(3 - cpuOf5), Is.EqualTo(rank2));
    }

    [Test]
    public void Alps_NewSnapshotAppliesToTheNextDispatch()
    {
        var publisher = AgentHarness.Publisher((0, 2, 1 * Ms), (1, 1, 0));
        using var h = new AgentHarness(new AlpsPolicy(publisher, new AlpsPolicyOptions { Order = AlpsOrder.Rank, MinimumRunNs = 0 }), cpus: 2);
        long t = h.New(0);
        h.Run();
        // The learner now gives function 0 a 50 ms slice; the running dispatch keeps its 1 ms.
        var table = new[] { new AlpsGhost.Agent.Policy.FunctionPolicy(2, 50 * Ms), new AlpsGhost.Agent.Policy.FunctionPolicy(1, 0) };
        publisher.Publish(new AlpsGhost.Agent.Policy.PolicySnapshot(2, 0, table, [true, true]));
        h.Enclave.Now = 1 * Ms;
        long urgent = h.New(1);
        h.Run();
        Assert.That(h.Enclave.Current(1), Is.EqualTo(urgent), "the old slice (1 ms) still governs the current dispatch");
        h.Enclave.Now = 2 * Ms;
        h.Enclave.Block(urgent);
        h.Run();
        Assert.That(h.Enclave.Current(1), Is.EqualTo(t));
        h.Enclave.Now = 3 * Ms;
        long urgent2 = h.New(1);
        Assert.That(h.Run(), Is.EqualTo(2 * Ms + 50 * Ms), "the next dispatch is protected by the new 50 ms slice");
        Assert.That(h.Enclave.Current(1), Is.EqualTo(t));
        _ = urgent2;
    }

    [Test]
    public void Alps_FixedUnknownRankOptionIsHonoured()
    {
        var publisher = AgentHarness.Publisher((0, 1, 0), (1, 3, 0));
        using var h = new AgentHarness(new AlpsPolicy(publisher, new AlpsPolicyOptions { Order = AlpsOrder.Rank, UnknownFunctionRank = 10 }), cpus: 2);
        long blocker = h.New(0);
        h.Run();
        long stray = h.New(-1);
        long rank3 = h.New(1, runtime: 9 * Ms);
        h.Run();
        h.Enclave.Now = 1 * Ms;
        h.Enclave.Block(blocker);
        h.Run();
        Assert.That(h.Enclave.Current(1), Is.EqualTo(rank3));
        _ = stray;
    }

    [Test]
    public void OptionsAndPolicyArgumentsAreValidatedWithTheirNames()
    {
        using var enclave = new FakeEnclave();
        var resolver = new AlpsGhost.Agent.Identity.CgroupFunctionResolver(new Dictionary<string, int>());
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new CentralizedAgent(enclave, new FifoPolicy(), new AgentOptions { TaskCapacity = 0 }, resolver));
        Assert.That(e!.ParamName, Is.EqualTo("TaskCapacity"));
        Assert.Throws<ArgumentNullException>(() => new CentralizedAgent(enclave, null!, new AgentOptions(), resolver));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FifoPolicy(preemptionTimeSliceNs: 0));
        var alps = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new AlpsPolicy(AgentHarness.Publisher(), new AlpsPolicyOptions { UnknownFunctionRank = 0 }));
        Assert.That(alps!.Message, Does.Contain("UnknownFunctionRank"));
    }

    [Test]
    public void StaleSeqnumIsIgnoredWithoutRegressing()
    {
        using var h = new AgentHarness(new FifoPolicy(), cpus: 2);
        long t = h.New(0);
        h.Run();
        // A duplicate of TASK_NEW's seqnum (1) for a task event: must not move the task or its seqnum.
        h.Enclave.ProduceRaw(GhostMessageType.TaskBlocked, 1, new TaskBlockedPayload { Gtid = t, Cpu = 1 });
        h.Run();
        Assert.That(h.Agent.Stats.StaleMessages, Is.EqualTo(1));
        Assert.That(h.Agent.Stats.TasksRunning, Is.EqualTo(1), "the stale BLOCKED was not applied");
        h.Enclave.Now = 1 * Ms;
        h.Enclave.Block(t);
        h.Run();
        Assert.That(h.Agent.Stats.SeqnumGaps + h.Agent.Stats.StaleMessages, Is.EqualTo(1), "the next real message is in sequence");
        Assert.That(h.Agent.Stats.TasksRunning, Is.Zero);
    }

    [Test]
    public void AgentCpuContendedMirrorsBoostPrio()
    {
        using var h = new AgentHarness(new FifoPolicy(), cpus: 2);
        Assert.That(h.Agent.AgentCpuContended, Is.False);
        h.Enclave.SetAgentBoost(0, true);
        Assert.That(h.Agent.AgentCpuContended, Is.True);
        h.Enclave.SetAgentBoost(1, false);
        h.Enclave.SetAgentBoost(0, false);
        Assert.That(h.Agent.AgentCpuContended, Is.False);
    }

    [Test]
    public void Abi84ShortPayloadsAreDecoded()
    {
        // ABI 84 writes TASK_DEAD without cpu (8 bytes) and CPU_TICK without is_agent (4 bytes).
        using var h = new AgentHarness(new FifoPolicy(), cpus: 2);
        long t = h.New(0);
        h.Run();
        h.Enclave.Now = 3 * Ms;
        uint seq = h.Enclave.KillSilently(t);
        h.Enclave.ProduceTruncated(GhostMessageType.TaskDead, seq, new TaskDeadPayload { Gtid = t, Cpu = 1 }, 8);
        h.Enclave.ProduceTruncated(GhostMessageType.CpuTick, 0, new CpuTickPayload { Cpu = 1, IsAgent = 0 }, 4);
        h.Run();
        Assert.That(h.Agent.TaskCount, Is.Zero);
        Assert.That(h.Enclave.FreedWords, Is.EqualTo(1));
        Assert.That(h.Agent.Stats.Messages(GhostMessageType.CpuTick), Is.EqualTo(1));
        Assert.That(h.Observations.TryRead(out InvocationRecord r), Is.True);
        Assert.That(r.CpuNs, Is.EqualTo(3 * Ms));
    }

    [Test]
    public void KernelQueueOverflowResyncsFromStatusWords()
    {
        using var h = new AgentHarness(new FifoPolicy(), cpus: 2);
        long a = h.New(0);
        long b = h.New(0);
        h.Run();
        Assert.That(h.Enclave.Current(1), Is.EqualTo(a));
        // a blocks and the ring is full: TASK_BLOCKED is dropped and counted; no later message for a.
        h.Enclave.Now = 1 * Ms;
        h.Enclave.LoseNextMessage(a, asOverflow: true);
        h.Enclave.Block(a);
        h.Run();
        Assert.That(h.Agent.Stats.OverflowResyncs, Is.EqualTo(1));
        Assert.That(h.Enclave.Current(1), Is.EqualTo(b), "the CPU a left is reused at once");
        Assert.That(h.Logs, Has.Some.Contains("overflow"));
    }

    [Test]
    public void DisplacedTaskWhosePreemptWasDroppedIsQueuedAgain()
    {
        using var h = new AgentHarness(new FifoPolicy(preemptionTimeSliceNs: 1 * Ms), cpus: 2);
        long x = h.New(0);
        h.Run();
        long y = h.New(0);
        h.Enclave.LoseNextMessage(x, asOverflow: true); // the TASK_PREEMPT our commit causes is dropped
        h.Enclave.Now = 1 * Ms;
        h.Run();
        Assert.That(h.Enclave.Current(1), Is.EqualTo(y));
        h.Run();
        Assert.That(h.Agent.Stats.OverflowResyncs, Is.EqualTo(1));
        Assert.That(h.Agent.Stats.RunQueueDepth, Is.EqualTo(1), "x is runnable and off CPU: it must be queued, not stuck");
        h.Enclave.Now = 2 * Ms;
        h.Run();
        Assert.That(h.Enclave.Current(1), Is.EqualTo(x), "round robin continues with x");
    }

    [Test]
    public void CommitToTheAgentsOwnCpuCarriesItsBarrier()
    {
        // A local commit is checked against the agent barrier (AGENT_STALE if a message arrived since the
        // agent looked); remote commits are not, and the transaction says 0 there.
        using var h = new AgentHarness(new FifoPolicy(), cpus: 2, mode: AgentMode.QueueWakeup);
        h.Enclave.SetAgentBarrier(0, 7);
        h.New(0);
        h.New(0);
        h.Run();
        Assert.That(h.Enclave.Commits.Select(c => c.Cpu), Is.EquivalentTo(new[] { 0, 1 }));
        Assert.That(h.Enclave.Txn(0).AgentBarrier, Is.EqualTo(7u));
        Assert.That(h.Enclave.Txn(1).AgentBarrier, Is.Zero);
        Assert.That(h.Enclave.Txn(0).CommitFlags, Is.EqualTo((byte)CommitFlags.CommitAtTxnCommit));
        Assert.That(h.Enclave.Txn(1).TaskBarrier, Is.EqualTo(1u), "task_barrier is the TASK_NEW seqnum");
    }

    [Test]
    public void UnreadMessagesOfATaskAdoptedByAResyncAreStale()
    {
        // Overflow resync adopts n from its status word (seqnum 2, runnable) while n's TASK_NEW (1) and
        // TASK_WAKEUP (2) are still unread behind the per-round message budget. Reading them later must
        // neither move n's seqnum back nor disturb it.
        using var h = new AgentHarness(new FifoPolicy(), cpus: 2, messagesPerRound: 1);
        long a = h.New(0);
        h.Run();
        Assert.That(h.Enclave.Current(1), Is.EqualTo(a));
        h.Enclave.Tick(1);
        long n = h.New(1, runnable: false);
        h.Enclave.Wake(n);
        h.Enclave.LoseNextMessage(a, asOverflow: true);
        h.Enclave.Block(a);
        h.Run(); // reads only the tick, sees the overflow, resyncs, adopts n, dispatches it
        Assert.That(h.Agent.Stats.TasksDiscovered, Is.EqualTo(1));
        Assert.That(h.Enclave.Current(1), Is.EqualTo(n));
        h.Run();
        h.Run();
        Assert.That(h.Agent.Stats.StaleMessages, Is.EqualTo(2), "both unread messages predate the resync");
        Assert.That(h.Agent.Stats.SeqnumGaps, Is.Zero);
        h.Enclave.Now = 1 * Ms;
        h.Enclave.Block(n);
        h.Run();
        Assert.That(h.Agent.Stats.SeqnumGaps, Is.Zero, "n's seqnum stayed at its barrier");
        Assert.That(h.Agent.Stats.TasksRunning, Is.Zero);
    }
}
