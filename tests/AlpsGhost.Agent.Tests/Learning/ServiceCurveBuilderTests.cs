using AlpsGhost.Agent.Learning;
using AlpsGhost.Agent.Observation;
using AlpsGhost.Agent.Policy;

namespace AlpsGhost.Agent.Tests.Learning;

/// <summary>The learned service curve is the Gittins index of the function's empirical demand distribution.</summary>
public class ServiceCurveBuilderTests
{
    private const long Ms = 1_000_000;

    [Test]
    public void HandComputedIndexForATwoModeFunction()
    {
        // Demands 1, 1, 10 ms. Fresh: quantum 1 ms spends 1 + 1 + 1 = 3 ms for 2 completions (1.5 ms each);
        // quantum 10 ms spends 12 ms for 3 (4 ms): index 1.5 ms. Past 1 ms only the 10 ms one is left: 10 - a.
        ServiceCurve c = ServiceCurveBuilder.FromSortedDemands([1 * Ms, 1 * Ms, 10 * Ms]);
        Assert.That(c.InitialIndexNs, Is.EqualTo(1_500_000));
        Assert.That(c.IndexAt(1 * Ms), Is.EqualTo(9 * Ms));
        Assert.That(c.IndexAt(5 * Ms), Is.EqualTo(5 * Ms), "between the last two distinct demands the index is exactly max - a");
        Assert.That(c.ObservedMaxNs, Is.EqualTo(10 * Ms));
        Assert.That(c.IndexAt(12 * Ms), Is.EqualTo(2 * Ms), "past the largest demand seen: the CPU time run beyond it");
    }

    [Test]
    public void DeterministicDemandGivesTheRemainingDemand()
    {
        ServiceCurve c = ServiceCurveBuilder.FromSortedDemands([200 * Ms, 200 * Ms, 200 * Ms]);
        foreach (long a in new[] { 0L, 1, 50 * Ms, 150 * Ms, 199 * Ms })
        {
            Assert.That(c.IndexAt(a), Is.EqualTo((200 * Ms) - a), $"a = {a} ns: SRPT's remaining time");
        }
    }

    [Test]
    public void HeavyTailedFunctionsIndexRisesOnceTheShortModeIsPassed()
    {
        // Mostly 1 ms, sometimes 100 ms: a fresh invocation is probably short (index 4/3 ms), one that has run past
        // 1 ms is a long one (index 99 ms) and should yield to fresh work, as least-attained-service does.
        ServiceCurve c = ServiceCurveBuilder.FromSortedDemands([1 * Ms, 1 * Ms, 1 * Ms, 100 * Ms]);
        Assert.That(c.InitialIndexNs, Is.EqualTo(1_333_333));
        Assert.That(c.IndexAt(1 * Ms), Is.EqualTo(99 * Ms));
    }

    [Test]
    public void EveryPointEqualsTheMinimumOverQuantaComputedNaively()
    {
        var random = new Random(7);
        for (int trial = 0; trial < 20; trial++)
        {
            long[] demands = Enumerable.Range(0, random.Next(1, 300))
                .Select(_ => (long)(Math.Exp(random.NextDouble() * 4) * Ms)).Order().ToArray();
            ServiceCurve c = ServiceCurveBuilder.FromSortedDemands(demands);
            for (int i = 0; i < c.Count; i++)
            {
                (long a, long index) = c[i];
                long[] above = demands.Where(d => d > a).ToArray();
                double naive = above.Distinct().Min(q => above.Sum(d => (double)Math.Min(d - a, q - a)) / above.Count(d => d <= q));
                Assert.That(index, Is.EqualTo(naive).Within(1.0), $"trial {trial}, point {i} (a = {a} ns)");
            }
            Assert.That(c.Count, Is.LessThanOrEqualTo(ServiceCurveBuilder.DefaultPoints + ServiceCurveBuilder.TailPoints + 1));
        }
    }

    [Test]
    public void OnlyCompletedInvocationsOfKnownFunctionsAreSamples()
    {
        InvocationRecord[] window =
        [
            Records.Make(1, 0, 0, cpuMs: 4, endMs: 4),
            Records.Make(2, 0, 0, cpuMs: 900, endMs: 900, completed: false), // still running: its demand is unknown
            Records.Make(3, 1, 0, cpuMs: 7, endMs: 7, completed: false),
            Records.Make(4, -1, 0, cpuMs: 3, endMs: 3),
        ];
        Dictionary<int, ServiceCurve> curves = ServiceCurveBuilder.Build(window);
        Assert.That(curves.Keys, Is.EquivalentTo(new[] { 0 }));
        Assert.That(curves[0].InitialIndexNs, Is.EqualTo(4 * Ms));
    }

    [Test]
    public void BadSamplesAreRejected()
    {
        Assert.Throws<ArgumentException>(() => ServiceCurveBuilder.FromSortedDemands([]));
        Assert.Throws<ArgumentException>(() => ServiceCurveBuilder.FromSortedDemands([5, 3]));
    }
}

/// <summary>Learning rounds publish the curves with the ranks and keep a function's curve while it completes nothing.</summary>
public class LearnedCurveRoundTests
{
    private const long Ms = 1_000_000;

