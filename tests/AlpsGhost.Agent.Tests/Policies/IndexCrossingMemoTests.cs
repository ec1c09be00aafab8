using AlpsGhost.Agent.Core;
using AlpsGhost.Agent.Learning;
using AlpsGhost.Agent.Policies;
using AlpsGhost.Agent.Policy;

namespace AlpsGhost.Agent.Tests.Policies;

/// <summary>The Gittins order remembers, per running slot, where a function's index first passes the best waiting
/// task's; remembering must never change an answer.</summary>
public class IndexCrossingMemoTests
{
    private const long Ms = 1_000_000;

    [Test]
    public void APolicyThatRemembersCrossingsAnswersAsAPolicyAskedForTheFirstTime()
    {
        // Protects the memo's invariant: a remembered interval [from, crossing) holds only if the index really stays
        // at or below the threshold there. If it answered from a stale entry (another function, threshold or
        // snapshot in the slot, or CPU time outside the interval) a preemption or a deadline would change.
        var random = new Random(29);
        PolicyPublisher publisher = Publisher(random, version: 1);
        var options = new AlpsPolicyOptions { Order = AlpsOrder.Gittins, MinimumRunNs = 0 };
        var warm = new AlpsPolicy(publisher, options);
        warm.Initialize(16);
        long[] thresholds = [2 * Ms, 9 * Ms, 30 * Ms, 120 * Ms, 400 * Ms];
        var running = new AgentTask();
        long now = 0;
        int waits = 0, preemptions = 0;
        for (int step = 0; step < 20_000; step++)
        {
            if (step % 7 == 0)
            {
                // A new dispatch, sometimes in a slot another function used before.
                running = new AgentTask
                {
                    Slot = random.Next(4),
                    FunctionId = random.Next(Functions),
                    DispatchNs = now,
                    RuntimeAtDispatchNs = random.Next(3) == 0 ? 0 : random.NextInt64(0, 600 * Ms),
                };
            }
            if (step % 2_000 == 1_999)
            {
                publisher.Publish(Snapshot(random, version: step)); // new curves: old entries must not answer
            }
            now += random.NextInt64(0, 40 * Ms);
            var candidate = new AgentTask { Slot = 8, Key = new QueueKey(thresholds[random.Next(thresholds.Length)], 0, step) };
            var fresh = new AlpsPolicy(publisher, options);
            fresh.Initialize(16);

            bool warmAnswer = warm.ShouldPreempt(in running, in candidate, now, out long warmRecheck);
            bool freshAnswer = fresh.ShouldPreempt(in running, in candidate, now, out long freshRecheck);

            Assert.That((warmAnswer, warmRecheck), Is.EqualTo((freshAnswer, freshRecheck)), $"step {step}");
            waits += warmRecheck > now && !warmAnswer ? 1 : 0;
            preemptions += warmAnswer ? 1 : 0;
        }
        Assert.That(preemptions, Is.GreaterThan(100), "the sequence preempts as well as waits");
        Assert.That(waits, Is.GreaterThan(1000), "and waits, asking the same crossing again while a task runs");
    }

    private const int Functions = 3;

    private static PolicyPublisher Publisher(Random random, long version) => new(Snapshot(random, version));

    // Random heavy-ish demand distributions: curves that rise and fall, so crossings fall inside and past them.
    private static PolicySnapshot Snapshot(Random random, long version)
    {
        var table = new FunctionPolicy[Functions];
        var known = new bool[Functions];
        var curves = new ServiceCurve?[Functions];
        for (int f = 0; f < Functions; f++)
        {
            long[] demands = new long[200];
            for (int i = 0; i < demands.Length; i++)
            {
                demands[i] = (long)(Ms * Math.Exp(random.NextDouble() * 6)); // 1 ms .. 400 ms, log-uniform
            }
            Array.Sort(demands);
            table[f] = new FunctionPolicy(1, 0);
            known[f] = true;
            curves[f] = f == Functions - 1 ? null : ServiceCurveBuilder.FromSortedDemands(demands); // the last one unknown
        }
        return new PolicySnapshot(version, 0, table, known, curves);
    }
}
