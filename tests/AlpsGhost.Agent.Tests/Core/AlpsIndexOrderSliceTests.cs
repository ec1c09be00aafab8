using AlpsGhost.Agent.Learning;
using AlpsGhost.Agent.Policies;
using AlpsGhost.Agent.Policy;

namespace AlpsGhost.Agent.Tests.Core;

/// <summary>
/// In the Gittins order the index decides when a running task yields: its function's learned slice does not keep a
/// strictly better-indexed task waiting (unless <see cref="AlpsPolicyOptions.SlicesInIndexOrder"/>).
/// </summary>
public class AlpsIndexOrderSliceTests
{
    private const long Ms = 1_000_000;

    // Function 0: always 20 ms, no slice. Function 1: always 200 ms, learned slice 50 ms.
    private static PolicyPublisher Publisher()
    {
        var table = new FunctionPolicy[AgentHarness.Functions];
        var known = new bool[AgentHarness.Functions];
        var curves = new ServiceCurve?[AgentHarness.Functions];
        table[0] = new FunctionPolicy(1, 0);
        table[1] = new FunctionPolicy(2, 50 * Ms);
        known[0] = known[1] = true;
        curves[0] = ServiceCurveBuilder.FromSortedDemands([20 * Ms, 20 * Ms]);
        curves[1] = ServiceCurveBuilder.FromSortedDemands([200 * Ms, 200 * Ms]);
        return new PolicyPublisher(new PolicySnapshot(1, 0, table, known, curves));
    }

    // One schedulable CPU: a fresh 200 ms invocation runs; 5 ms later a fresh 20 ms one arrives (index 20 ms against
    // the running one's 195 ms). Returns which task holds the CPU after that round.
    private static (long Current, long Long, long Medium) AfterMediumArrives(bool slicesInIndexOrder)
    {
        var options = new AlpsPolicyOptions { Order = AlpsOrder.Gittins, SlicesInIndexOrder = slicesInIndexOrder };
        using var h = new AgentHarness(new AlpsPolicy(Publisher(), options), cpus: 2);
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