    [Test]
    public void RoundPublishesCurvesAndKeepsThemForFunctionsThatCompletedNothing()
    {
        var round = new LearningRound(new LearningOptions { Srpt = new SrptOptions { Mode = SimulationMode.Multi, CpuCount = 1 } });
        InvocationRecord[] first = [.. Enumerable.Range(0, 10).SelectMany(i => new[]
        {
            Records.Make((2 * i) + 1, 0, i * 100, cpuMs: 5, endMs: (i * 100) + 5),
            Records.Make((2 * i) + 2, 1, (i * 100) + 10, cpuMs: 40, endMs: (i * 100) + 50),
        })];
        PolicySnapshot s1 = round.Run(first, 50, PolicySnapshot.Empty, 1).Snapshot;
        Assert.That(s1.HasCurves, Is.True);
        Assert.That(s1.TryGetCurve(0, out ServiceCurve c0) && c0.InitialIndexNs == 5 * Ms, Is.True);
        Assert.That(s1.TryGetCurve(1, out ServiceCurve c1) && c1.InitialIndexNs == 40 * Ms, Is.True);

        // Function 1 only has a running invocation now: it keeps the curve it learned.
        InvocationRecord[] second = [.. Enumerable.Range(0, 10).Select(i => Records.Make(100 + i, 0, 2000 + (i * 100), cpuMs: 6, endMs: 2006 + (i * 100))),
            Records.Make(200, 1, 2950, cpuMs: 30, endMs: 2980, completed: false)];
        PolicySnapshot s2 = round.Run(second, 50, s1, 2).Snapshot;
        Assert.That(s2.TryGetCurve(0, out ServiceCurve c0b) && c0b.InitialIndexNs == 6 * Ms, Is.True, "relearned");
        Assert.That(s2.TryGetCurve(1, out ServiceCurve c1b), Is.True);
        Assert.That(c1b, Is.SameAs(c1), "kept");
    }
}

/// <summary>The pooled shape prior for functions with few samples (<c>priorSamples</c>).</summary>
public class ShapePriorTests
{
    private const long Ms = 1_000_000;

    // Two well-observed functions (40 samples each, the same log-spread around 10 ms and 1 s) and a thin one.
    private static InvocationRecord[] Window(params long[] thinDemandsMs)
    {
        var records = new List<InvocationRecord>();
        long gtid = 1;
        double[] spread = [0.25, 0.5, 0.8, 1.0, 1.25, 2.0, 3.0, 4.0];
        for (int i = 0; i < 40; i++)
        {
            double factor = spread[i % spread.Length];
            records.Add(Records.Make(gtid++, 0, i, cpuMs: (long)(10 * factor), endMs: 5000));
            records.Add(Records.Make(gtid++, 1, i, cpuMs: (long)(1000 * factor), endMs: 5000));
        }
        foreach (long d in thinDemandsMs)
        {
            records.Add(Records.Make(gtid++, 2, 0, cpuMs: d, endMs: 5000));
        }
        return [.. records];
    }

    [Test]
    public void OneSampleNoLongerMakesTheIndexVanishJustBeforeIt()
    {
        // Without the prior a single 100 ms sample says "done at 100 ms": at 99 ms the index is 1 ms and the
        // invocation would outrank everything exactly when the guess fails. With the prior the function borrows
        // the others' spread: demands beyond 100 ms remain possible, so the index there stays large.
        InvocationRecord[] window = Window(100);
        ServiceCurve plain = ServiceCurveBuilder.Build(window)[2];
        ServiceCurve pooled = ServiceCurveBuilder.Build(window, priorSamples: 32)[2];
        Assert.That(plain.IndexAt(99 * Ms), Is.EqualTo(1 * Ms));
        Assert.That(pooled.IndexAt(99 * Ms), Is.GreaterThan(20 * Ms));
        Assert.That(pooled.ObservedMaxNs, Is.GreaterThan(200 * Ms), "the borrowed spread reaches past the one sample");
        Assert.That(pooled.InitialIndexNs, Is.InRange(10 * Ms, 1000 * Ms), "the scale stays near the function's own sample");
    }

    [Test]
    public void WellObservedFunctionsAreUntouched()
    {
        InvocationRecord[] window = Window(100);
        Dictionary<int, ServiceCurve> plain = ServiceCurveBuilder.Build(window);
        Dictionary<int, ServiceCurve> pooled = ServiceCurveBuilder.Build(window, priorSamples: 32);
        foreach (int f in new[] { 0, 1 })
        {
            for (int i = 0; i < plain[f].Count; i++)
            {
                Assert.That(pooled[f][i], Is.EqualTo(plain[f][i]), $"function {f} point {i}");
            }
        }
    }

    [Test]
    public void WithoutADonorTheCurvesAreTheEmpiricalOnes()
    {
        // No function has MinDonorSamples: there is no shape to borrow, so nothing changes.
        InvocationRecord[] window =
        [
            Records.Make(1, 0, 0, cpuMs: 4, endMs: 10),
            Records.Make(2, 0, 0, cpuMs: 9, endMs: 10),
            Records.Make(3, 1, 0, cpuMs: 300, endMs: 400),
        ];
        Dictionary<int, ServiceCurve> plain = ServiceCurveBuilder.Build(window);
        Dictionary<int, ServiceCurve> pooled = ServiceCurveBuilder.Build(window, priorSamples: 32);
        Assert.That(pooled[0].InitialIndexNs, Is.EqualTo(plain[0].InitialIndexNs));
        Assert.That(pooled[1].ObservedMaxNs, Is.EqualTo(plain[1].ObservedMaxNs));
    }

    [Test]
    public void TheSameWindowGivesTheSameCurves()
    {
        InvocationRecord[] window = Window(30, 70);
        ServiceCurve a = ServiceCurveBuilder.Build(window, priorSamples: 32)[2];
        ServiceCurve b = ServiceCurveBuilder.Build(window, priorSamples: 32)[2];
        Assert.That(b.Count, Is.EqualTo(a.Count));
        for (int i = 0; i < a.Count; i++)
        {
            Assert.That(b[i], Is.EqualTo(a[i]));
        }
    }
}
