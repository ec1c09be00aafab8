using AlpsGhost.Agent.Observation;
using AlpsGhost.Agent.Policy;
using AlpsGhost.Ghost;
using AlpsGhost.Runs;
using AlpsGhost.Runs.Reporting;
using AlpsGhost.Workloads;

namespace AlpsGhost.Agent.Tests.EndToEnd;

/// <summary>The gittins-oracle-seen bound: a function's true curve only from its first completion on.</summary>
public class SeenFunctionsOracleTests
{
    [Test]
    public void NoFunctionIsKnownBeforeItsFirstCompletionAndEachIsKnownWithItsTrueCurveAfter()
    {
        Workload workload = Scenario.Load(Scenario.Mixed, cpus: 2, seed: 1);
        PolicySnapshot truth = GittinsOracleTable.Build(workload);
        var oracle = new SeenFunctionsOracle(workload);
        Assert.That(oracle.Initial.TryGetCurve(0, out _) || oracle.Initial.TryGetCurve(1, out _) || oracle.Initial.TryGetCurve(2, out _), Is.False, "nothing known at the start");

        var queue = new ObservationQueue(16);
        queue.TryWrite(new InvocationRecord { FunctionId = 1, Completed = false }); // cut short: says nothing of the demand
        queue.TryWrite(new InvocationRecord { FunctionId = 7, Completed = true });  // not a function of the workload
        Assert.That(oracle.Observe(queue), Is.Null, "an unfinished invocation or a foreign id reveals nothing");

        queue.TryWrite(new InvocationRecord { FunctionId = 1, Completed = true });
        PolicySnapshot? after = oracle.Observe(queue);
        Assert.That(after, Is.Not.Null, "the first completion publishes");
        Assert.That(after!.TryGetCurve(0, out _), Is.False, "function 0 has not completed: still unknown");
        Assert.That(after.TryGetCurve(1, out ServiceCurve learned), "function 1 is known");
        truth.TryGetCurve(1, out ServiceCurve real);
        Assert.That(learned, Is.SameAs(real).Or.Property(nameof(ServiceCurve.InitialIndexNs)).EqualTo(real.InitialIndexNs));
        Assert.That(learned.ObservedMaxNs, Is.EqualTo(real.ObservedMaxNs), "the true distribution's curve, not one sample's");
        Assert.That(after.Version, Is.GreaterThan(oracle.Initial.Version));

        queue.TryWrite(new InvocationRecord { FunctionId = 1, Completed = true });
        Assert.That(oracle.Observe(queue), Is.Null, "a function is published once");
        Assert.That(oracle.SeenFunctions, Is.EqualTo(1));
    }

    [TestCase(1UL)]
    [TestCase(2UL)]
    public void RunsEveryTaskLearnsEveryFunctionAndLiesBetweenSrptAndCfs(ulong seed)
    {
        RunReport seen = Scenario.Run(Scenario.Mixed, PolicyNames.GittinsOracleSeen, cpus: 2, seed: seed, mode: AgentMode.QueueWakeup);
        RunReport again = Scenario.Run(Scenario.Mixed, PolicyNames.GittinsOracleSeen, cpus: 2, seed: seed, mode: AgentMode.QueueWakeup);
        RunReport srpt = Scenario.Run(Scenario.Mixed, PolicyNames.Srpt, cpus: 2, seed: seed, mode: AgentMode.QueueWakeup);
        RunReport cfs = Scenario.Run(Scenario.Mixed, PolicyNames.Cfs, cpus: 2, seed: seed, mode: AgentMode.QueueWakeup);
        Assert.That(seen.Policy, Is.EqualTo(PolicyNames.GittinsOracleSeen));
        Assert.That(seen.Overall.Completed, Is.EqualTo(seen.Overall.Tasks), "every task finishes");
        Assert.That(seen.Notes, Has.Some.StartsWith("gittins-oracle-seen: knew 3 of 3 functions"), "every function completes, so every one is learned");
        Assert.That(again.Overall.MeanMs, Is.EqualTo(seen.Overall.MeanMs), "deterministic");
        Assert.That(seen.Overall.MeanMs, Is.InRange(srpt.Overall.MeanMs, cfs.Overall.MeanMs),
            $"gittins-oracle-seen {seen.Overall.MeanMs:F2} ms, srpt {srpt.Overall.MeanMs:F2} ms, cfs {cfs.Overall.MeanMs:F2} ms");
    }

    [TestCase("--kernel", "ghost")]
    [TestCase("--kernel", "linux")]
    [TestCase("--host", "linux")]
    public void OffTheSimulatedGhostHostItIsRefusedWithExitCode2(string flag, string value)
    {
        var stderr = new StringWriter();
        string[] args = flag == "--host"
            ? ["--kernel", "sim", "--host", "linux", "--workload", CommandLineTests.RepoFile("bench/workloads/fib-groups.json"), "--policy", PolicyNames.GittinsOracleSeen]
            : [flag, value, "--policy", PolicyNames.GittinsOracleSeen];
        int code = AlpsGhost.Cli.AgentCommandLine.Build(new StringWriter(), stderr).Parse(args).Invoke();
        Assert.That(code, Is.EqualTo(AlpsGhost.Ghost.Host.ExitCodes.Usage), stderr.ToString());
        Assert.That(stderr.ToString(), Does.Contain(PolicyNames.GittinsOracleSeen));
    }
}
