using AlpsGhost.Agent.Core;
using AlpsGhost.Agent.Policies;
using AlpsGhost.Agent.Policy;
using AlpsGhost.Cli;
using AlpsGhost.Config;
using AlpsGhost.Ghost;
using AlpsGhost.Kernel;
using AlpsGhost.Workloads;
using AlpsGhost.Runs.Reporting;
using AlpsGhost.Runs;

namespace AlpsGhost.Agent.Tests.EndToEnd;

/// <summary>The baselines srpt (oracle bound) and sfs on the real agent over the simulated kernel.</summary>
public class BaselinePoliciesEndToEndTests
{
    private static readonly object[] PoliciesAndModes =
    [
        new object[] { "srpt", AgentMode.Spinning },
        new object[] { "srpt", AgentMode.QueueWakeup },
        new object[] { "sfs", AgentMode.Spinning },
        new object[] { "sfs", AgentMode.QueueWakeup },
        new object[] { "srpt", AgentMode.Adaptive },
        new object[] { "sfs", AgentMode.Adaptive },
    ];

    [TestCaseSource(nameof(PoliciesAndModes))]
    public void NoTaskIsLostAndCpuTimeIsConserved(string policy, AgentMode mode)
    {
        Workload workload = Scenario.Load(Scenario.Mixed, cpus: 2, seed: 3);
        // srpt starves long tasks by design (SimulationRun turns the watchdog off for it too).
        long watchdog = policy == "srpt" ? 0 : 5_000_000_000;
        using var kernel = new SimulatedKernel(workload, new SimulationOptions { CpuCount = 2, Seed = 3, AgentMode = mode, RunnableTimeoutNs = watchdog });
        EnclaveConfig config = Scenario.Config(policy, mode);
        IRemainingDemandOracle? oracle = policy == "srpt" ? new SimulatedDemandOracle(kernel) : null;
        IGhostEnclave enclave = kernel.CreateEnclave();
        var agent = AgentFactory.Create(enclave, workload, config, new PolicyPublisher(PolicySnapshot.Empty), oracle: oracle);
        kernel.AttachAgent(new SimulatedAgentAdapter(new AgentLoop(agent, enclave)));
        SimulationResult result = kernel.Run();

        Scenario.AssertNothingLostAndCpuConserved(workload, result);
    }

    [TestCase(1UL)]
    [TestCase(2UL)]
    public void SrptMeanCompletionTimeBoundsFifoAlpsStaticAndCfs(ulong seed)
    {
        RunReport srpt = Scenario.Run(Scenario.Mixed, "srpt", cpus: 2, seed: seed, mode: AgentMode.QueueWakeup);
        Assert.That(srpt.Overall.Completed, Is.EqualTo(srpt.Overall.Tasks), "srpt finishes every task");
        foreach (string other in new[] { "fifo", "alps", "cfs" })
        {
            RunReport r = Scenario.Run(Scenario.Mixed, other, cpus: 2, seed: seed, mode: AgentMode.QueueWakeup);
            Assert.That(srpt.Overall.MeanMs, Is.LessThanOrEqualTo(r.Overall.MeanMs),
                $"srpt is the bound: mean completion {srpt.Overall.MeanMs:F2} ms vs {r.Policy} {r.Overall.MeanMs:F2} ms");
        }
    }

    [TestCase(AgentMode.QueueWakeup)]
    [TestCase(AgentMode.Spinning)]
    public void SfsDoesNotLivelockOnTinyCredits(AgentMode mode)
    {
        // A job dispatched with nanoseconds of credit left once made the agent wake on its CPU and preempt it before it
        // ran, forever: ~100x the fair class's context switches (a working sfs stays within ~4x: fair-level round robin plus FIFO arrivals preempting it).
        RunReport sfs = Scenario.Run(Scenario.Mixed, "sfs", cpus: 2, seed: 5, mode: mode);
        RunReport cfs = Scenario.Run(Scenario.Mixed, "cfs", cpus: 2, seed: 5, mode: mode);
        Assert.That(sfs.Overall.ContextSwitches, Is.LessThan(10 * cfs.Overall.ContextSwitches),
            $"sfs {sfs.Overall.ContextSwitches} context switches vs cfs {cfs.Overall.ContextSwitches}");
    }

    [Test]
    public void SrptReportSaysTheWatchdogIsOff()
    {
        var request = Scenario.Request("srpt", 2, 1, AgentMode.QueueWakeup) is var r
            ? r with { Config = r.Config with { RunnableTimeoutMs = 5000 } }
            : null;
        RunReport report = SimulationRun.Run(Scenario.Load(Scenario.Mixed, 2, 1), request!, TextWriter.Null);
        Assert.That(report.Policy, Is.EqualTo("srpt"));
        Assert.That(report.Notes, Has.Some.Contains("watchdog off"));
    }

    [Test]
    public void SrptOnTheGhostKernelIsRefusedWithExitCode2()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = AgentCommandLine.Build(stdout, stderr).Parse(["--kernel", "ghost", "--policy", "srpt"]).Invoke();
        Assert.That(code, Is.EqualTo(AlpsGhost.Ghost.Host.ExitCodes.Usage));
        Assert.That(stderr.ToString(), Does.Contain("srpt").And.Contain("--kernel sim"));
    }

    [TestCase("sfs")]
    [TestCase("srpt")]
    public void PolicyIsSelectableOnTheCommandLine(string policy)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        string workload = Path.Combine(Path.GetTempPath(), $"baseline-{policy}-{Environment.ProcessId}.json");
        File.WriteAllText(workload, Scenario.Mixed);
        try
        {
            int code = AgentCommandLine.Build(stdout, stderr).Parse(["--kernel", "sim", "--workload", workload, "--policy", policy, "--agent-mode", "queue-wakeup", "--output", "json"]).Invoke();
            Assert.That(code, Is.Zero, stderr.ToString());
            using var doc = System.Text.Json.JsonDocument.Parse(stdout.ToString());
            Assert.That(doc.RootElement.GetProperty("policy").GetString(), Is.EqualTo(policy));
        }
        finally
        {
            File.Delete(workload);
        }
    }
}
