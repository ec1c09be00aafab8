using AlpsGhost.Agent.Policy;
using AlpsGhost.Cli;
using AlpsGhost.Ghost;
using AlpsGhost.Workloads;
using AlpsGhost.Runs.Reporting;
using AlpsGhost.Runs;

namespace AlpsGhost.Agent.Tests.EndToEnd;

/// <summary>The gittins-oracle bound: the Gittins order over each function's true demand distribution.</summary>
public class GittinsOracleTests
{
    private const string Constants = """
    {
      "name": "constants",
      "duration_s": 2,
      "utilization": 0.9,
      "functions": [
        { "name": "a", "cpu": 3,   "arrival": { "process": "poisson", "weight": 4 } },
        { "name": "b", "cpu": 40,  "arrival": { "process": "poisson", "weight": 2 } },
        { "name": "c", "cpu": 250, "arrival": { "process": "poisson", "weight": 1 } }
      ]
    }
    """;

    [Test]
    public void ForConstantDemandsTheIndexIsTheRemainingDemandSoTheOrderIsSrpts()
    {
        // With every invocation of a function the same size, knowing the distribution is knowing the size:
        // the index must be exactly the remaining demand, and any two tasks order as srpt orders them.
        PolicySnapshot table = GittinsOracleTable.Build(Scenario.Load(Constants, cpus: 2, seed: 1));
        long[] demands = [3_000_000, 40_000_000, 250_000_000];
        var tasks = new List<(int Function, long Used)>();
        for (int f = 0; f < demands.Length; f++)
        {
            Assert.That(table.TryGetCurve(f, out ServiceCurve curve), $"function {f} has a curve");
            foreach (long used in new[] { 0L, 1_000_000, 2_999_999, 39_000_000, 200_000_000 })
            {
                if (used < demands[f])
                {
                    Assert.That(curve.IndexAt(used), Is.EqualTo(demands[f] - used), $"function {f} after {used} ns");
                    tasks.Add((f, used));
                }
            }
        }
        foreach ((int fa, long ua) in tasks)
        {
            foreach ((int fb, long ub) in tasks)
            {
                table.TryGetCurve(fa, out ServiceCurve ca);
                table.TryGetCurve(fb, out ServiceCurve cb);
                Assert.That(ca.IndexAt(ua).CompareTo(cb.IndexAt(ub)), Is.EqualTo((demands[fa] - ua).CompareTo(demands[fb] - ub)));
            }
        }
    }

    [Test]
    public void TheTableDependsOnTheDistributionsNotOnTheInvocations()
    {
        // The oracle must not see any invocation's size: a different invocation list drawn from the same
        // distributions (another duration, so other arrivals and demands) gives exactly the same curves.
        Workload a = Scenario.Load(Scenario.Mixed, cpus: 2, seed: 7);
        Workload b = WorkloadFile.Parse(Scenario.Mixed, "scenario.json", TestContext.CurrentContext.TestDirectory,
            new WorkloadOverrides { CpuCount = 16, Seed = 7, DurationNs = 1_000_000_000 });
        Assert.That(b.Invocations.Count, Is.Not.EqualTo(a.Invocations.Count), "a different invocation list");
        PolicySnapshot ta = GittinsOracleTable.Build(a), tb = GittinsOracleTable.Build(b);
        for (int f = 0; f < a.Functions.Count; f++)
        {
            ta.TryGetCurve(f, out ServiceCurve ca);
            tb.TryGetCurve(f, out ServiceCurve cb);
            Assert.That(Points(cb), Is.EqualTo(Points(ca)), $"function {f}");
        }
    }

    [Test]
    public void TheCurveFollowsTheModelledDistribution()
    {
        // A log-normal with cv 0.3 around 200 ms: a fresh invocation's index is about its mean (a light tail
        // makes the whole remaining demand the best quantum), and the largest sample lies well above the mean.
        PolicySnapshot table = GittinsOracleTable.Build(Scenario.Load(Scenario.Mixed, cpus: 2, seed: 1));
        table.TryGetCurve(1, out ServiceCurve curve);
        Assert.That(curve.InitialIndexNs / 1e6, Is.EqualTo(200).Within(6), "index of a fresh 'long' invocation (ms)");
        Assert.That(curve.ObservedMaxNs / 1e6, Is.GreaterThan(400));
    }

    [Test]
    public void AHandBuiltWorkloadWithoutDistributionsIsRefusedWithAReason()
    {
        Workload w = Scenario.Load(Scenario.Mixed, cpus: 2, seed: 1);
        var bare = new Workload("bare", w.Functions, w.Invocations);
        var e = Assert.Throws<ArgumentException>(() => GittinsOracleTable.Build(bare));
        Assert.That(e!.Message, Does.Contain("gittins-oracle").And.Contain("distribution"));
    }

    [TestCase(1UL)]
    [TestCase(2UL)]
    public void RunsEveryTaskAndLiesBetweenSrptAndCfs(ulong seed)
    {
        RunReport oracle = Scenario.Run(Scenario.Mixed, "gittins-oracle", cpus: 2, seed: seed, mode: AgentMode.QueueWakeup);
        RunReport srpt = Scenario.Run(Scenario.Mixed, "srpt", cpus: 2, seed: seed, mode: AgentMode.QueueWakeup);
        RunReport cfs = Scenario.Run(Scenario.Mixed, "cfs", cpus: 2, seed: seed, mode: AgentMode.QueueWakeup);
        Assert.That(oracle.Policy, Is.EqualTo("gittins-oracle"));
        Assert.That(oracle.Overall.Completed, Is.EqualTo(oracle.Overall.Tasks), "every task finishes");
        Assert.That(oracle.Overall.MeanMs, Is.InRange(srpt.Overall.MeanMs, cfs.Overall.MeanMs),
            $"gittins-oracle {oracle.Overall.MeanMs:F2} ms, srpt {srpt.Overall.MeanMs:F2} ms, cfs {cfs.Overall.MeanMs:F2} ms");
    }

    [Test]
    public void OnTheGhostKernelItIsRefusedWithExitCode2()
    {
        var stderr = new StringWriter();
        int code = AgentCommandLine.Build(new StringWriter(), stderr).Parse(["--kernel", "ghost", "--policy", "gittins-oracle"]).Invoke();
        Assert.That(code, Is.EqualTo(AlpsGhost.Ghost.Host.ExitCodes.Usage));
        Assert.That(stderr.ToString(), Does.Contain("gittins-oracle").And.Contain("--kernel sim"));
    }

    private static List<(long, long)> Points(ServiceCurve c)
    {
        var points = new List<(long, long)>();
        for (int i = 0; i < c.Count; i++)
        {
            points.Add(c[i]);
        }
        points.Add((c.ObservedMaxNs, 0));
        return points;
    }
}
