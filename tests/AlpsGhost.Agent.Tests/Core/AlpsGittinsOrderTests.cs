using AlpsGhost.Agent.Learning;
using AlpsGhost.Agent.Policies;
using AlpsGhost.Agent.Policy;

namespace AlpsGhost.Agent.Tests.Core;

/// <summary>
/// ALPS ordered by the learned Gittins index (policy.alps.order = gittins): a nearly finished long invocation
/// runs before a fresh medium one, as under SRPT, and a running task is preempted exactly when its index
/// passes a waiting one's.
/// </summary>
public class AlpsGittinsOrderTests
{
    private const long Ms = 1_000_000;

    // Function 0: always 20 ms (rank 1). Function 1: always 200 ms (rank 2, learned slice longSliceNs). Function 2: 1 ms
    // three times in four, else 100 ms (its rank is irrelevant under the index order).
    private static PolicyPublisher Publisher(long longSliceNs = 0)
    {
        var table = new FunctionPolicy[AgentHarness.Functions];
        var known = new bool[AgentHarness.Functions];
        var curves = new ServiceCurve?[AgentHarness.Functions];
        (int F, int Rank, long[] Demands)[] functions =
        [
            (0, 1, [20 * Ms, 20 * Ms]),
            (1, 2, [200 * Ms, 200 * Ms]),
            (2, 1, [1 * Ms, 1 * Ms, 1 * Ms, 100 * Ms]),
        ];
        foreach ((int f, int rank, long[] demands) in functions)
        {
            table[f] = new FunctionPolicy(rank, f == 1 ? longSliceNs : 0);
            known[f] = true;
            curves[f] = ServiceCurveBuilder.FromSortedDemands(demands);
        }
        return new PolicyPublisher(new PolicySnapshot(1, 0, table, known, curves));
    }

    // One schedulable CPU (the spinning agent owns CPU 0): the order in which three queued tasks run.
    private static long[] RunOrder(AlpsOrder order, out long nearlyDone, out long freshMedium, out long freshLong)
    {
        var options = new AlpsPolicyOptions { Order = order, MinimumRunNs = 0 };
        using var h = new AgentHarness(new AlpsPolicy(Publisher(), options), cpus: 2);
        freshLong = h.New(1);
        freshMedium = h.New(0);
        nearlyDone = h.New(1, runtime: 190 * Ms);
        var ran = new List<long>();
        for (int i = 0; i < 3; i++)
        {
            h.Run();
            long current = h.Enclave.Current(1);
            ran.Add(current);
            h.Enclave.Exit(current);
        }
        return [.. ran];
    }

    [Test]
    public void NearlyFinishedLongInvocationRunsBeforeFreshMediumOne()
    {
        long[] ran = RunOrder(AlpsOrder.Gittins, out long nearlyDone, out long freshMedium, out long freshLong);
        Assert.That(ran, Is.EqualTo(new[] { nearlyDone, freshMedium, freshLong }), "indexes 10, 20 and 200 ms: SRPT's order");
    }

    [Test]
    public void RankOrderPutsEveryInvocationOfTheLongFunctionLast()
    {
        long[] ran = RunOrder(AlpsOrder.Rank, out long nearlyDone, out long freshMedium, out long freshLong);
        Assert.That(ran[0], Is.EqualTo(freshMedium), "the original ALPS: rank 1 first, however little the rank-2 task has left");
        Assert.That(ran[1..], Is.EquivalentTo(new[] { nearlyDone, freshLong }));
    }

    [Test]
    public void RunningTaskIsPreemptedWhenItsIndexPassesTheWaitingOne()
    {
        // Function 2's index rises from 4/3 ms (fresh: probably a 1 ms invocation) to 99 ms at 1 ms used (then it
        // is a 100 ms one). It passes a waiting fresh function-0 task's 20 ms at the first ns where 4/3 ms + 97 2/3 x a > 20 ms: a = 191 127 ns.
        var options = new AlpsPolicyOptions { Order = AlpsOrder.Gittins, MinimumRunNs = 0 };
        using var h = new AgentHarness(new AlpsPolicy(Publisher(), options), cpus: 2);
        long heavyTailed = h.New(2);
        h.Run();
        Assert.That(h.Enclave.Current(1), Is.EqualTo(heavyTailed));
        long medium = h.New(0);
        long wakeAt = h.Run();
        Assert.That(h.Enclave.Current(1), Is.EqualTo(heavyTailed), "4/3 ms < 20 ms: no preemption yet");
        Assert.That(wakeAt, Is.EqualTo(191_127), "the agent asks to run again when the running index passes 20 ms");
        h.Enclave.Now = 191_126;
        h.Run();
        Assert.That(h.Enclave.Current(1), Is.EqualTo(heavyTailed));
        h.Enclave.Now = wakeAt;
        h.Run();
        Assert.That(h.Enclave.Current(1), Is.EqualTo(medium));
    }

    [Test]
    public void WithoutCurvesTheOrderIsLeastCpuFirst()
    {
        // Before the first learning round the snapshot is empty: every task is an unknown function, indexed by
        // the CPU time it has used.
        var options = new AlpsPolicyOptions { Order = AlpsOrder.Gittins, MinimumRunNs = 0 };
        using var h = new AgentHarness(new AlpsPolicy(new PolicyPublisher(PolicySnapshot.Empty), options), cpus: 2);
        h.New(3, runtime: 5 * Ms);
        long fresh = h.New(4);
        h.Run();
        Assert.That(h.Enclave.Current(1), Is.EqualTo(fresh));
    }

    // One schedulable CPU: a fresh 200 ms invocation (learned slice 50 ms) runs; 5 ms later a fresh 20 ms one arrives
    // (index 20 ms against the running one's 195 ms). Returns which task holds the CPU after that round.
    private static (long Current, long Long, long Medium) AfterMediumArrives(bool slicesInIndexOrder)
    {
        var options = new AlpsPolicyOptions { Order = AlpsOrder.Gittins, SlicesInIndexOrder = slicesInIndexOrder };
        using var h = new AgentHarness(new AlpsPolicy(Publisher(longSliceNs: 50 * Ms), options), cpus: 2);
        long longTask = h.New(1);
        h.Run();
        h.Enclave.Now = 5 * Ms;
        long medium = h.New(0);
        h.Run();
        return (h.Enclave.Current(1), longTask, medium);
    }

    [Test]
    public void BetterIndexTakesTheCpuAfterTheMinimumRunDespiteTheLearnedSlice()
    {
        (long current, _, long medium) = AfterMediumArrives(slicesInIndexOrder: false);
        Assert.That(current, Is.EqualTo(medium), "index 20 ms < 195 ms: the 50 ms slice must not hold the CPU");
    }

    [Test]
    public void WithSlicesInIndexOrderTheSliceStillProtects()
    {
        (long current, long longTask, _) = AfterMediumArrives(slicesInIndexOrder: true);
        Assert.That(current, Is.EqualTo(longTask), "inside its 50 ms slice the long task keeps the CPU");
    }
}
